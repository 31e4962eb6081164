extension BackupArchive.Header {
    /// What this (clear) header says that `sealed` (the encrypted one) does not, field by field.
    func differences(from sealed: Self) -> [String] {
        let fields: [(String, String?, String?)] = [
            ("creation date", created, sealed.created), ("engine", engine, sealed.engine),
            ("installation", installation, sealed.installation),
            ("key fingerprint", kekFingerprint, sealed.kekFingerprint), ("salt", salt, sealed.salt),
        ]
        return fields.compactMap { name, clear, encrypted in
            clear == encrypted
                ? nil : "its \(name) says \(clear ?? "nothing") but the backup was made with \(encrypted ?? "none")"
        }
    }
}
