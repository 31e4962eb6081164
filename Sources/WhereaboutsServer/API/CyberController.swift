import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WhereaboutsCore
import WhereaboutsCyber
import WhereaboutsOperations
import WhereaboutsStore

/// Cyber incidents over the API (issue 20, decision 0033): a lure taken in (its bytes as the body;
/// kept as evidence, downloadable only as an attachment through the evidence routes), STIX and MISP
/// exports of what the caller sees, and published STIX bundles matched against stored indicators.
/// Incidents, indicators and sightings themselves are records (`/api/v1/cyber-incidents`,
/// `/indicators`, `/sightings`), so compartments and "not found" apply to them as to every record.
struct CyberController {
    let operations: CyberOperations

    /// The largest message taken in over the API.
    static let messageLimit = 32 << 20

    func register(on routes: inout DocumentedRoutes) {
        routes.add(
            APIOperation(
                method: .post, path: "/api/v1/cyber/lures", operationID: "ingestLure",
                summary:
                    "Take an e-mail (.eml, its bytes as the body) in as a lure: kept as evidence, headers read, links and indicators recorded; a new incident unless one is named",
                tag: "Cyber",
                parameters: [
                    .query("incident", "The incident to add the lure to (default: a new one).", schema: Schema.uuid),
                    .query("name", "The message file's name (kept as stated)."),
                    .query(
                        "target", "For a new incident: who was targeted.",
                        schema: Schema.enumeration(CyberIncident.Target.Classification.self)),
                ], requestSchema: nil, requestExample: nil,
                replies: [
                    .json(
                        201, "What the lure yielded: links defanged, the indicators sighted", Schema.ref("LureIngested")
                    ),
                    .problem(404, "No such incident"), .problem(413, "Larger than 32 MiB"),
                ]
            ).takingFile(), requires: CanWrite.self
        ) { request, context in
            let query = request.uri.queryParameters
            var incident: RecordID?
            if let text = query.get("incident") {
                guard let id = RecordID(text) else { throw Problem.notFound("There is no such incident.") }
                incident = id
            }
            var target = CyberIncident.Target.Classification.escapee
            if let text = query.get("target") {
                guard let chosen = CyberIncident.Target.Classification(rawValue: text) else {
                    throw Problem.badRequest("target is not a target classification.")
                }
                target = chosen
            }
            let bytes = try await Self.collect(request, limit: Self.messageLimit)
            do {
                let ingested = try await operations.ingestEmail(
                    bytes, name: query.get("name") ?? "lure.eml", into: incident,
                    target: CyberIncident.Target(classification: target), by: try context.writer(compartments: []),
                    from: EvidenceController.origin)
                return try .json(LureIngestedView(ingested), status: .created)
            } catch StoreError.notFound {
                throw Problem.notFound("There is no such incident.")
            }
        }

        let tlp = APIOperation.Parameter.query(
            "tlp", "The TLP 2.0 marking (default amber).", schema: Schema.enumeration(TrafficLightProtocol.self))
        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/cyber/stix", operationID: "exportCyberSTIX",
                summary:
                    "A STIX 2.1 bundle of the indicators, sightings and incidents the caller sees, without any person (audited)",
                tag: "Cyber", parameters: [tlp], requestSchema: nil, requestExample: nil,
                replies: [.json(200, "The bundle", Schema.ref("STIXBundle"))]), requires: CanExport.self
        ) { request, context in
            let (data, _) = try await operations.exportSTIX(
                tlp: try Self.tlp(request), access: context.access, actor: context.account.username,
                from: EvidenceController.origin)
            return WebController.download(data, name: "whereabouts-cyber.stix.json", type: "application/json")
        }

        routes.add(
            APIOperation(
                method: .get, path: "/api/v1/cyber/misp", operationID: "exportCyberMISP",
                summary:
                    "MISP events of what the caller sees; distribution 'organisation' unless widened (the widening is audited)",
                tag: "Cyber",
                parameters: [
                    tlp,
                    .query(
                        "distribution", "Who may see the events in MISP (default organisation).",
                        schema: Schema.enumeration(MISPEvent.Distribution.allCases.map(\.name))),
                ], requestSchema: nil, requestExample: nil,
                replies: [.json(200, "The events", Schema.ref("MISPEvents"))]), requires: CanExport.self
        ) { request, context in
            var distribution = MISPEvent.Distribution.organisation
            if let text = request.uri.queryParameters.get("distribution") {
                guard let chosen = MISPEvent.Distribution(name: text) else {
                    throw Problem.badRequest("distribution is one of organisation, community, connected, all.")
                }
                distribution = chosen
            }
            let (data, _) = try await operations.exportMISP(
                tlp: try Self.tlp(request), distribution: distribution, access: context.access,
                actor: context.account.username, from: EvidenceController.origin)
            return WebController.download(data, name: "whereabouts-cyber.misp.json", type: "application/json")
        }

        routes.add(
            APIOperation(
                method: .post, path: "/api/v1/cyber/stix", operationID: "importCyberSTIX",
                summary:
                    "Match a published STIX 2.1 bundle's indicators against the stored ones; returns the sightings created",
                tag: "Cyber", parameters: [], requestSchema: Schema.ref("STIXBundle"),
                requestExample: [
                    "type": "bundle", "id": "bundle--7b0c8e51-2d6f-4c65-9b1a-0e7f3c2d9a10",
                    "objects": [
                        [
                            "type": "indicator", "spec_version": "2.1",
                            "id": "indicator--1f0d8b8e-7a2c-4e0e-8d52-4c3b2a190f11",
                            "pattern": "[domain-name:value = 'login.nk-resettle-support.example']",
                            "pattern_type": "stix",
                        ]
                    ],
                ],
                replies: [
                    .json(200, "The sightings created", Schema.ref("STIXImported")),
                    .problem(422, "Not a STIX bundle"),
                ]), requires: CanWrite.self
        ) { request, context in
            let data = try await request.bodyData(context: context)
            do {
                let result = try await operations.importSTIX(
                    data, by: try context.writer(compartments: []), from: EvidenceController.origin)
                return try .json(
                    STIXImportedView(
                        sightings: result.sightings.map(ImportedSightingView.init), named: result.named,
                        skipped: result.skipped))
            } catch let error as STIXIndicatorFile.NotABundle {
                throw Problem.invalid([FieldIssue(path: "", message: error.description)])
            }
        }
    }

    static func tlp(_ request: Request) throws -> TrafficLightProtocol {
        guard let text = request.uri.queryParameters.get("tlp") else { return .amber }
        guard let tlp = TrafficLightProtocol(rawValue: text) else {
            throw Problem.badRequest("tlp is one of clear, green, amber, red.")
        }
        return tlp
    }

    /// The whole body, refused (413) above `limit` bytes.
    static func collect(_ request: Request, limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            guard bytes.count + buffer.readableBytes <= limit else {
                throw Problem(
                    status: .contentTooLarge, type: "too-large", title: "The body is too large",
                    detail: "Messages are limited to 32 MiB.")
            }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        return bytes
    }
}

