extension SQLRecordStore {
    /// The name this installation reports cyber indicators under (STIX identity, MISP creator
    /// organisation): a pseudonym keyed by the installation's pseudonym key, the same in every export
    /// of this installation, different in every other, never its name (issue 20, decision 0033).
    public func reportingPseudonym() throws -> String {
        try opener.pseudonyms().of(recordID: "cyber-reporting-organisation")
    }
}
