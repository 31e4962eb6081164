import Foundation

/// The folder that holds one installation's secret keys, apart from its data (decision 0019): the
/// key-encryption key (`kek.key`, and `kek.key.next` during a rotation) and this machine's audit
/// signing key (`audit-node.key`). It is `<root>/<installation>/`, so one key root can serve several
/// installations and a data folder copied alone, or restored elsewhere, finds no key beside it.
public struct KeyDirectory: Sendable, Equatable {
    /// `<root>/<installation>/`.
    public let folder: URL

    /// The key folder of `installation` under `root`; the name must be a plain name (letters, digits,
    /// `-`), since it comes from the database.
    public init(root: URL, installation: String) throws {
        guard (1...64).contains(installation.count),
            installation.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { throw KeyError.malformed("the installation name '\(installation.prefix(64))' is not a plain name") }
        folder = root.appendingPathComponent(installation, isDirectory: true)
    }

    public var kekFile: URL { folder.appendingPathComponent("kek.key") }
    /// Where a rotation puts the new key until the database has been re-wrapped under it.
    public var pendingKekFile: URL { folder.appendingPathComponent("kek.key.next") }
    /// This machine's audit signing key (``AuditNodeKey``).
    public var nodeKeyFile: URL { folder.appendingPathComponent("audit-node.key") }

    /// The creation date of the newest backup of this installation made or restored here: kept with
    /// the keys, where whoever holds the data cannot move it back, so `restore` can refuse an older one.
    public var newestBackupFile: URL { folder.appendingPathComponent("newest-backup") }

    /// The date in ``newestBackupFile``, if any.
    public func newestBackup() -> String? {
        (try? String(contentsOf: newestBackupFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Records a backup made or restored at `created` (ISO 8601 UTC), unless a newer one is known.
    public func noteBackup(created: String) throws {
        if let newest = newestBackup(), newest >= created { return }
        try create()
        try KeyFile.writePrivately(Data((created + "\n").utf8), to: newestBackupFile)
    }

    /// Creates the folder (and the root) readable by this account only.
    public func create() throws {
        let manager = FileManager.default
        try manager.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
    }

    /// The key files an earlier release kept in the data folder, and what each is called here.
    static let legacyNames = [
        ("kek.key", "kek.key"), ("kek.key.next", "kek.key.next"), ("audit-signing.key", "audit-node.key"),
    ]

    /// Moves key files an earlier release kept in `dataFolder` into this folder and returns the names
    /// moved. A file already here with the same content replaces nothing (the copy in the data folder
    /// is removed); a different one stops with a message, so no key is ever overwritten.
    public func adoptLegacyKeys(from dataFolder: URL) throws -> [String] {
        let manager = FileManager.default
        var moved: [String] = []
        for (old, new) in Self.legacyNames {
            let source = dataFolder.appendingPathComponent(old)
            guard manager.fileExists(atPath: source.path) else { continue }
            try create()
            let target = folder.appendingPathComponent(new)
            if manager.fileExists(atPath: target.path) {
                guard manager.contentsEqual(atPath: source.path, andPath: target.path) else {
                    throw KeyError.malformed(
                        "\(source.path) and \(target.path) both exist and differ: keep the one that opens the data "
                            + "in \(folder.path) and remove the other")
                }
                try manager.removeItem(at: source)
            } else {
                try manager.moveItem(at: source, to: target)
                try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target.path)
            }
            moved.append(old)
        }
        return moved
    }
}
