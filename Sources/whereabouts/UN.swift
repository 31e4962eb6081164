import ArgumentParser
import Crypto
import Foundation
import WhereaboutsDocuments
import WhereaboutsEvidence
import WhereaboutsOperations
import WhereaboutsStore

/// `whereabouts un import|documents|recommendations|respond|assess|repeat|import-export`: UN documents, their paragraphs
/// and the recommendations they make, with each recommendation's responses and assessments over time.
struct UN: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "un",
        abstract:
            "UN documents: import them and other databases' exports, list their recommendations, record responses and assessments.",
        subcommands: [
            ImportDocument.self, Documents.self, Recommendations.self, Respond.self, Assess.self, Repeat.self,
            ImportExport.self,
        ])

    struct ImportDocument: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Read a UN document (PDF as published, or text) into the store and print what was found.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The document: a PDF (read with poppler's pdftotext) or UTF-8 text.")
        var file: String
        @Option(help: "The document's symbol, e.g. A/HRC/13/13.")
        var symbol: String

        func run() async throws {
            guard let symbol = UNSymbol(symbol) else {
                throw ValidationError("\(self.symbol) is not a UN document symbol (e.g. A/HRC/13/13, S/2024/215)")
            }
            let url = URL(fileURLWithPath: file)
            guard let bytes = try? Data(contentsOf: url) else { throw ValidationError("cannot read \(file)") }
            let text: String
            if UNDocumentPDF.isPDF(bytes) {
                guard let tool = ExternalTool.find("pdftotext") else {
                    throw CommandFailure("\(file) is a PDF: install poppler-utils (pdftotext) to read it")
                }
                let outcome = try tool.run(UNDocumentPDF.pdftotextArguments(url))
                guard outcome.status == 0 else {
                    throw CommandFailure("pdftotext could not read \(file): \(outcome.errors)")
                }
                text = String(decoding: outcome.output, as: UTF8.self)
            } else {
                guard let decoded = String(data: bytes, encoding: .utf8) else {
                    throw ValidationError("\(file) is neither a PDF nor UTF-8 text")
                }
                text = decoded
            }
            let document = UNDocumentReader.read(text, symbol: symbol)
            guard !document.paragraphs.isEmpty else {
                throw CommandFailure("no numbered paragraph found in \(file); nothing was imported")
            }
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            let outcome = try await refusedAsFailure {
                try await store.withOperations("whereabouts.un") { operations in
                    try await operations.unDocuments.importDocument(
                        document, contentSHA256: digest, file: url.lastPathComponent, by: StoreOptions.operatorName,
                        from: OperationOrigin(via: "cli", address: "cli"))
                }
            }
            print(Self.summary(document, outcome: outcome))
        }

        static func summary(_ document: UNDocument, outcome: UNImportOutcome) -> String {
            var lines = [
                "\(document.symbol): \(outcome == .imported ? "imported" : "already held, unchanged")",
                "kind: \(document.kind.rawValue)" + (document.issued.map { ", issued \($0)" } ?? ""),
            ]
            if let title = document.title { lines.append("title: \(title)") }
            if let state = document.stateUnderReview { lines.append("State under review: \(state)") }
            if !document.aliases.isEmpty {
                lines.append("also issued as: \(document.aliases.map(\.description).joined(separator: ", "))")
            }
            let numbers = document.paragraphs.map(\.number)
            lines.append(
                "paragraphs: \(numbers.count)" + (numbers.isEmpty ? "" : " (\(numbers.first!)–\(numbers.last!))")
                    + ", sub-paragraphs: \(document.paragraphs.map(\.subparagraphs.count).reduce(0, +))")
            lines.append("footnotes: \(document.footnotes.count)")
            let byParagraph = Dictionary(grouping: document.recommendations, by: \.paragraph).sorted { $0.key < $1.key }
            lines.append(
                "recommendations: \(document.recommendations.count)"
                    + (byParagraph.isEmpty
                        ? ""
                        : " (" + byParagraph.map { "\($0.value.count) in para. \($0.key)" }.joined(separator: ", ")
                            + ")"))
            let states = Set(document.recommendations.flatMap(\.recommendingStates))
            if !states.isEmpty { lines.append("recommending States: \(states.count)") }
            let citations = Set(document.paragraphs.flatMap(\.citations) + document.footnotes.flatMap(\.citations))
            lines.append("citations of other UN documents: \(citations.count)")
            return lines.joined(separator: "\n")
        }
    }

    struct Documents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the UN documents held.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let documents = try await store.withStore("whereabouts.un") { try await $0.unDocuments() }
            if documents.isEmpty {
                print("No UN document is held; `whereabouts un import FILE --symbol SYMBOL` adds one.")
            }
            for document in documents {
                print(
                    "\(document.symbol)\t\(document.kind.rawValue)\t\(document.issued ?? "-")\t"
                        + "\(document.paragraphs) paragraphs\t\(document.recommendations) recommendations\t\(document.title ?? "")"
                )
            }
        }
    }

    struct Recommendations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The recommendations held, one row each, with their position on a day.")

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

        @OptionGroup var store: StoreOptions
        @Option(help: "Only this document's recommendations.") var symbol: String?
        @Option(help: "Only recommendations about this theme (e.g. abductions, enforced-disappearance).") var theme:
            String?
        @Option(help: "Only recommendations this State made (English short name).") var state: String?
        @Option(
            help:
                "Only recommendations at this position: \(UNPosition.allCases.map(\.rawValue).joined(separator: ", "))."
        )
        var position: String?
        @Option(
            help:
                "Only recommendations at this implementation: \(UNImplementation.allCases.map(\.rawValue).joined(separator: ", ")), \(UNImplementation.notAssessed)."
        )
        var implementation: String?
        @Option(help: "Only recommendations of this UPR cycle (1, 2, 3…).") var cycle: Int?
        @Option(help: "Their position on this day (YYYY-MM-DD); by default, after every response recorded.")
        var on: String?
        @Option(help: "csv or json.") var format: Format = .csv

        func run() async throws {
            let symbol = try self.symbol.map { text in
                guard let symbol = UNSymbol(text) else { throw ValidationError("\(text) is not a UN document symbol") }
                return symbol
            }
            let position = try self.position.map { text in
                guard let position = UNPosition(rawValue: text) else {
                    throw ValidationError("unknown position \(text)")
                }
                return position
            }
            if let implementation, UNImplementation(rawValue: implementation) == nil,
                implementation != UNImplementation.notAssessed
            {
                throw ValidationError("unknown implementation \(implementation)")
            }
            let filter = UNRecommendationFilter(
                symbol: symbol, theme: theme, state: state, position: position, implementation: implementation,
                cycle: cycle)
            let day = on
            let tracked = try await store.withStore("whereabouts.un") {
                try await $0.unRecommendations(filter, on: day)
            }
            switch format {
            case .csv: FileHandle.standardOutput.write(UNRecommendationExport.csv(tracked))
            case .json:
                FileHandle.standardOutput.write(try UNRecommendationExport.json(tracked))
                print()
            }
        }
    }

    struct Respond: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a State's response on a recommendation (appended to its history; nothing is rewritten).")

        @OptionGroup var store: StoreOptions
        @Option(help: "The document that made the recommendation.") var symbol: String
        @Option(help: "The recommendation's number as cited, e.g. 90.1 or 51(a).") var number: String
        @Option(help: "\(UNPosition.allCases.map(\.rawValue).joined(separator: ", ")).") var position: String
        @Option(help: "\(UNResponse.Stage.allCases.map(\.rawValue).joined(separator: ", ")).") var stage: String
        @Option(help: "The day of the response, YYYY-MM-DD.") var date: String
        @Option(help: "Where the response is written, e.g. \"A/HRC/13/13/Add.1, para. 4\".") var source: String?
        @Option(help: "The clause the response is about, when it splits the recommendation.") var clause: String?
        @Option(help: "A note.") var note: String?

        func run() async throws {
            guard let symbol = UNSymbol(symbol) else {
                throw ValidationError("\(self.symbol) is not a UN document symbol")
            }
            guard let position = UNPosition(rawValue: position) else {
                throw ValidationError("unknown position \(self.position)")
            }
            guard let stage = UNResponse.Stage(rawValue: stage) else {
                throw ValidationError("unknown stage \(self.stage)")
            }
            let response = UNResponse(
                stage: stage, position: position, clause: clause, date: date, source: source, note: note)
            let number = self.number
            try await store.asOperator { operations, writer, origin in
                try await operations.unDocuments.recordResponse(
                    response, symbol: symbol, number: number, by: writer, from: origin)
            }
            print("\(symbol) \(number): \(position.rawValue) (\(stage.rawValue), \(date)) recorded")
        }
    }

    struct Assess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Record an assessment of how far a recommendation is implemented (appended; nothing is rewritten).")

        @OptionGroup var store: StoreOptions
        @Option(help: "The document that made the recommendation.") var symbol: String
        @Option(help: "The recommendation's number as cited, e.g. 90.1 or 51(a).") var number: String
        @Option(help: "\(UNImplementation.allCases.map(\.rawValue).joined(separator: ", ")).") var implementation:
            String
        @Option(help: "The day of the assessment, YYYY-MM-DD.") var date: String
        @Option(name: .customLong("by"), help: "Who made the assessment, as it is to be cited.") var assessedBy: String
        @Option(help: "A record or evidence item the assessment rests on (repeatable).") var evidence: [String] = []
        @Option(help: "A note.") var note: String?

        func run() async throws {
            guard let symbol = UNSymbol(symbol) else {
                throw ValidationError("\(self.symbol) is not a UN document symbol")
            }
            guard let implementation = UNImplementation(rawValue: implementation) else {
                throw ValidationError("unknown implementation \(self.implementation)")
            }
            let assessment = UNAssessment(
                implementation: implementation, date: date, assessedBy: assessedBy, evidence: evidence, note: note)
            let number = self.number
            try await store.asOperator { operations, writer, origin in
                try await operations.unDocuments.recordAssessment(
                    assessment, symbol: symbol, number: number, by: writer, from: origin)
            }
            print("\(symbol) \(number): implementation \(implementation.rawValue) (\(date)) recorded")
        }
    }
}

