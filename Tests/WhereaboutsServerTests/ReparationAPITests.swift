import Foundation
import HTTPTypes
import Testing
import WhereaboutsCore
import WhereaboutsSecurity
import WhereaboutsServer
import WhereaboutsStore

/// Reparations through the API (issue 19, decision 0032): a family's claims, the rules applied, the
/// decisions and measures recorded, the report; and the other desk, which meets none of it.
@Suite("reparations API")
struct ReparationAPITests {
    struct Filed {
        var victim = ""
        var claims: [String] = []
        var rules = ""
        var decision = ""
        var measure = ""
    }

    static let rules = #"""
        {"name": "Consolation (fictional)", "rules": [
          {"code": "abducted-not-returned", "benefit": "consolation", "conditions": [
            {"test": "violation", "values": ["abduction"]}, {"test": "act-on-or-after", "date": "1953-07-28"},
            {"test": "not-returned-for-years", "years": 3}]},
          {"code": "returnee", "benefit": "settlement-support", "conditions": [{"test": "returned"}]}]}
        """#

    /// A victim abducted in 1977 and `relatives` of theirs each claiming in 2024, as the Japan desk's
    /// documenter; each claim decided and given a compensation measure, granted and delivered.
    static func file(_ doc: APIClient, relatives: Int) async throws -> Filed {
        var filed = Filed()
        func post(_ path: String, _ body: String) async throws -> String {
            let response = try await doc.json(.post, path, body)
            #expect(response.status == .created, "\(path): \(String(describing: response.body))")
            return response.body?["id"]?.string ?? ""
        }
        filed.victim = try await post(
            "/api/v1/persons",
            #"{"names": [{"full": "김철수"}], "roles": ["victim"], "fate": [{"status": "missing", "date": "1977-11"}]}"#)
        let event = try await post("/api/v1/events", #"{"title": "Taken from a fishing boat", "date": "1977-11-15"}"#)
        let act = try await post(
            "/api/v1/acts",
            #"{"eventID": "\#(event)", "victimID": "\#(filed.victim)", "type": "abduction", "date": "1977-11-15"}"#)
        filed.rules = try await post("/api/v1/eligibility-rules", rules)
        for index in 0..<relatives {
            let relative = try await post(
                "/api/v1/persons", #"{"names": [{"full": "김영희 \#(index)"}], "roles": ["family-member"]}"#)
            let claim = try await post(
                "/api/v1/claims",
                #"{"claimantID": "\#(relative)", "directVictimID": "\#(filed.victim)", "relationship": "child", "filedOn": "2024-03-02", "harms": [{"type": "disappearance", "actIDs": ["\#(act)"]}], "consent": {"consent": {"scopes": ["internal-documentation"]}, "sharedWith": ["the committee"]}}"#
            )
            filed.claims.append(claim)
            let decision = try await doc.json(
                .post, "/api/v1/claims/\(claim)/decision", #"{"rulesID": "\#(filed.rules)", "decidedOn": "2024-06-01"}"#
            )
            #expect(decision.status == .created, "\(String(describing: decision.body))")
            filed.decision = decision.body?["id"]?.string ?? ""
            filed.measure = try await post(
                "/api/v1/reparation-measures",
                #"{"claimID": "\#(claim)", "decisionID": "\#(filed.decision)", "form": "compensation", "providerType": "state", "provider": "A ministry (fictional)", "acknowledgedResponsibility": false, "amount": 20000000, "unit": "KRW", "history": [{"status": "granted", "date": "2024-09-01"}, {"status": "delivered", "date": "2024-12-01"}]}"#
            )
        }
        return filed
    }

    static func withDesks(
        _ body: @escaping @Sendable (APIClient, AccountStore, Filed) async throws -> Void
    ) async throws {
        try await withServer { admin, _, accounts in
            _ = try await accounts.createCompartment(id: "japan", name: "Japan")
            _ = try await accounts.createCompartment(id: "russia", name: "Russia")
            let doc = admin.with(
                token: try await accounts.token(for: "doc", role: .documenter, compartments: ["japan"]))
            try await body(admin, accounts, try await file(doc, relatives: 6))
        }
    }

    @Test("the rules are applied with reasons, the decision and measure recorded, and the report counts them")
    func flow() async throws {
        try await Self.withDesks { admin, accounts, filed in
            let doc = admin.with(
                token: try await accounts.token(for: "doc2", role: .documenter, compartments: ["japan"]))
            let analyst = admin.with(
                token: try await accounts.token(for: "analyst", role: .analyst, compartments: ["japan"]))
            let evaluation = try await analyst.json(
                .get, "/api/v1/claims/\(filed.claims[0])/evaluation?rules=\(filed.rules)&on=2024-06-01")
            #expect(evaluation.status == .ok)
            #expect(evaluation.body?["rulesVersion"]?.int == 1)
            #expect(evaluation.body?["evaluation"]?["outcome"]?.string == "eligible")
            #expect(evaluation.body?["evaluation"]?["benefits"]?.items.first?.string == "consolation")
            let reasons = evaluation.body?["evaluation"]?["reasons"]?.items.compactMap(\.string) ?? []
            #expect(reasons.contains { $0.contains("not returned; 46 full years from 1977-11-15 to 2024-06-01") })
            let decision = try await analyst.json(.get, "/api/v1/reparation-decisions/\(filed.decision)")
            #expect(decision.body?["data"]?["rulesVersion"]?.int == 1)
            #expect(decision.body?["data"]?["outcome"]?.string == "eligible")

            // A decision's outcome is not rewritten; a measure's history is only appended to.
            let rewrite = try await doc.json(
                .put, "/api/v1/reparation-decisions/\(filed.decision)",
                #"{"claimID": "\#(filed.claims.last!)", "rulesID": "\#(filed.rules)", "rulesVersion": 1, "outcome": "not-eligible", "decidedOn": "2024-06-01"}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(rewrite.status == .unprocessableContent)
            let measure = try await doc.json(
                .put, "/api/v1/reparation-measures/\(filed.measure)",
                #"{"claimID": "\#(filed.claims.last!)", "form": "compensation", "providerType": "state", "provider": "A ministry (fictional)", "acknowledgedResponsibility": false, "history": [{"status": "refused"}]}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(measure.status == .unprocessableContent)

            // Six claims by relatives, all recognised, granted and delivered: shown.
            let report = try await analyst.json(.get, "/api/v1/reparations/report?by=year")
            #expect(report.status == .ok)
            let rows = report.body?["rows"]?.items ?? []
            #expect(rows.map { $0["label"]?.string } == ["2024", "total"])
            #expect(rows.first?["applications"]?.int == 6 && rows.first?["indirect-victims"]?.int == 6)
            #expect(rows.first?["direct-victims"]?.int == 0 && rows.first?["delivered"]?.int == 6)

            // One more claim, filed in 2023: both years are hidden, and the totals cannot tell them.
            let other = try await doc.json(
                .post, "/api/v1/claims",
                #"{"claimantID": "\#(filed.victim)", "directVictimID": "\#(filed.victim)", "relationship": "self", "filedOn": "2023-05", "harms": [{"type": "mental-harm"}]}"#
            )
            #expect(other.status == .created, "\(String(describing: other.body))")
            let hidden = try await analyst.json(.get, "/api/v1/reparations/report?by=year")
            let hiddenRows = hidden.body?["rows"]?.items ?? []
            #expect(hiddenRows.map { $0["label"]?.string } == ["2023", "2024", "total"])
            for row in hiddenRows.prefix(2) {
                for stage in ReparationsReport.Stage.allCases {
                    #expect(row[stage.rawValue]?.string == SmallCells.mark, "\(stage)")
                }
            }
            #expect(hiddenRows.last?["applications"]?.int == 7)
            let csv = try await analyst.execute(uri: "/api/v1/reparations/report?by=violation&format=csv", method: .get)
            { String(buffer: $0.body) }
            #expect(
                csv.hasPrefix("violation,applications,direct-victims,indirect-victims,recognised,granted,delivered\n"))
            #expect(csv.contains("abduction-disappearance,"))
            #expect(!csv.contains("김"))
        }
    }

    @Test(
        "the other desk's every role meets no claim, decision, measure or rule set of this one, nor counts them",
        arguments: [Role.documenter, .analyst, .viewer, .administrator])
    func otherDesk(role: Role) async throws {
        try await Self.withDesks { admin, accounts, filed in
            let russian = admin.with(
                token: try await accounts.token(for: "probe", role: role, compartments: ["russia"]))
            let missing = RecordID().description
            let paths = [
                "/api/v1/claims/\(filed.claims[0])", "/api/v1/reparation-decisions/\(filed.decision)",
                "/api/v1/reparation-measures/\(filed.measure)", "/api/v1/eligibility-rules/\(filed.rules)",
                "/api/v1/claims/\(filed.claims[0])/versions",
                "/api/v1/claims/\(filed.claims[0])/evaluation?rules=\(filed.rules)",
            ]
            for path in paths {
                let answer = try await russian.json(.get, path)
                let unknown = try await russian.json(
                    .get,
                    path.replacingOccurrences(of: filed.claims[0], with: missing)
                        .replacingOccurrences(of: filed.decision, with: missing)
                        .replacingOccurrences(of: filed.measure, with: missing)
                        .replacingOccurrences(of: filed.rules, with: missing))
                #expect(answer.status == .notFound, "\(path)")
                #expect(answer.body == unknown.body, "\(path) answers unlike a missing record")
            }
            for collection in ["claims", "reparation-decisions", "reparation-measures", "eligibility-rules"] {
                let list = try await russian.json(.get, "/api/v1/\(collection)")
                #expect(list.body?["items"]?.items.isEmpty == true, "\(collection)")
            }
            if role == .documenter || role == .administrator {
                let decide = try await russian.json(
                    .post, "/api/v1/claims/\(filed.claims[0])/decision", #"{"rulesID": "\#(filed.rules)"}"#)
                #expect(decide.status == .notFound)
                let measure =
                    #"{"claimID": "CLAIM", "form": "satisfaction", "providerType": "ngo", "provider": "An NGO", "acknowledgedResponsibility": false, "history": [{"status": "proposed"}]}"#
                let refused = try await russian.json(
                    .post, "/api/v1/reparation-measures",
                    measure.replacingOccurrences(of: "CLAIM", with: filed.claims[0]))
                let unknown = try await russian.json(
                    .post, "/api/v1/reparation-measures", measure.replacingOccurrences(of: "CLAIM", with: missing))
                #expect(refused.status == unknown.status && refused.status != .created)
                let said = refused.body?["errors"]?.items.first?["message"]?.string ?? ""
                let saidOfMissing = unknown.body?["errors"]?.items.first?["message"]?.string ?? ""
                #expect(
                    said.replacingOccurrences(of: filed.claims[0], with: missing) == saidOfMissing,
                    "a hidden claim answers unlike a missing one")
            } else {
                let decide = try await russian.json(
                    .post, "/api/v1/claims/\(filed.claims[0])/decision", #"{"rulesID": "\#(filed.rules)"}"#)
                #expect(decide.status == .forbidden)
            }
            let report = try await russian.json(.get, "/api/v1/reparations/report?by=form")
            if role == .analyst || role == .administrator {
                #expect(report.status == .ok)
                #expect(report.body?["rows"]?.items.map { $0["label"]?.string } == ["total"])
                #expect(report.body?["rows"]?.items.first?["applications"]?.int == 0)
            } else {
                #expect(report.status == .forbidden)
            }
        }
    }
}