/// What taking a lure in yielded, as the API shows it: every link and address defanged.
struct LureIngestedView: Encodable {
    struct Found: Encodable {
        let type: String
        let value: String
        let whereFound: String
        let indicatorID: String
        let sightingID: String
        let new: Bool
    }
    let incidentID: String
    let createdIncident: Bool
    let messageItem: String
    let attachments: [String: String]
    let subject: String?
    let from: String?
    let replyTo: String?
    let returnPath: String?
    let messageID: String?
    let date: String?
    let received: [String]
    let links: [String]
    let problems: [String]
    let indicators: [Found]

    init(_ ingested: CyberOperations.Ingested) {
        let lure = ingested.lure
        incidentID = ingested.incident.id.description
        createdIncident = ingested.createdIncident
        messageItem = ingested.message.id
        attachments = Dictionary(
            ingested.attachments.map { ($0.id, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        subject = lure.subject
        from = lure.from.map(Defanged.freeText)
        replyTo = lure.replyTo.map(Defanged.freeText)
        returnPath = lure.returnPath.map(Defanged.freeText)
        messageID = lure.messageID.map(Defanged.freeText)
        date = lure.date
        received = lure.received.map(Defanged.freeText)
        links = lure.urls.map(Defanged.url)
        problems = lure.problems
        indicators = ingested.indicators.map {
            Found(
                type: $0.type.rawValue, value: $0.defanged, whereFound: $0.whereFound,
                indicatorID: $0.indicatorID.description, sightingID: $0.sightingID.description, new: $0.newIndicator)
        }
    }
}

/// A sighting an imported bundle created.
struct ImportedSightingView: Encodable {
    let sightingID: String
    let incidentID: String
    let indicatorID: String
    let type: String
    let value: String
    let malware: [String]
    let stixID: String

    init(_ sighting: CyberOperations.ImportedSighting) {
        sightingID = sighting.sightingID.description
        incidentID = sighting.incidentID.description
        indicatorID = sighting.indicatorID.description
        type = sighting.type.rawValue
        value = Defanged.text(sighting.value, as: sighting.type)
        malware = sighting.malware
        stixID = sighting.stixID
    }
}

struct STIXImportedView: Encodable {
    let sightings: [ImportedSightingView]
    let named: Int
    let skipped: Int
}
