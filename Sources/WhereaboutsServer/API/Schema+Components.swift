import WhereaboutsCore
import WhereaboutsEvidence

extension Schema {
    /// Every named schema of the API, as they appear under `components/schemas`.
    static var components: [String: JSONValue] {
        var all: [String: JSONValue] = [
            "FuzzyDate": fuzzyDate,
            "Place": object(
                ["country": country, "locality": text(max: 500), "latitude": number, "longitude": number]),
            "NameForm": object(
                [
                    "full": text(max: 300), "family": text(max: 200), "given": text(max: 200),
                    "script": enumeration(NameForm.Script.self, labels: "script"), "language": text(max: 35),
                    "romanisation": enumeration(NameForm.Romanisation.self, labels: "romanisation"),
                    "note": text(max: 500),
                    "sourceID": reference(.source),
                ], required: ["full"]),
            "FateEntry": object(
                [
                    "status": enumeration(FateEntry.Status.self, labels: "fate"), "date": ref("FuzzyDate"),
                    "place": ref("Place"),
                    "sourceID": reference(.source), "note": text(max: 10_000),
                ], required: ["status"]),
            "Event": object(
                [
                    "title": text(max: 500), "description": text(max: 100_000), "date": ref("FuzzyDate"),
                    "places": array(ref("Place")), "violationStatus": code(.violationStatus),
                    "perpetratorStates": array(country), "sourceIDs": array(reference(.source)),
                ], required: ["title"], description: "What happened."),
            "Act": object(
                [
                    "eventID": reference(.event), "victimID": reference(.person), "type": code(.violationTypes),
                    "date": ref("FuzzyDate"), "place": ref("Place"),
                    "perpetratorState": country, "hostState": country,
                    "hostStateRole": enumeration(Act.HostStateRole.self, labels: "host-role"),
                    "leverageOnFamily": text(max: 10_000),
                    "victimStatus": code(.victimStatus), "description": text(max: 100_000),
                    "sourceIDs": array(reference(.source)),
                ], required: ["eventID", "victimID", "type"], description: "One violation against one victim."),
            "Person": object(
                [
                    "names": array(ref("NameForm")), "sex": enumeration(Person.Sex.self, labels: "sex"),
                    "birthDate": ref("FuzzyDate"), "origin": ref("Place"),
                    "nationalities": array(country), "roles": array(enumeration(Person.Role.self, labels: "role")),
                    "fate": array(ref("FateEntry")), "notes": text(max: 100_000),
                ], description: "A victim, perpetrator, witness, source or intervener."),
            "Organisation": object(
                [
                    "name": text(max: 500), "names": array(ref("NameForm")),
                    "type": enumeration(Organisation.OrganisationType.self, labels: "organisation-type"),
                    "country": country,
                    "parentID": reference(.organisation), "description": text(max: 100_000),
                    "sourceIDs": array(reference(.source)),
                ], required: ["name", "type"]),
            "Involvement": object(
                [
                    "actID": reference(.act), "perpetratorPersonID": reference(.person),
                    "perpetratorOrganisationID": reference(.organisation), "degree": code(.degreesOfInvolvement),
                    "attribution": enumeration(Involvement.Attribution.self, labels: "attribution"),
                    "note": text(max: 10_000), "sourceIDs": array(reference(.source)),
                ], required: ["actID", "attribution"]),
            "Source": object(
                [
                    "type": enumeration(Source.SourceType.self, labels: "source-type"), "title": text(max: 1_000),
                    "text": text(max: 1_000_000),
                    "givenByID": reference(.person), "date": ref("FuzzyDate"), "reliability": code(.reliability),
                    "language": text(max: 35),
                    "documentSymbol": text(max: 100), "paragraph": text(max: 50), "url": text(max: 2_000),
                    "consent": ref("Consent"),
                ], required: ["type", "title"]),
            "Consent": object(
                [
                    "scopes": array(enumeration(Consent.Scope.self, labels: "consent-scope")),
                    "givenOn": ref("FuzzyDate"),
                    "withdrawnOn": ref("FuzzyDate"), "note": text(max: 10_000),
                ],
                description:
                    "What the giver agreed the material may be used for; withdrawn consent covers nothing from its date."
            ),
            "Information": object(
                [
                    "sourceID": reference(.source),
                    "recordID": reference(Set(RecordKind.allCases).subtracting([.information])),
                    "connection": code(.sourceConnection), "reliability": code(.reliability),
                    "dateReceived": ref("FuzzyDate"), "remarks": text(max: 100_000),
                ], required: ["sourceID", "recordID"]),
            "Intervention": object(
                [
                    "type": code(.interventionTypes), "title": text(max: 1_000), "date": ref("FuzzyDate"),
                    "byPersonID": reference(.person), "byOrganisationID": reference(.organisation),
                    "recipient": text(max: 500), "status": code(.interventionStatus), "description": text(max: 100_000),
                    "response": text(max: 100_000), "eventIDs": array(reference(.event)),
                    "personIDs": array(reference(.person)),
                ], required: ["type", "title"]),
            "EventLink": object(
                [
                    "fromEventID": reference(.event), "toEventID": reference(.event), "type": code(.chainTypes),
                    "note": text(max: 10_000),
                ],
                required: ["fromEventID", "toEventID", "type"]),
            "FieldIssue": object(["path": string, "message": string], required: ["path", "message"]),
            "Problem": object(
                [
                    "type": string, "title": string, "status": integer, "detail": string,
                    "errors": array(ref("FieldIssue")), "currentVersion": integer,
                ], required: ["type", "title", "status"], description: "RFC 9457 problem details."),
            "RecordVersion": object(
                [
                    "recordID": uuid, "version": integer,
                    "action": enumeration(["create", "update", "restore", "delete"]),
                    "changedFields": array(string), "changedAt": string, "changedBy": string,
                ], required: ["recordID", "version", "action", "changedFields", "changedAt", "changedBy"]),
            "SearchHit": object(
                [
                    "id": uuid, "kind": enumeration(RecordKind.self), "title": string, "version": integer,
                    "dateFrom": day, "dateTo": day, "updatedAt": string,
                ], required: ["id", "kind", "title", "version", "updatedAt"]),
            "SearchPage": object(["items": array(ref("SearchHit")), "nextCursor": string], required: ["items"]),
            "VocabularyTerm": object(
                [
                    "scheme": string, "code": string, "parentCode": string,
                    "labels": ["type": "object", "additionalProperties": string], "huridocsCode": string,
                    "sortOrder": integer,
                ], required: ["scheme", "code", "labels", "sortOrder"]),
            "VocabularySchemes": object(
                ["schemes": array(object(["scheme": string, "terms": integer], required: ["scheme", "terms"]))],
                required: ["schemes"]),
            "VocabularyTerms": object(["terms": array(ref("VocabularyTerm"))], required: ["terms"]),
            "Health": object(["status": string, "database": string], required: ["status"]),
            "UNRecommendation": object(
                [
                    "symbol": string, "number": string, "paragraph": integer, "cycle": integer,
                    "recommendingStates": array(string), "addressee": string, "position": string,
                    "implementation": string, "implementationDate": day, "themes": array(string), "text": string,
                    "citation": string,
                    "responses": array(
                        object(
                            [
                                "stage": string, "position": string, "clause": string, "date": day, "source": string,
                                "note": string,
                            ], required: ["stage", "position", "date"])),
                ],
                required: [
                    "symbol", "number", "paragraph", "recommendingStates", "implementation", "themes", "text",
                    "citation", "responses",
                ]),
        ]
        for kind in RecordKind.allCases {
            let name = schemaName(kind)
            all["Stored" + name] = object(
                [
                    "id": uuid, "kind": enumeration([kind.rawValue]), "version": integer, "title": string,
                    "createdAt": string, "createdBy": string, "updatedAt": string, "updatedBy": string,
                    "deleted": boolean, "data": ref(name),
                ],
                required: [
                    "id", "kind", "version", "title", "createdAt", "createdBy", "updatedAt", "updatedBy", "deleted",
                    "data",
                ])
            all[name + "Page"] = object(
                ["items": array(ref("Stored" + name)), "nextCursor": string], required: ["items"])
            all[name + "Versions"] = object(["versions": array(ref("RecordVersion"))], required: ["versions"])
            all[name + "AtVersion"] = object(
                ["version": ref("RecordVersion"), "data": ref(name)], required: ["version", "data"])
        }
        for (name, schema) in evidence { all[name] = schema }
        for (name, schema) in cyber { all[name] = schema }
        for (name, schema) in reparations { all[name] = schema }
        return all
    }

