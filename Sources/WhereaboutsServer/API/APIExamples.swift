import WhereaboutsCore

/// Example request bodies for the API description, one per kind, with fictional content. The
/// OpenAPI test sends each of them to a real server and checks the answers against the schemas.
public enum APIExamples {
    /// Fixed ids the examples refer to; the test creates records under these ids first.
    public static let eventID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e01"
    public static let personID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e02"
    public static let actID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e03"
    public static let organisationID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e04"
    public static let sourceID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e05"
    public static let secondEventID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e06"
    public static let cyberIncidentID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e07"
    public static let indicatorID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e08"
    public static let relativeID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e0a"
    public static let claimID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e0b"
    public static let rulesID = "0b7c5a56-3f0e-4b8e-9a59-5d1f0c6a7e0c"

    public static func request(for kind: RecordKind) -> JSONValue {
        switch kind {
        case .event:
            return [
                "title": "Disappearance of a fisherman off the east coast",
                "description": "A fishing boat did not return; a later witness saw the crew in 평양.",
                "date": "around 1977", "places": [["country": "KR", "locality": "속초"]],
                "perpetratorStates": ["KP"], "violationStatus": "010100000000",
            ]
        case .act:
            return [
                "eventID": .string(eventID), "victimID": .string(personID), "type": "abduction",
                "date": "1977年11月", "place": ["country": "KR"], "perpetratorState": "KP",
            ]
        case .person:
            return [
                "names": [
                    ["full": "홍길순", "language": "ko"],
                    ["full": "Hong Gil-sun", "language": "ko", "romanisation": "revised-romanisation"],
                ],
                "sex": "female", "birthDate": "음력 1950년 3월 5일", "nationalities": ["KR"], "roles": ["victim"],
                "fate": [["status": "missing", "date": "1977-11"]],
            ]
        case .organisation:
            return [
                "name": "An overseas construction company (fictional)", "type": "dispatching-company",
                "country": "KP", "names": [["full": "해외건설회사"]],
            ]
        case .involvement:
            return [
                "actID": .string(actID), "perpetratorOrganisationID": .string(organisationID),
                "attribution": "probable",
            ]
        case .source:
            return [
                "type": "testimony", "title": "Interview with a relative (fictional)", "date": "2024-05-02",
                "language": "ko", "text": "형이 1977년에 배를 타고 나간 뒤 돌아오지 않았습니다.",
            ]
        case .information:
            return ["sourceID": .string(sourceID), "recordID": .string(eventID), "remarks": "The brother's account."]
        case .intervention:
            return [
                "type": "wgeid-case", "title": "Case submitted to the working group", "date": "2025-02",
                "recipient": "WGEID", "eventIDs": [.string(eventID)], "personIDs": [.string(personID)],
            ]
        case .eventLink:
            return [
                "fromEventID": .string(eventID), "toEventID": .string(secondEventID), "type": "reprisal-after-escape",
            ]
        case .cyberIncident:
            return [
                "vector": "spear-phishing-email", "target": ["classification": "ngo", "sectors": ["non profit"]],
                "date": "2026-11-03", "exposure": ["categories": ["identity", "contacts"], "persons": 997],
                "leverageOnFamily": false, "attribution": ["confidence": "medium", "intrusionSet": "G0094"],
            ]
        case .indicator:
            return ["type": "domain", "value": "login.nk-resettle-support.example", "origin": "entered"]
        case .sighting:
            return [
                "incidentID": .string(cyberIncidentID), "indicatorID": .string(indicatorID),
                "firstSeen": "2026-11-03T08:12:45Z", "lastSeen": "2026-11-04T09:00:00Z", "count": 2,
                "origin": "entered",
            ]
        case .claim:
            return [
                "claimantID": .string(relativeID), "directVictimID": .string(personID), "relationship": "child",
                "harms": [["type": "disappearance", "actIDs": [.string(actID)]], ["type": "mental-harm"]],
                "programme": "Committee for post-war abductees (fictional)", "filedOn": "2024-03-02",
                "consent": [
                    "consent": ["scopes": ["internal-documentation", "share-with-un"], "givenOn": "2024-03-02"],
                    "sharedWith": ["the committee"],
                ],
            ]
        case .eligibilityRules:
            return [
                "name": "Consolation and settlement rules (fictional)",
                "rules": [
                    [
                        "code": "consolation-abducted", "benefit": "consolation",
                        "conditions": [
                            ["test": "violation", "values": ["abduction"]],
                            ["test": "act-on-or-after", "date": "1953-07-28"],
                            ["test": "not-returned-for-years", "years": 3],
                        ],
                    ],
                    [
                        "code": "settlement-returned", "benefit": "settlement-support",
                        "conditions": [["test": "returned"]],
                    ],
                ],
            ]
        case .reparationDecision:
            return [
                "claimID": .string(claimID), "rulesID": .string(rulesID), "rulesVersion": 1, "outcome": "eligible",
                "benefits": ["consolation"], "reasons": ["consolation-abducted (consolation): holds"],
                "decidedOn": "2024-09-30",
            ]
        case .reparationMeasure:
            return [
                "claimID": .string(claimID), "form": "compensation", "providerType": "state",
                "provider": "Ministry of Unification (fictional)", "acknowledgedResponsibility": false,
                "amount": 20_000_000, "unit": "KRW",
                "history": [
                    ["status": "granted", "date": "2024-10-15"], ["status": "delivered", "date": "2024-12-01"],
                ],
            ]
        }
    }
}
