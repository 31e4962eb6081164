import WhereaboutsCore

extension Schema {
    /// The reparations kinds' schemas (decision 0032). A field that may be left out may also be sent
    /// as `null`, which the server reads as left out; the schemas say so.
    static var reparations: [String: JSONValue] {
        reparationSchemas.mapValues(nullableOptionals)
    }

    /// `schema` with every property its object does not require (at any depth, short of a reference)
    /// also allowing `null`.
    static func nullableOptionals(_ schema: JSONValue) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        if case .object(let properties)? = members["properties"] {
            var required = Set<String>()
            if case .array(let names)? = members["required"] {
                for case .string(let name) in names { required.insert(name) }
            }
            var rewritten: [String: JSONValue] = [:]
            for (name, property) in properties {
                let inner = nullableOptionals(property)
                rewritten[name] = required.contains(name) ? inner : oneOf(inner, ["type": "null"])
            }
            members["properties"] = .object(rewritten)
        }
        if let items = members["items"] { members["items"] = nullableOptionals(items) }
        return .object(members)
    }

    private static var reparationSchemas: [String: JSONValue] {
        [
            "ReparationClaim": object(
                [
                    "claimantID": reference(.person), "directVictimID": reference(.person),
                    "relationship": enumeration(ReparationClaim.Relationship.self, labels: "rep-relationship"),
                    "harms": array(
                        object(
                            [
                                "type": enumeration(ReparationClaim.HarmType.self, labels: "rep-harm"),
                                "actIDs": array(reference(.act)),
                            ],
                            required: ["type"])),
                    "programme": text(max: 500), "filedOn": ref("FuzzyDate"),
                    "consent": object(
                        ["consent": ref("Consent"), "sharedWith": array(text(max: 300))], required: ["consent"]),
                    "statement": text(max: 100_000),
                ], required: ["claimantID", "directVictimID", "relationship", "harms"],
                description:
                    "A claim for reparation by the direct victim (relationship self) or a relative, for harms each "
                    + "linked to the acts that caused it; the consent says what may be shared and with whom."),
            "EligibilityRules": object(
                [
                    "name": text(max: 300), "programme": text(max: 500),
                    "rules": array(
                        object(
                            [
                                "code": text(max: 100), "benefit": text(max: 200),
                                "conditions": array(
                                    object(
                                        [
                                            "test": enumeration(EligibilityCondition.Test.self, labels: "rep-test"),
                                            "values": array(text(max: 100)), "date": day,
                                            "years": integer(0...200),
                                        ], required: ["test"])),
                            ], required: ["code", "benefit", "conditions"])),
                ], required: ["name", "rules"],
                description:
                    "A programme's eligibility rules as data: a rule grants its benefit when all its conditions hold. "
                    + "Every change is a new version; decisions name the version they applied."),
            "ReparationDecision": object(
                [
                    "claimID": reference(.claim), "rulesID": reference(.eligibilityRules),
                    "rulesVersion": integer(1...Int(Int32.max)),
                    "outcome": enumeration(EligibilityEvaluation.Outcome.self, labels: "rep-outcome"),
                    "benefits": array(text(max: 200)),
                    "reasons": array(text(max: 5_000)), "decidedOn": day,
                    "appeal": object(
                        [
                            "filedOn": ref("FuzzyDate"),
                            "result": enumeration(ReparationDecision.Appeal.Result.self, labels: "rep-appeal"),
                            "decidedOn": ref("FuzzyDate"),
                            "outcome": enumeration(EligibilityEvaluation.Outcome.self, labels: "rep-outcome"),
                        ]),
                    "note": text(max: 10_000),
                ], required: ["claimID", "rulesID", "rulesVersion", "outcome", "decidedOn"],
                description:
                    "A decision on a claim under one version of a rule set, with its reasons and any appeal. Only the "
                    + "appeal may change afterwards, and only until it is settled."),
            "ReparationMeasure": object(
                [
                    "claimID": reference(.claim), "decisionID": reference(.reparationDecision),
                    "form": enumeration(ReparationMeasure.Form.self, labels: "rep-form"),
                    "providerType": enumeration(ReparationMeasure.ProviderType.self, labels: "rep-provider"),
                    "provider": text(max: 500),
                    "acknowledgedResponsibility": boolean, "amount": ["type": "number", "minimum": 0],
                    "unit": text(max: 50),
                    "history": array(
                        object(
                            [
                                "status": enumeration(ReparationMeasure.Status.self, labels: "rep-status"),
                                "date": ref("FuzzyDate"), "sourceIDs": array(reference(.source)),
                            ], required: ["status"])),
                    "description": text(max: 100_000),
                ],
                required: ["claimID", "form", "providerType", "provider", "acknowledgedResponsibility", "history"],
                description:
                    "A measure of one of the Basic Principles' five forms, or a legal-status measure; its status "
                    + "history is appended to, never rewritten."),
            "DecisionRequest": object(
                ["rulesID": uuid, "decidedOn": day, "note": text(max: 10_000)], required: ["rulesID"],
                description: "The rule set to apply (its current version) and the day of the decision (default today)."),
            "EligibilityEvaluation": object(
                [
                    "claimID": uuid, "rulesID": uuid, "rulesVersion": integer, "on": day,
                    "evaluation": object(
                        [
                            "outcome": enumeration(EligibilityEvaluation.Outcome.self), "benefits": array(string),
                            "reasons": array(string),
                        ], required: ["outcome", "benefits", "reasons"]),
                ], required: ["claimID", "rulesID", "rulesVersion", "on", "evaluation"]),
            "ReparationsReport": object(
                [
                    "by": enumeration(ReparationsReport.Breakdown.self), "threshold": integer,
                    "stages": array(enumeration(ReparationsReport.Stage.self)),
                    "rows": array(
                        [
                            "type": "object", "required": ["label"],
                            "properties": [
                                "label": string
                            ],
                            "additionalProperties": oneOf(
                                ["type": "integer", "minimum": 0], enumeration([SmallCells.mark])),
                        ]),
                ], required: ["by", "threshold", "stages", "rows"],
                description:
                    "Claims by stage (a key per stage): a count, or \"suppressed\" where a count could single someone out."
            ),
        ]
    }
}
