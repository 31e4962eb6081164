/// One term of a controlled vocabulary, with labels in the languages Whereabouts speaks.
public struct VocabularyTerm: Codable, Hashable, Sendable {
    public var scheme: VocabularyScheme
    public var code: String
    /// The broader term's code in the same scheme; hierarchies may be of any depth.
    public var parentCode: String?
    /// Labels by BCP 47 language (`en`, `ko`, `ja`, and `fr`, `es` where HURIDOCS gives them).
    public var labels: [String: String]
    /// The HURIDOCS micro-thesaurus code this term is, or maps to.
    public var huridocsCode: String?
    public var sortOrder: Int

    public init(
        scheme: VocabularyScheme, code: String, parentCode: String? = nil, labels: [String: String],
        huridocsCode: String? = nil, sortOrder: Int = 0
    ) {
        self.scheme = scheme
        self.code = code
        self.parentCode = parentCode
        self.labels = labels
        self.huridocsCode = huridocsCode
        self.sortOrder = sortOrder
    }

    /// The label in `language`, falling back to English.
    public func label(_ language: String) -> String {
        labels[language] ?? labels["en"] ?? code
    }
}