    /// The evidence items' schemas (decision 0022).
    static var evidence: [String: JSONValue] {
        let hex = ["type": "string", "pattern": "^[0-9a-f]*$"] as JSONValue
        return [
            "EvidenceItem": object(
                [
                    "id": string, "recordID": uuid, "parentID": string, "name": string, "statedType": string,
                    "mediaType": string, "size": integer, "sha256": hex, "sha512": hex,
                    "capture": ["type": "object", "additionalProperties": string], "transformation": string,
                    "createdAt": string, "createdBy": string,
                ],
                required: [
                    "id", "recordID", "name", "mediaType", "size", "sha256", "sha512", "createdAt", "createdBy",
                ],
                description:
                    "A file kept as evidence: name, stated type and capture metadata as stated; media type sniffed "
                    + "from its bytes; hashes and size taken at intake."),
            "EvidenceList": object(["items": array(ref("EvidenceItem"))], required: ["items"]),
            "CustodyEntry": object(
                [
                    "index": integer, "event": enumeration(CustodyEntry.Event.self), "actor": string, "at": string,
                    "fromHash": hex, "toHash": hex, "note": string, "previous": hex, "hash": hex,
                ], required: ["index", "event", "actor", "at", "fromHash", "toHash", "note", "previous", "hash"]),
            "Custody": object(
                ["item": ref("EvidenceItem"), "entries": array(ref("CustodyEntry"))], required: ["item", "entries"]),
        ]
    }

    /// A stated date: write it as text (`"昭和52年"`) or as `{ "text": … }`; the server returns the
    /// normalised range beside the text.
    static var fuzzyDate: JSONValue {
        oneOf(
            text(max: 100),
            object(
                [
                    "text": text(max: 100), "from": day, "to": day,
                    "precision": enumeration(FuzzyDate.Precision.self), "circa": boolean,
                    "calendar": enumeration(FuzzyDate.CalendarSystem.self),
                ]))
    }

    /// `Event`, `EventLink`, … : the schema name of a kind's body.
    static func schemaName(_ kind: RecordKind) -> String {
        "\(kind.bodyType)"
    }
}
