import Foundation
import Testing

@testable import WhereaboutsEstimation

/// The published capture–recapture tables of the shared fixtures (`../shared/fixtures/mse/`).
enum FixtureTables {
    static func table(_ name: String) throws -> OverlapTable {
        let path = try #require(Bundle.module.path(forResource: "Fixtures/" + name, ofType: "csv"))
        return try OverlapTable(csv: String(contentsOfFile: path, encoding: .utf8))
    }

    static var kosovo: OverlapTable { get throws { try table("kosovo_4lists") } }
    static var rome: OverlapTable { get throws { try table("HIV_rome_4lists") } }
    static var hares: OverlapTable { get throws { try table("hare_6occasions") } }
    static var slavery: OverlapTable { get throws { try table("UK_modern_slavery_6lists") } }
}
