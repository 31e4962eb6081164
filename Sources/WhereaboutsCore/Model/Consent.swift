/// What the person who gave a source agreed it may be used for, and whether they withdrew that.
public struct Consent: Codable, Hashable, Sendable {
    /// The uses consent can cover.
    public enum Scope: String, Codable, Sendable, CaseIterable {
        /// Kept and used inside the documenting organisation.
        case internalDocumentation = "internal-documentation"
        /// Shared with UN mechanisms (special procedures, treaty bodies, OHCHR).
        case shareWithUN = "share-with-un"
        /// Published without names or other identifying details.
        case publishWithoutNames = "publish-without-names"
        /// Published with names.
        case publishWithNames = "publish-with-names"
        /// The family may be contacted about it.
        case contactFamily = "contact-family"
    }

    @DefaultEmpty public var scopes: [Scope]
    /// When consent was given.
    public var givenOn: FuzzyDate?
    /// When consent was withdrawn: from then on it covers nothing.
    public var withdrawnOn: FuzzyDate?
    public var note: String?

    public init(scopes: [Scope], givenOn: FuzzyDate? = nil, withdrawnOn: FuzzyDate? = nil, note: String? = nil) {
        self.scopes = scopes
        self.givenOn = givenOn
        self.withdrawnOn = withdrawnOn
        self.note = note
    }

    /// Whether the consent, as it stands, covers `scope`.
    public func allows(_ scope: Scope) -> Bool { withdrawnOn == nil && scopes.contains(scope) }

    func check(at path: String, into checker: inout Checker) {
        checker.count(scopes, at: path + "/scopes", max: Scope.allCases.count)
        if Set(scopes).count != scopes.count { checker.fail(path + "/scopes", "lists a scope twice") }
        if let givenOn, let withdrawnOn, withdrawnOn.to < givenOn.from {
            checker.fail(path + "/withdrawnOn", "is before consent was given")
        }
        checker.text(note, at: path + "/note", maxLength: 10_000)
    }
}

extension Source {
    /// Whether this source's material may be used for `scope`. Without a recorded consent, testimony
    /// (and sources of type `other`) may be used for internal documentation only; published material
    /// (documents, UN paragraphs, media reports, government lists) for anything.
    public func allows(_ scope: Consent.Scope) -> Bool {
        if let consent { return consent.allows(scope) }
        switch type {
        case .testimony, .other: return scope == .internalDocumentation
        case .document, .unDocumentParagraph, .mediaReport, .governmentList: return true
        }
    }
}
