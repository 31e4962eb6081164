import WhereaboutsCore

extension SQLRecordStore {
    /// The pseudonym readers without identity access see for the person with `id` in this
    /// installation (keyed by its pseudonym key: another installation gives another one).
    public func pseudonym(of id: RecordID) throws -> String {
        try opener.pseudonyms().of(recordID: id.description)
    }
}
