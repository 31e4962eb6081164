import ArgumentParser
import Foundation
import WhereaboutsCore
import WhereaboutsStore

/// `whereabouts vocab import|list`.
struct Vocab: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Controlled vocabularies (HURIDOCS micro-thesauri and Whereabouts' own).",
        subcommands: [ImportThesaurus.self, List.self])

    struct ImportThesaurus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Load a HURIDOCS micro-thesauri CSV (all lists, in one transaction).")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The CSV, e.g. ../shared/fixtures/vocabularies/huridocs_microthesauri.csv")
        var file: String

        func run() async throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(file) as UTF-8 text")
            }
            let terms: [VocabularyTerm]
            do {
                terms = try HuridocsThesaurus.read(text)
            } catch let error as HuridocsThesaurus.ReadError {
                throw CommandFailure("\(file): \(error.description); nothing was imported")
            }
            try await store.withStore("whereabouts.vocab") { records in try await records.upsert(terms: terms) }
            let schemes = Set(terms.map(\.scheme)).count
            print("Imported \(terms.count) terms in \(schemes) vocabularies from \(file).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the schemes, or the terms of one scheme.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "A scheme such as violation-types.") var scheme: String?
        @Option(help: "Label language: en, ko or ja.") var language: String = "en"

        func run() async throws {
            let terms = try await store.withStore("whereabouts.vocab") { records in
                try await records.terms(scheme.map { VocabularyScheme($0) })
            }
            if scheme == nil {
                for (name, group) in Dictionary(grouping: terms, by: \.scheme.rawValue).sorted(by: { $0.key < $1.key })
                {
                    print("\(name)\t\(group.count) terms")
                }
                return
            }
            guard !terms.isEmpty else { throw ValidationError("there is no vocabulary called \(scheme ?? "")") }
            let codes = Set(terms.map(\.code))
            let children = Dictionary(grouping: terms) { term in
                term.parentCode.flatMap { codes.contains($0) ? $0 : nil } ?? ""
            }
            func show(_ parent: String, depth: Int) {
                for term in children[parent] ?? [] {
                    print(String(repeating: "  ", count: depth) + "\(term.code)\t\(term.label(language))")
                    show(term.code, depth: depth + 1)
                }
            }
            show("", depth: 0)
        }
    }
}
