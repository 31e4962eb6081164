import Foundation
import WhereaboutsCore

/// JSON Lines of records, as `export jsonl` writes them: one object per line with `kind`, `data`
/// and, optionally, the `id` to keep (other metadata is ignored; the importer is the new author).
/// Records must come after the records they refer to, which is the order `export jsonl` uses.
public enum RecordLines {
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

    private struct Line: Decodable {
        let id: RecordID?
        let kind: RecordKind
    }

    /// Reads every line and checks each record on its own and against the vocabularies; references
    /// are checked when the records are written. Throws every issue found (at most `maxIssues`).
    public static func read(
        _ data: Data, vocabulary: VocabularyIndex, maxIssues: Int = 200
    ) throws(IssueList) -> [(id: RecordID, body: any RecordBody)] {
        var records: [(id: RecordID, body: any RecordBody)] = []
        var issues: [Issue] = []
        var seen = Set<RecordID>()
        let decoder = JSONDecoder()
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                let header = try decoder.decode(Line.self, from: line)
                let body = try decodeData(header.kind.bodyType, from: Data(line), decoder: decoder)
                var checker = Checker()
                body.check(into: &checker)
                vocabulary.check(body.vocabularyUses, into: &checker)
                issues += checker.issues.map { Issue(line: number, path: "/data" + $0.path, message: $0.message) }
                let id = header.id ?? RecordID()
                if !seen.insert(id).inserted {
                    issues.append(Issue(line: number, path: "/id", message: "appears on an earlier line too"))
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
        return records
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
