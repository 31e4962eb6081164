import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

extension Evidence {
    /// `whereabouts evidence bundle`: a court bundle of records' evidence (decision 0025).
    struct Bundle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the evidence of records as a signed, timestamped BagIt bundle (ZIP) a court can verify.",
            discussion: """
                The bundle holds each item's content (decrypted), both BagIt manifests (SHA-256, SHA-512), the \
                custody chains, the records, a manifest signed with this installation's audit signing key, and, \
                with --tsa-url or $WHEREABOUTS_TSA_URL, an RFC 3161 timestamp of that manifest. Its README.txt \
                says how to check it without Whereabouts; `whereabouts evidence verify FILE.zip` checks it all.
                """)
        @OptionGroup var store: StoreOptions
        @Option(parsing: .upToNextOption, help: "The records whose evidence goes in (one or more).")
        var record: [String]
        @Option(name: .shortAndLong, help: "The ZIP file to write (must not exist).") var output: String
        @Option(help: "The RFC 3161 timestamp authority's URL (default: $WHEREABOUTS_TSA_URL; none: no timestamp).")
        var tsaUrl: String?
        @Option(help: "The authority's certificates (PEM) to keep in the bundle (default: those its reply carries).")
        var tsaCert: String?
        @Option(
            help: "What the bundle is for, internal or un: material whose sources' consent does not cover it stays out."
        )
        var purpose: String = "internal"

        func validate() throws {
            guard !record.isEmpty, record.allSatisfy({ RecordID($0) != nil }) else {
                throw ValidationError("--record takes one or more record ids")
            }
            guard purpose == "internal" || purpose == "un" else { throw ValidationError("--purpose is internal or un") }
        }

        func run() async throws {
            let authority = tsaUrl ?? ProcessInfo.processInfo.environment["WHEREABOUTS_TSA_URL"]
            var stamp: ((String) async throws -> TimestampToken)?
            if let authority, !authority.isEmpty {
                guard let url = URL(string: authority), url.scheme == "http" || url.scheme == "https" else {
                    throw ValidationError("--tsa-url must be an http:// or https:// URL")
                }
                let certificates = try tsaCert.map { path in
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw ValidationError("cannot read \(path)")
                    }
                    return data
                }
                stamp = { digest in
                    do {
                        return try await TimestampAuthority(url: url).token(digest: digest, certificates: certificates)
                    } catch { throw CommandFailure("no timestamp from \(authority): \(error)") }
                }
            }
            let records = record.compactMap(RecordID.init)
            let target = URL(fileURLWithPath: output)
            let summary = try await store.withOperations("whereabouts.evidence") { operations in
                try await Evidence.explain(record.joined(separator: " ")) {
                    do {
                        return try await operations.evidence.bundle(
                            records: records, to: target, access: .operatorAccess, actor: StoreOptions.operatorName,
                            purpose: SharingPurpose(rawValue: purpose) ?? .internal,
                            timestampAuthority: stamp == nil ? nil : authority, stamp: stamp, from: .cli)
                    } catch let refusal as EvidenceOperations.BundleRefusal {
                        throw CommandFailure(refusal.description)
                    } catch let failure as ZipWriter.Failure {
                        throw CommandFailure(failure.description)
                    }
                }
            }
            print("\(target.path)\t\(summary.id)\t\(summary.items) item(s)\t\(summary.bytes) bytes")
        }
    }

    /// `whereabouts evidence verify FILE.zip`: a bundle checked offline, without a store.
    enum BundleCheck {
        /// Prints every check's outcome; fails naming each file that does not match.
        static func run(_ path: String, authorityCertificates: String?) throws {
            let trusted = try authorityCertificates.map { path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("cannot read \(path)")
                }
                return data
            }
            let report = BundleVerifier(url: URL(fileURLWithPath: path), authorityCertificates: trusted) {
                reply, digest, certificates in
                try TimestampAuthority.problem(reply: reply, digest: digest, certificates: certificates)
            }.verify()
            for problem in report.problems { print("FAILED\t\(problem.file)\t\(problem.what)") }
            guard report.isIntact else {
                throw CommandFailure("\(path): \(report.problems.count) problem(s); the bundle does not verify")
            }
            print("ok\t\(report.files) files, \(report.items) item(s): both manifests, tag manifests, custody chains")
            print("ok\tsigned by \(report.signer ?? "?") (compare with the key the organisation gave you)")
            print(report.timestamped ? "ok\ttimestamp verified (openssl ts -verify)" : "note\tno trusted timestamp")
            if report.itemTimestamps > 0 {
                print("ok\t\(report.itemTimestamps) item timestamp(s) verified (openssl ts -verify)")
            }
        }
    }
}
