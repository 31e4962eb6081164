import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsCyber
import WhereaboutsOperations
import WhereaboutsStore

/// `whereabouts cyber …`: cyber incidents against escapees and those who help them — lures taken in
/// as evidence, indicators shared as STIX or MISP without the people, published bundles matched
/// (issue 20, decision 0033).
struct Cyber: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record cyber incidents from their lures, and share or match their indicators.",
        subcommands: [IngestEmail.self, ExportCommand.self, ImportCommand.self])

    struct IngestEmail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest-email",
            abstract:
                "Keep an e-mail (.eml) as the evidence of an incident (new, or --incident), and print the indicators found in it."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "The message as received (.eml).") var file: String
        @Option(help: "The incident to add the lure to (default: a new incident).") var incident: String?
        @Option(help: "For a new incident: who was targeted (\(Self.classifications)).")
        var target: String = CyberIncident.Target.Classification.escapee.rawValue
        @Option(help: "For a new incident: the compartment it is placed in.") var compartment: String = "general"

        static var classifications: String {
            CyberIncident.Target.Classification.allCases.map(\.rawValue).joined(separator: ", ")
        }

        func run() async throws {
            let incidentID = try incident.map {
                guard let id = RecordID($0) else { throw ValidationError("--incident is not a record id") }
                return id
            }
            guard let classification = CyberIncident.Target.Classification(rawValue: target) else {
                throw ValidationError("--target is one of \(Self.classifications)")
            }
            let url = URL(fileURLWithPath: file)
            guard let data = try? Data(contentsOf: url) else { throw CommandFailure("cannot read \(file)") }
            try await store.withOperations("whereabouts.cyber") { operations in
                let writer = Writer.operatorWriter(actor: StoreOptions.operatorName, compartments: [compartment])
                let ingested = try await Cyber.explain(incident ?? "") {
                    try await operations.cyber.ingestEmail(
                        Array(data), name: url.lastPathComponent, into: incidentID,
                        target: CyberIncident.Target(classification: classification), by: writer, from: .cli)
                }
                print(Cyber.describe(ingested).joined(separator: "\n"))
            }
        }
    }

    struct ExportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Share indicators without the people.",
            subcommands: [STIX.self, MISP.self])

        struct STIX: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "stix",
                abstract: "Write a STIX 2.1 bundle: indicators, malware, sightings, reports, a pseudonymous reporter.")
            @OptionGroup var store: StoreOptions
            @Option(name: .shortAndLong, help: "The file to write.") var output: String
            @Option(help: "The TLP marking (clear, green, amber, red).") var tlp: String = "amber"

            func run() async throws {
                let marking = try Cyber.marking(tlp)
                try await store.withOperations("whereabouts.cyber") { operations in
                    let (data, count) = try await operations.cyber.exportSTIX(
                        tlp: marking, access: .operatorAccess, actor: StoreOptions.operatorName, from: .cli)
                    try Cyber.write(data, to: output)
                    print("\(count) indicator(s), \(marking.label), written to \(output)")
                }
            }
        }

        struct MISP: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "misp",
                abstract: "Write MISP events, for this organisation only unless --distribution widens it (audited).")
            @OptionGroup var store: StoreOptions
            @Option(name: .shortAndLong, help: "The file to write.") var output: String
            @Option(help: "The TLP marking (clear, green, amber, red).") var tlp: String = "amber"
            @Option(help: "Who may see it in MISP: organisation, community, connected, all.")
            var distribution: String = "organisation"

            func run() async throws {
                let marking = try Cyber.marking(tlp)
                guard let widened = MISPEvent.Distribution(name: distribution) else {
                    throw ValidationError("--distribution is one of organisation, community, connected, all")
                }
                try await store.withOperations("whereabouts.cyber") { operations in
                    let (data, count) = try await operations.cyber.exportMISP(
                        tlp: marking, distribution: widened, access: .operatorAccess,
                        actor: StoreOptions.operatorName, from: .cli)
                    try Cyber.write(data, to: output)
                    print("\(count) indicator(s), \(marking.label), distribution \(widened.name), written to \(output)")
                }
            }
        }
    }

    struct ImportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Match published indicators against the stored ones.",
            subcommands: [STIX.self])

        struct STIX: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "stix",
                abstract:
                    "Read a published STIX 2.1 bundle (MVT's indicator files, a CERT's report) and print the sightings it creates."
            )
            @OptionGroup var store: StoreOptions
            @Argument(help: "The bundle (.json or .stix2).") var file: String

            func run() async throws {
                guard let data = try? Data(contentsOf: URL(fileURLWithPath: file)) else {
                    throw CommandFailure("cannot read \(file)")
                }
                try await store.withOperations("whereabouts.cyber") { operations in
                    let writer = Writer.operatorWriter(actor: StoreOptions.operatorName)
                    let result: (sightings: [CyberOperations.ImportedSighting], named: Int, skipped: Int)
                    do {
                        result = try await operations.cyber.importSTIX(data, by: writer, from: .cli)
                    } catch let error as STIXIndicatorFile.NotABundle {
                        throw CommandFailure(error.description)
                    }
                    for sighting in result.sightings {
                        print(
                            [
                                sighting.sightingID.description, sighting.incidentID.description,
                                sighting.type.rawValue,
                                Defanged.text(sighting.value, as: sighting.type),
                                sighting.malware.joined(separator: ", "), sighting.stixID,
                            ].joined(separator: "\t"))
                    }
                    print(
                        "\(result.sightings.count) sighting(s) created from \(result.named) indicator value(s); \(result.skipped) indicator(s) of other kinds skipped"
                    )
                }
            }
        }
    }

    /// What taking a lure in did, as lines: headers and links defanged, never a live link.
    static func describe(_ ingested: CyberOperations.Ingested) -> [String] {
        let lure = ingested.lure
        var lines = [
            "incident \(ingested.incident.id) (\(ingested.createdIncident ? "created" : "extended"))",
            "message \(ingested.message.id)\tsha256 \(ingested.message.sha256)\t\(ingested.message.size) bytes",
        ]
        let headers: [(String, String?)] = [
            ("subject", lure.subject), ("from", lure.from), ("reply-to", lure.replyTo),
            ("return-path", lure.returnPath), ("sender", lure.sender), ("message-id", lure.messageID),
        ]
        for case let (name, value?) in headers { lines.append("\(name): \(Defanged.freeText(value))") }
        if let date = lure.date { lines.append("date: \(date)") }
        for hop in lure.received { lines.append("received: \(Defanged.freeText(hop))") }
        for url in lure.urls { lines.append("link: \(Defanged.url(url))") }
        for (attachment, item) in zip(lure.attachments, ingested.attachments) {
            lines.append(
                "attachment \(item.id)\tsha256 \(attachment.sha256)\t\(attachment.size) bytes\t\(Defanged.freeText(attachment.name))"
            )
        }
        for problem in lure.problems { lines.append("problem: \(problem)") }
        lines.append("indicators:")
        for found in ingested.indicators {
            lines.append(
                "\(found.type.rawValue)\t\(found.defanged)\t\(found.whereFound)\t\(found.newIndicator ? "new" : "known")"
            )
        }
        return lines
    }

    /// The TLP marking `--tlp` names.
    static func marking(_ tlp: String) throws -> TrafficLightProtocol {
        guard let marking = TrafficLightProtocol(rawValue: tlp) else {
            throw ValidationError("--tlp is one of clear, green, amber, red")
        }
        return marking
    }

    static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            throw CommandFailure("cannot write \(path) (it must not exist)")
        }
    }

    static func explain<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StoreError.notFound {
            throw CommandFailure("no cyber incident \(what)")
        } catch StoreError.invalid(let issues) {
            throw CommandFailure(issues.map { "\($0.path): \($0.message)" }.joined(separator: "; "))
        }
    }
}
