import ArgumentParser
import Foundation
import WhereaboutsSecurity
import WhereaboutsStore

extension Audit {
    /// `whereabouts audit anchor`: an outside witness of the newest checkpoint (decision 0019).
    struct Anchor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Have an RFC 3161 timestamp authority witness the newest checkpoint; print a line for a partner.",
            discussion: """
                Signs a checkpoint of the newest entry, asks the authority at --tsa to timestamp its hash, keeps the \
                token in the database and in an anchor file, and prints one line (installation, entries, checkpoint \
                hash, time) to e-mail to a trusted partner. Keep the file apart from the server: \
                `whereabouts audit verify --anchors FILE --tsa-cert AUTHORITY.pem` checks it later.
                """)
        @OptionGroup var store: StoreOptions
        @Option(help: "The timestamp authority's URL (RFC 3161 over HTTP).") var tsa: String
        @Option(help: "The anchor file to write (default: anchor-<installation>-<checkpoint>.txt here).")
        var out: String?

        func run() async throws {
            guard let url = URL(string: tsa), url.scheme == "http" || url.scheme == "https" else {
                throw ValidationError("--tsa must be an http:// or https:// URL")
            }
            let anchor = try await store.withStore("whereabouts.audit") { records in
                let log = try await store.auditLog(records)
                try await log.checkpoint()
                guard let newest = try await log.newestCheckpoint() else {
                    throw ValidationError("the audit log is empty: there is nothing to anchor yet")
                }
                let stamped: (reply: Data, time: String)
                do { stamped = try await TimestampAuthority(url: url).timestamp(digest: newest.hash) } catch {
                    throw ValidationError("no timestamp from \(tsa): \(error)")
                }
                let anchor = AuditAnchor(
                    installation: newest.installation, checkpoint: newest.number, headSeq: newest.headSeq,
                    hash: newest.hash, time: stamped.time, tsa: tsa, token: stamped.reply)
                try await log.store(anchor)
                try await store.audit(
                    records,
                    AuditEvent(
                        actor: StoreOptions.operatorName, action: .auditAnchored, target: tsa,
                        details: [
                            "checkpoint": String(newest.number), "entries": String(newest.headSeq), "hash": newest.hash,
                        ]))
                return anchor
            }
            let file = URL(fileURLWithPath: out ?? "anchor-\(anchor.installation)-\(anchor.checkpoint).txt")
            try Data(anchor.fileText.utf8).write(to: file, options: .withoutOverwriting)
            print(anchor.line)
            StoreOptions.tell(
                "Wrote \(file.path): keep it apart from the server and e-mail the line above to a trusted partner.")
        }
    }

    /// What is wrong with the log given the anchor files an auditor kept: each witnessed checkpoint must
    /// still be there unchanged, and, with the authority's certificate, each token must be its own.
    static func anchorProblems(files: [String], certificate: String?, log: AuditLog) async throws -> [String] {
        var problems: [String] = []
        for path in files {
            let anchor: AuditAnchor
            do {
                anchor = try AuditAnchor(fileText: try String(contentsOfFile: path, encoding: .utf8))
            } catch {
                problems.append("the anchor file \(path) cannot be read: \(error)")
                continue
            }
            problems += try await log.problems(with: anchor)
            guard let certificate else { continue }
            if let reason = try TimestampAuthority.problem(
                reply: anchor.token, digest: anchor.hash, certificate: certificate)
            {
                problems.append(
                    "the timestamp of checkpoint \(anchor.checkpoint) in \(path) does not verify against the authority's "
                        + "certificate (\(reason)): the anchor was forged or altered")
            }
        }
        return problems
    }
}
