import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

/// `whereabouts evidence …`: files attached to records, with their hashes and chain of custody
/// (issue 15, decision 0022).
struct Evidence: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Attach files to records as evidence, read them back, and verify them.",
        subcommands: [Add.self, List.self, Show.self, Get.self, Verify.self, Bundle.self, TimestampItems.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a file in as evidence on a record; prints the item's id and SHA-256.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The file.") var file: String
        @Option(help: "The record (a source, event, act or person) the file is evidence for.") var record: String
        @Option(help: "A note for the custody log (how the file was obtained).") var note: String = ""
        @Option(help: "The media type as stated by whoever gave the file (kept as stated, never trusted).")
        var statedType: String?
        @Option(help: "Capture metadata as stated, KEY=VALUE (repeat).") var capture: [String] = []
        @Option(help: "Make the file a derived copy of this item (with --transformation).") var derivedFrom: String?
        @Option(help: "What was done to the parent to make this copy (redacted, transcribed, re-encoded…).")
        var transformation: String?
        @Option(
            help:
                "The RFC 3161 timestamp authority to timestamp the item by (default: $WHEREABOUTS_TSA_URL; none: no timestamp)."
        )
        var tsaUrl: String?

        func run() async throws {
            guard let recordID = RecordID(record) else { throw ValidationError("--record is not a record id") }
            if (derivedFrom == nil) != (transformation == nil) {
                throw ValidationError("--derived-from and --transformation go together")
            }
            let url = URL(fileURLWithPath: file)
            guard let handle = try? FileHandle(forReadingFrom: url) else { throw CommandFailure("cannot read \(file)") }
            defer { try? handle.close() }
            let stated = StatedFile(name: url.lastPathComponent, type: statedType, capture: try Self.pairs(capture))
            let next: EvidenceOperations.NextBytes = {
                guard let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else { return nil }
                return Array(data)
            }
            let authority = try TimestampAuthority.configured(tsaUrl)
            try await store.withOperations("whereabouts.evidence") { operations in
                let writer = Writer.operatorWriter(actor: StoreOptions.operatorName)
                let evidence = operations.evidence.timestamping(with: authority?.service())
                let item = try await Evidence.explain(recordID.description) {
                    if let derivedFrom, let transformation {
                        return try await evidence.derive(
                            from: derivedFrom, next, stated: stated, transformation: transformation, note: note,
                            by: writer, from: .cli)
                    }
                    return try await evidence.add(
                        next, stated: stated, to: recordID, note: note, by: writer, from: .cli)
                }
                print("\(item.id)\t\(item.sha256)")
                if let authority, try await evidence.timestampOf(item.id, access: .operatorAccess) == nil {
                    FileHandle.standardError.write(
                        Data(
                            ("warning: \(authority.url) gave no timestamp; the item is kept untimestamped "
                                + "(whereabouts evidence timestamp \(item.id))\n").utf8))
                }
            }
        }

        static func pairs(_ values: [String]) throws -> [String: String] {
            var pairs: [String: String] = [:]
            for value in values {
                guard let equals = value.firstIndex(of: "=") else { throw ValidationError("--capture takes KEY=VALUE") }
                pairs[String(value[..<equals])] = String(value[value.index(after: equals)...])
            }
            return pairs
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a record's evidence items.")
        @OptionGroup var store: StoreOptions
        @Option(help: "The record.") var record: String

        func run() async throws {
            guard let recordID = RecordID(record) else { throw ValidationError("--record is not a record id") }
            try await store.withOperations("whereabouts.evidence") { operations in
                let items = try await Evidence.explain(record) {
                    try await operations.evidence.list(on: recordID, access: .operatorAccess)
                }
                for item in items {
                    print([item.id, item.sha256, String(item.size), item.mediaType, item.name].joined(separator: "\t"))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an item's description and chain of custody.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The item's id.") var item: String

        func run() async throws {
            try await store.withOperations("whereabouts.evidence") { operations in
                let shown = try await Evidence.explain(item) {
                    try await operations.evidence.show(item, access: .operatorAccess)
                }
                let found = shown.item
                let description = found.description
                var lines = [
                    "id: \(found.id)", "record: \(found.recordID)", "name: \(description.stated.name)",
                    "stated type: \(description.stated.type ?? "")", "media type: \(found.mediaType)",
                    "size: \(found.size)", "sha256: \(found.sha256)", "sha512: \(description.intake.sha512)",
                    "taken in: \(found.createdAt) by \(found.createdBy)",
                ]
                if let parent = found.parentID {
                    lines.append("derived from: \(parent) (\(description.transformation ?? ""))")
                }
                for (key, value) in description.stated.capture.sorted(by: { $0.key < $1.key }) {
                    lines.append("capture \(key): \(value)")
                }
                if let stamp = try await operations.evidence.timestampOf(item, access: .operatorAccess) {
                    lines.append("timestamp: \(stamp.time) by \(stamp.authority)")
                } else {
                    lines.append("timestamp: none (whereabouts evidence timestamp \(found.id))")
                }
                lines.append("custody:")
                for record in shown.custody {
                    let entry = record.entry
                    lines.append(
                        "  \(entry.index)\t\(entry.at)\t\(entry.event.rawValue)\t\(entry.actor)\t\(record.fromHash.prefix(12))→\(record.toHash.prefix(12))\t\(record.note)"
                    )
                }
                print(lines.joined(separator: "\n"))
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an item's content to a file (decrypted, checked frame by frame; logged in its custody).")
        @OptionGroup var store: StoreOptions
        @Argument(help: "The item's id.") var item: String
        @Option(help: "The file to write (must not exist).") var out: String

        func run() async throws {
            let target = URL(fileURLWithPath: out)
            guard !FileManager.default.fileExists(atPath: target.path) else {
                throw CommandFailure("\(out) exists; choose a new file")
            }
            let partial = target.appendingPathExtension("partial")
            try await store.withOperations("whereabouts.evidence") { operations in
                let (_, reader) = try await Evidence.explain(item) {
                    try await operations.evidence.open(
                        item, access: .operatorAccess, actor: StoreOptions.operatorName, from: .cli)
                }
                guard FileManager.default.createFile(atPath: partial.path, contents: nil),
                    let handle = try? FileHandle(forWritingTo: partial)
                else { throw CommandFailure("cannot write \(partial.path)") }
                do {
                    try await reader.read { bytes in try handle.write(contentsOf: bytes) }
                    try handle.close()
                    try FileManager.default.moveItem(at: partial, to: target)
                } catch {
                    try? handle.close()
                    try? FileManager.default.removeItem(at: partial)
                    throw CommandFailure("\(error); nothing was written to \(out)")
                }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check stored items (all, or one), or a bundle: every byte, the hashes, the chain of custody.",
            discussion: """
                With an existing file (a bundle `evidence bundle` wrote), checks it offline without opening the \
                store: both manifests, tag manifests, the signature, the timestamp and the custody chains. Otherwise \
                the argument is an item's id (item ids never name a file: they are `ev` and hex digits). Exits \
                non-zero when anything fails, naming the item or the bundle's file and what failed.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "An item's id (default: every item), or a bundle's ZIP file.") var item: String?
        @Option(help: "For a bundle: the timestamp authority's certificates (PEM) you trust, instead of those inside.")
        var tsaCert: String?

        func run() async throws {
            if let item, FileManager.default.fileExists(atPath: item) {
                return try BundleCheck.run(item, authorityCertificates: tsaCert)
            }
            let failed = try await store.withOperations("whereabouts.evidence") { operations in
                let checks = try await Evidence.explain(item ?? "") {
                    try await operations.evidence.verify(
                        item, checkTimestamp: TimestampAuthority.problem(reply:digest:certificates:))
                }
                for check in checks {
                    if check.isIntact {
                        print("\(check.item)\tok\t\(check.sha256)")
                    } else {
                        for problem in check.problems { print("\(check.item)\tFAILED\t\(problem)") }
                    }
                }
                return checks.filter { !$0.isIntact }.count
            }
            if failed > 0 { throw CommandFailure("\(failed) evidence item(s) failed verification") }
        }
    }

    /// Runs `body`, turning "not found" and evidence failures into plain messages.
    static func explain<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StoreError.notFound {
            throw CommandFailure("no record \(what) that can carry evidence")
        } catch StoreError.noSuchEvidence {
            throw CommandFailure("no evidence item \(what)")
        } catch let error as EvidenceError {
            throw CommandFailure(error.description)
        }
    }
}
