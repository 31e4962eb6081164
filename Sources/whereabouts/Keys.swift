import ArgumentParser
import Foundation
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

/// `whereabouts keys …`: the key hierarchy that seals identities (decision 0008).
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the keys that seal identities: status, rotate, reencrypt, split, recover.",
        subcommands: [Status.self, Rotate.self, Reencrypt.self, Split.self, Recover.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Where the key-encryption key comes from, and the data keys.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withStore("whereabouts.keys") { records in
                let source = try await store.keySource(of: records)
                print("key-encryption key: \(source.kind) (fingerprint \(source.key.fingerprint))")
                for key in try await records.dataKeys() {
                    print(
                        [key.id, key.purpose, key.current ? "current" : "older", key.createdAt].joined(separator: "\t"))
                }
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the key-encryption key and re-wrap every data key under the new one.",
            discussion: """
                With the key file, a new key is written to kek.key.next first, the data keys are re-wrapped in \
                one transaction, then kek.key is replaced; a stop at any point is finished by the next command. \
                With WHEREABOUTS_KEK or WHEREABOUTS_KEK_PASSPHRASE, give the new key in WHEREABOUTS_NEW_KEK or \
                WHEREABOUTS_NEW_KEK_PASSPHRASE. Shares made by `keys split` before a rotation no longer open the store.
                """)
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.withStore("whereabouts.keys") { records in
                let keys = try await store.keys(of: records)
                try await rotate(records, keys: keys, source: try store.keySource(keys))
            }
        }

        private func rotate(_ records: SQLRecordStore, keys: KeyDirectory, source: StoreOptions.KeySource) async throws
        {
            let environment = store.environment
            let fromFile = source.kind == keys.kekFile.path
            let newKey: KeyEncryptionKey
            if fromFile {
                newKey = .generate()
            } else if let base64 = environment["WHEREABOUTS_NEW_KEK"], !base64.isEmpty {
                newKey = try KeyEncryptionKey(base64: base64)
            } else if let passphrase = environment["WHEREABOUTS_NEW_KEK_PASSPHRASE"], !passphrase.isEmpty {
                let salt = try KeyFile.salt(store.resolvedDataDirectory.appendingPathComponent("kek.salt"))
                newKey = try KeyEncryptionKey.derive(passphrase: passphrase, salt: salt)
            } else {
                throw ValidationError(
                    "the key comes from \(source.kind): give the new one in WHEREABOUTS_NEW_KEK or WHEREABOUTS_NEW_KEK_PASSPHRASE"
                )
            }
            if fromFile { try KeyFile.write(newKey, to: keys.pendingKekFile) }
            let count = try await records.rewrapKeys(under: newKey)
            if fromFile {
                try KeyFile.write(newKey, to: keys.kekFile)
                try? FileManager.default.removeItem(at: keys.pendingKekFile)
            }
            try await store.audit(
                records,
                AuditEvent(
                    actor: StoreOptions.operatorName, action: .keysRotated,
                    details: ["keys": String(count), "fingerprint": newKey.fingerprint]))
            print("Re-wrapped \(count) data keys under the new key-encryption key (fingerprint \(newKey.fingerprint)).")
            if !fromFile { print("From now on, start Whereabouts with the new key in place of the old one.") }
            print("Shares of the old key no longer open this store: run `whereabouts keys split` again.")
        }
    }

    struct Reencrypt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give compartments new data keys and move every sealed value onto them.",
            discussion: "Works in batches, each committed: if it stops, run it again with --resume to finish.")
        @OptionGroup var store: StoreOptions
        @Option(name: .customLong("compartment"), help: "Only this compartment (repeatable; default: all).")
        var compartments: [String] = []
        @Flag(help: "Finish an interrupted run without making new keys.") var resume = false
        @Flag(help: "No progress output.") var quiet = false

        func run() async throws {
            try await store.withStore("whereabouts.keys") { records in
                let total = try await records.sealableCount()
                let progress = ProgressLine("Sealing under the newest keys", total: total, quiet: quiet)
                let result = try await records.reencrypt(
                    compartments: compartments.isEmpty ? nil : Set(compartments), resume: resume
                ) { looked, _ in progress.update(looked) }
                progress.finish(total)
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .keysReencrypted,
                        details: ["newKeys": result.newKeys.joined(separator: ","), "moved": String(result.moved)]))
                if !result.newKeys.isEmpty { print("New data keys: " + result.newKeys.joined(separator: ", ")) }
                print("Moved \(result.moved) sealed values onto the newest keys.")
                // Evidence follows, item by item, each checked before its old frames go (decision 0029).
                let audit = try await store.auditLog(records)
                let evidence = try await EvidenceOperations(store: records, audit: audit).reencrypt(
                    actor: StoreOptions.operatorName, from: .cli)
                try await audit.checkpoint()
                print("Sealed \(evidence.moved.count) evidence item(s) again under the newest keys.")
                for (item, reason) in evidence.failed { print("\(item)\tFAILED\t\(reason)") }
                if !evidence.failed.isEmpty {
                    throw CommandFailure(
                        "\(evidence.failed.count) evidence item(s) were left under their old keys; "
                            + "check them with `whereabouts evidence verify`")
                }
            }
        }
    }

    struct Split: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Split the key-encryption key into shares (Shamir over GF(256)): any threshold of them recovers it.")
        @OptionGroup var store: StoreOptions
        @Option(help: "How many shares.") var shares = 3
        @Option(help: "How many shares recover the key.") var threshold = 2
        @Option(help: "Write share-N.txt files (mode 0600) here instead of printing the shares.")
        var outDir: String?

        func validate() throws {
            guard (2...255).contains(threshold), (threshold...255).contains(shares) else {
                throw ValidationError("need 2 ≤ --threshold ≤ --shares ≤ 255")
            }
        }

        func run() async throws {
            let source = try await store.withStore("whereabouts.keys") { records in
                let source = try await store.keySource(of: records)
                let parts = try SecretSharing.split(source.key.bytes, shares: shares, threshold: threshold)
                if let outDir {
                    let folder = URL(fileURLWithPath: outDir, isDirectory: true)
                    try FileManager.default.createDirectory(
                        at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                    for share in parts {
                        let file = folder.appendingPathComponent("share-\(share.x).txt")
                        guard
                            FileManager.default.createFile(
                                atPath: file.path, contents: Data((share.text + "\n").utf8),
                                attributes: [.posixPermissions: 0o600])
                        else { throw ValidationError("cannot write \(file.path)") }
                    }
                    print("Wrote \(shares) shares to \(folder.path); any \(threshold) recover the key.")
                } else {
                    for share in parts { print(share.text) }
                }
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .keysSplit,
                        details: [
                            "shares": String(shares), "threshold": String(threshold),
                            "fingerprint": source.key.fingerprint,
                        ]))
                return source
            }
            FileHandle.standardError.write(
                Data("Give each share to a different trustee; key fingerprint \(source.key.fingerprint).\n".utf8))
        }
    }

    struct Recover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the key-encryption key from shares and write it to the key file.",
            discussion: "Each argument is a share or a file holding one. The key is written only if it opens the store."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "Shares, or files each holding one.") var shares: [String]

        func run() async throws {
            let key = try KeyShares.combine(shares)
            let file = try await store.withStore("whereabouts.keys", key: key) { records in
                let keys = try await store.keys(of: records)
                try keys.create()
                try KeyFile.write(key, to: keys.kekFile)
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .keysRecovered,
                        details: ["shares": String(shares.count), "fingerprint": key.fingerprint]))
                return keys.kekFile
            }
            print("Recovered the key-encryption key (fingerprint \(key.fingerprint)) and wrote \(file.path).")
        }
    }
}

/// Key shares given on the command line, each as its text or as a file holding it.
enum KeyShares {
    /// The key-encryption key the shares rebuild; a clear message for a malformed, mistyped or
    /// missing share.
    static func combine(_ arguments: [String]) throws -> KeyEncryptionKey {
        do {
            let shares = try arguments.map { argument in
                try SecretSharing.Share(
                    text: FileManager.default.fileExists(atPath: argument)
                        ? try String(contentsOfFile: argument, encoding: .utf8) : argument)
            }
            return try KeyEncryptionKey(bytes: try SecretSharing.combine(shares))
        } catch let error as KeyError {
            throw ValidationError(error.description)
        }
    }
}
