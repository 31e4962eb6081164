import Foundation
import WhereaboutsCore

/// JSON Lines of records, as `export jsonl` writes them: one object per line with `kind`, `data`
/// and, optionally, the `id` to keep and `homeCompartments`, the compartments the record was placed in
/// directly (everything else about placement follows from the references, decision 0016). Other
/// metadata is ignored; the importer is the new author. Records must come after the records they refer
/// to, which is the order `export jsonl` uses.
public enum RecordLines {
    /// What a file holds: the records in order, and the home compartments of those that name them.
    public struct Parsed: Sendable {
        public var records: SQLRecordStore.NewRecords
        public var homes: [RecordID: Set<String>]

        /// Every compartment the file names.
        public var compartments: Set<String> { Set(homes.values.flatMap { $0 }) }

        /// The same records with compartments renamed by `mapping` (others kept).
        public func mapping(_ mapping: [String: String]) -> Parsed {
            var copy = self
            copy.homes = homes.mapValues { Set($0.map { mapping[$0] ?? $0 }) }
            return copy
        }
    }

    /// One line as `export jsonl` writes it.
    public struct Line: Encodable {
        public let record: StoredRecord
        /// `nil` leaves placement out (exports that must not name the organisation's desks).
        public let homeCompartments: [String]?

        public init(_ record: StoredRecord, homeCompartments: Set<String>?) {
            self.record = record
            self.homeCompartments = homeCompartments?.sorted()
        }

        private enum CodingKeys: String, CodingKey { case homeCompartments }

        public func encode(to encoder: any Encoder) throws {
            try record.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(homeCompartments, forKey: .homeCompartments)
        }
    }

    /// One problem in the file; `line` counts from 1.
    public struct Issue: Error, Equatable, Sendable, CustomStringConvertible {
        public let line: Int
        public let path: String?
        public let message: String

        public var description: String { "line \(line)" + (path.map { ", \($0)" } ?? "") + ": " + message }
    }

    public struct IssueList: Error, Sendable, CustomStringConvertible {
        public let issues: [Issue]
        public var description: String { issues.map(\.description).joined(separator: "\n") }
    }

    private struct Header: Decodable {
        let id: RecordID?
        let kind: RecordKind
        let homeCompartments: [String]?
    }

    /// Reads every line and checks each record on its own and against the vocabularies; references
    /// are checked when the records are written. Throws every issue found (at most `maxIssues`).
    public static func read(
        _ data: Data, vocabulary: VocabularyIndex, maxIssues: Int = 200
    ) throws(IssueList) -> Parsed {
        var records: [(id: RecordID, body: any RecordBody)] = []
        var homes: [RecordID: Set<String>] = [:]
        var issues: [Issue] = []
        var seen = Set<RecordID>()
        let decoder = JSONDecoder()
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                let header: Header
                do { header = try decoder.decode(Header.self, from: line) } catch {
                    // An evidence item's description, as an internal export writes it: its file is not
                    // in the export, so there is nothing to import (bundles carry files).
                    if (try? decoder.decode(EvidenceLine.self, from: line)) != nil { continue }
                    throw error
                }
                let body = try decodeData(header.kind.bodyType, from: Data(line), decoder: decoder)
                var checker = Checker()
                body.check(into: &checker)
                vocabulary.check(body.vocabularyUses, into: &checker)
                issues += checker.issues.map { Issue(line: number, path: "/data" + $0.path, message: $0.message) }
                let id = header.id ?? RecordID()
                if !seen.insert(id).inserted {
                    issues.append(Issue(line: number, path: "/id", message: "appears on an earlier line too"))
                }
                if let named = header.homeCompartments {
                    let wrong = CompartmentID.issues(named, at: "/homeCompartments")
                    issues += wrong.map { Issue(line: number, path: $0.path, message: $0.message) }
                    if wrong.isEmpty, !named.isEmpty { homes[id] = Set(named) }
                }
                records.append((id, body))
            } catch let error as DecodingError {
                let issue = error.fieldIssue
                issues.append(Issue(line: number, path: issue?.path, message: issue?.message ?? "is not valid JSON"))
            } catch {
                issues.append(Issue(line: number, path: nil, message: "is not a record (\(error))"))
            }
            if issues.count >= maxIssues { break }
        }
        guard issues.isEmpty else { throw IssueList(issues: Array(issues.prefix(maxIssues))) }
        return Parsed(records: records, homes: homes)
    }

    private struct Envelope<Body: RecordBody>: Decodable {
        let data: Body
    }

    private static func decodeData<T: RecordBody>(_ type: T.Type, from data: Data, decoder: JSONDecoder) throws
        -> any RecordBody
    {
        try decoder.decode(Envelope<T>.self, from: data).data
    }
}
