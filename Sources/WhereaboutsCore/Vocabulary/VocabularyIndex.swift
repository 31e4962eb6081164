/// An in-memory view of the vocabularies, for validating codes and expanding broader terms.
public struct VocabularyIndex: Sendable {
    private var terms: [VocabularyScheme: [String: VocabularyTerm]] = [:]

    public init(_ list: [VocabularyTerm] = []) {
        for term in list { terms[term.scheme, default: [:]][term.code] = term }
    }

    public func term(_ scheme: VocabularyScheme, _ code: String) -> VocabularyTerm? { terms[scheme]?[code] }

    public func contains(_ scheme: VocabularyScheme, _ code: String) -> Bool { term(scheme, code) != nil }

    /// The code and every broader term above it, nearest first; stops on a cycle.
    public func lineage(_ scheme: VocabularyScheme, _ code: String) -> [String] {
        var result: [String] = []
        var next: String? = code
        while let current = next, !result.contains(current), let term = term(scheme, current) {
            result.append(current)
            next = term.parentCode
        }
        return result
    }

    public var schemes: [VocabularyScheme] { terms.keys.sorted { $0.rawValue < $1.rawValue } }

    /// Every term of `scheme`, broader terms before narrower ones, each level in its sort order.
    public func terms(in scheme: VocabularyScheme) -> [VocabularyTerm] {
        let all = terms[scheme] ?? [:]
        var children: [String?: [VocabularyTerm]] = [:]
        for term in all.values {
            children[term.parentCode.flatMap { all[$0] == nil ? nil : $0 }, default: []].append(term)
        }
        var result: [VocabularyTerm] = []
        var seen = Set<String>()
        func visit(_ parent: String?) {
            for term in (children[parent] ?? []).sorted(by: { ($0.sortOrder, $0.code) < ($1.sortOrder, $1.code) })
            where seen.insert(term.code).inserted {
                result.append(term)
                visit(term.code)
            }
        }
        visit(nil)
        return result
    }

    /// Checks every vocabulary code a record uses.
    public func check(_ uses: [VocabularyUse], into checker: inout Checker) {
        for use in uses where !contains(use.scheme, use.code) {
            checker.fail(use.path, "'\(use.code.prefix(60))' is not a code in the \(use.scheme) vocabulary")
        }
    }
}
