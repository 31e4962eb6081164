import Foundation
import Testing
import WhereaboutsCore
import WhereaboutsDocuments
import WhereaboutsEstimation
import WhereaboutsEvidence
import WhereaboutsLinkage
import WhereaboutsOperations
import WhereaboutsSecurity
import WhereaboutsStore

@testable import WhereaboutsServer

@Suite("interface catalogues")
struct CatalogueTests {
    /// The enumerations whose values the interface shows, by catalogue group.
    static let valueGroups: [String: [String]] = [
        "kind": RecordKind.allCases.map(\.rawValue),
        "fate": FateEntry.Status.allCases.map(\.rawValue),
        "action": ["create", "update", "delete", "restore"],
        "attribution": Involvement.Attribution.allCases.map(\.rawValue),
        "host-role": Act.HostStateRole.allCases.map(\.rawValue),
        "organisation-type": Organisation.OrganisationType.allCases.map(\.rawValue),
        "permission": Permission.allCases.map(\.rawValue),
        "role": Person.Role.allCases.map(\.rawValue),
        "user-role": Role.allCases.map(\.rawValue),
        "romanisation": NameForm.Romanisation.allCases.map(\.rawValue),
        "script": NameForm.Script.allCases.map(\.rawValue),
        "sex": Person.Sex.allCases.map(\.rawValue),
        "audit-action": AuditEvent.Action.allCases.map(\.rawValue),
        "audit-outcome": ["success", "failure", "refused"],
        "match-status": MatchProposal.Status.allCases.map(\.rawValue),
        "match-origin": MatchProposal.Origin.allCases.map(\.rawValue),
        "match-field": PersonLinkage.fields.map(\.column),
        "match-level": PersonLinkage.levelNames,
        "un-kind": UNDocument.Kind.allCases.map(\.rawValue),
        "un-position": UNPosition.allCases.map(\.rawValue),
        "un-stage": UNResponse.Stage.allCases.map(\.rawValue),
        "un-implementation": UNImplementation.allCases.map(\.rawValue) + [UNImplementation.notAssessed],
        "un-theme": UNThemes.stems.map(\.theme),
        "custody-event": CustodyEntry.Event.allCases.map(\.rawValue),
        "estimate-lists": ListGrouping.allCases.map(\.rawValue),
        "estimate-strata": Stratification.allCases.map(\.rawValue),
        "estimate-method": EstimationMethod.allCases.map(\.rawValue),
        "source-type": Source.SourceType.allCases.map(\.rawValue),
        "cyber-vector": CyberIncident.Vector.allCases.map(\.rawValue),
        "cyber-target": CyberIncident.Target.Classification.allCases.map(\.rawValue),
        "indicator-type": IndicatorType.allCases.map(\.rawValue),
        "sighting-origin": Sighting.Origin.allCases.map(\.rawValue),
        "rep-relationship": ReparationClaim.Relationship.allCases.map(\.rawValue),
        "rep-harm": ReparationClaim.HarmType.allCases.map(\.rawValue),
        "rep-form": ReparationMeasure.Form.allCases.map(\.rawValue),
        "rep-provider": ReparationMeasure.ProviderType.allCases.map(\.rawValue),
        "rep-status": ReparationMeasure.Status.allCases.map(\.rawValue),
        "rep-outcome": EligibilityEvaluation.Outcome.allCases.map(\.rawValue),
        "rep-appeal": ReparationDecision.Appeal.Result.allCases.map(\.rawValue),
        "rep-stage": ReparationsReport.Stage.allCases.map(\.rawValue),
        "rep-by": ReparationsReport.Breakdown.allCases.map(\.rawValue),
        "rep-scope": Consent.Scope.allCases.map(\.rawValue),
        "no-preview": NoPreview.allCases.map(\.rawValue),
    ]

    @Test(
        "every interface string and every shown value is in every language, and nothing else is",
        arguments: Language.allCases)
    func complete(language: Language) throws {
        let catalogue = try #require(Catalogues.all[language])
        var expected = Set(UIText.allCases.map(\.rawValue))
        for (group, values) in Self.valueGroups { expected.formUnion(values.map { group + "." + $0 }) }
        let missing = expected.subtracting(catalogue.keys).sorted()
        let unused = Set(catalogue.keys).subtracting(expected).sorted()
        #expect(missing.isEmpty, "missing in \(language.rawValue): \(missing)")
        #expect(unused.isEmpty, "not used, in \(language.rawValue): \(unused)")
        for (key, value) in catalogue {
            #expect(!value.trimmingCharacters(in: .whitespaces).isEmpty, "\(language.rawValue) \(key) is blank")
            let placeholders = { (text: String) in Set((0..<4).filter { text.contains("{\($0)}") }) }
            #expect(
                placeholders(value) == placeholders(Catalogues.all[.en]?[key] ?? ""),
                "\(language.rawValue) \(key) placeholders")
        }
        #expect(catalogue["monthNames"]?.split(separator: ",").count == 12)
    }

    @Test(
        "Accept-Language picks the best supported language",
        arguments: [
            ("ko-KR,ko;q=0.9,en-US;q=0.8", Language.ko), ("en-GB,ja;q=0.5", .en), ("fr-FR,ja;q=0.7,ko;q=0.6", .ja),
            ("ja;q=0.1,ko;q=0.9", .ko), ("de", .en), ("", .en), ("ko;q=0", .en),
        ])
    func negotiation(header: String, language: Language) {
        #expect(Language.negotiate(header) == language)
    }

    @Test("dates are written the local way")
    func dates() throws {
        let date = try FuzzyDate.parse("1978-06-15")
        #expect(Localizer(.en).date(date).contains("15 June 1978"))
        #expect(Localizer(.ko).date(date).contains("1978년 6월 15일"))
        #expect(Localizer(.ja).date(date).contains("1978年6月15日"))
        #expect(Localizer(.ja).date(try FuzzyDate.parse("昭和52年")) == "昭和52年 (1977年)")
        #expect(Localizer(.en).date(try FuzzyDate.parse("around 1977")).contains("around"))
    }

    @Test("text put into markup is escaped; markup put into markup is not")
    func escaping() {
        let name = "<b>\"O'Neil\" & co</b>"
        let html: HTML = "<p title=\"\(name)\">\(name)</p>"
        #expect(
            html.rendered
                == "<p title=\"&lt;b&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/b&gt;\">&lt;b&gt;&quot;O&#39;Neil&quot; &amp; co&lt;/b&gt;</p>"
        )
        let inner: HTML = "<em>\(name)</em>"
        #expect(("<p>\(inner)</p>" as HTML).rendered.hasPrefix("<p><em>&lt;b&gt;"))
    }
}