extension UN {
    struct Repeat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Link a recommendation to an earlier one (of another document) that it repeats.")

        @OptionGroup var store: StoreOptions
        @Option(help: "The later recommendation's document.") var symbol: String
        @Option(help: "The later recommendation's number.") var number: String
        @Option(help: "The earlier recommendation's document.") var repeatsSymbol: String
        @Option(help: "The earlier recommendation's number.") var repeatsNumber: String

        func run() async throws {
            guard let symbol = UNSymbol(symbol), let earlier = UNSymbol(repeatsSymbol) else {
                throw ValidationError("\(self.symbol) or \(repeatsSymbol) is not a UN document symbol")
            }
            let (number, earlierNumber) = (self.number, repeatsNumber)
            try await store.asOperator { operations, writer, origin in
                try await operations.unDocuments.linkRepeat(
                    symbol: symbol, number: number, repeats: earlier, earlierNumber, by: writer, from: origin)
            }
            print("\(symbol) \(number) repeats \(earlier) \(earlierNumber)")
        }
    }
}

extension UN {
    struct ImportExport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-export",
            abstract:
                "Read an export of UHRI or UPR Info (the .xlsx workbook the site downloads, or CSV): each row is matched to a recommendation held or added; rows imported before change nothing."
        )

        enum Source: String, ExpressibleByArgument, CaseIterable { case uhri, uprInfo = "upr-info" }

        @OptionGroup var store: StoreOptions
        @Argument(help: "The export, as .xlsx or CSV.") var file: String
        @Option(help: "uhri or upr-info.") var source: Source
        @Option(help: "The report the rows come from, for rows that name none (UPR Info's export).") var symbol: String?

        func run() async throws {
            let symbol = try self.symbol.map { text in
                guard let symbol = UNSymbol(text) else { throw ValidationError("\(text) is not a UN document symbol") }
                return symbol
            }
            let url = URL(fileURLWithPath: file)
            guard let data = try? Data(contentsOf: url) else { throw ValidationError("cannot read \(file)") }
            let source = UNExternalSource(rawValue: self.source.rawValue) ?? .uhri
            let rows: [ExternalUNRecommendation]
            do {
                rows = try UNDatabaseExport.read(data, source: source, symbol: symbol)
            } catch {
                throw CommandFailure("\(file), line \(error.line): \(error.message); nothing was imported")
            }
            let outcome = try await store.asOperator { operations, writer, origin in
                try await operations.unDocuments.importExport(
                    rows, source: source, file: url.lastPathComponent, by: writer, from: origin)
            }
            print(
                "\(rows.count) rows from \(source.label): \(outcome.matched) matched a recommendation held, "
                    + "\(outcome.added) added, \(outcome.unchanged) imported before (unchanged)"
                    + (outcome.documentsAdded > 0
                        ? "; \(outcome.documentsAdded) documents known only by the listing" : ""))
        }
    }
}

extension StoreOptions {
    /// Runs `body` with the operations, the operator at the machine as the writer and the CLI as the
    /// origin; a refusal by the store is told as the command's failure, in words.
    fileprivate func asOperator<T>(_ body: (CommandOperations, Writer, OperationOrigin) async throws -> T)
        async throws -> T
    {
        try await refusedAsFailure {
            try await withOperations("whereabouts.un") { operations in
                try await body(
                    operations, .operatorWriter(actor: StoreOptions.operatorName),
                    OperationOrigin(via: "cli", address: "cli"))
            }
        }
    }
}

/// Runs `body`; a refusal by the store (an invalid field) is told as the command's failure, in words.
private func refusedAsFailure<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch StoreError.invalid(let issues) {
        throw CommandFailure(issues.map(\.message).joined(separator: "; "))
    } catch StoreError.notFound(let id) {
        throw CommandFailure("no record \(id)")
    } catch StoreError.noSuchEvidence(let id) {
        throw CommandFailure("no record or evidence item \(id.prefix(100))")
    }
}
