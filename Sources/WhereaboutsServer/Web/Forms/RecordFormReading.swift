import Foundation
import WhereaboutsCore

/// Reads a submitted record form (or a query string that prefills one) into the JSON body its
/// kind's schema describes, field by field. Field names are the body's JSON Pointers with dots
/// (`places.0.country`); a list's items are numbered, and an item is dropped when its
/// `_remove.<name>` box is ticked.
enum RecordFormReading {
    /// The JSON value the fields under `name` describe, or `nil` when they are all empty.
    static func value(_ shape: FormShape, _ form: Form, name: String = "") -> JSONValue? {
        switch shape {
        case .text, .date, .day, .country, .choice, .code, .reference:
            return form[name].map { .string($0) }
        case .boolean:
            return form[name].map { .bool($0 == "true") }
        case .number:
            // Text that is not a number is kept as text, so that decoding names the field.
            return form[name].map { text in Double(text).map { .number($0) } ?? .string(text) }
        case .group(let members):
            var object: [String: JSONValue] = [:]
            for member in members {
                object[member.name] = value(member.shape, form, name: child(name, member.name))
            }
            return object.isEmpty && !name.isEmpty ? nil : .object(object)
        case .list(let item):
            if case .choice = item {
                let values = form.all(name)
                return values.isEmpty ? nil : .array(values.map { .string($0) })
            }
            let items = indexes(under: name, form).filter { form[removal(child(name, String($0)))] == nil }
                .compactMap { value(item, form, name: child(name, String($0))) }
            return items.isEmpty ? nil : .array(items)
        }
    }

    /// The record the form describes, or the issues that say why not (decoding, then the kind's checks).
    static func body(_ kind: RecordKind, _ form: Form) -> (body: (any RecordBody)?, issues: [FieldIssue]) {
        let shape = RecordFormSchemas.shapes[kind] ?? .group([])
        let json = value(shape, form) ?? .object([:])
        // Every field's own problem at once (decoding would stop at the first).
        let early = issues(shape, json)
        if !early.isEmpty { return (nil, early) }
        do {
            let body = try kind.bodyType.decoded(from: try json.data())
            let issues = body.validate()
            return (issues.isEmpty ? body : nil, issues)
        } catch let error as DecodingError {
            return (nil, [error.fieldIssue ?? FieldIssue(path: "", message: "\(error)")])
        } catch {
            return (nil, [FieldIssue(path: "", message: "\(error)")])
        }
    }

    /// What is wrong with the fields themselves: a required field left empty, a date that cannot be
    /// read, a number that is not one.
    static func issues(_ shape: FormShape, _ value: JSONValue?, pointer: String = "") -> [FieldIssue] {
        switch (shape, value) {
        case (.group(let members), .object(let object)?):
            return members.flatMap { member -> [FieldIssue] in
                let path = pointer + "/" + member.name
                guard let present = object[member.name] else {
                    return member.required ? [FieldIssue(path: path, message: "is required")] : []
                }
                return issues(member.shape, present, pointer: path)
            }
        case (.list(let item), .array(let items)?):
            return items.enumerated().flatMap { issues(item, $0.element, pointer: pointer + "/\($0.offset)") }
        case (.date, .string(let text)?):
            return (try? FuzzyDate.parse(text)) == nil ? [FieldIssue(path: pointer, message: "is not a date")] : []
        case (.day, .string(let text)?):
            return Day(iso: text) == nil ? [FieldIssue(path: pointer, message: "is not a date")] : []
        case (.number, .string?):
            return [FieldIssue(path: pointer, message: "must be a number")]
        default:
            return []
        }
    }

    /// The form field a JSON Pointer names (`/places/0/country` → `places.0.country`).
    static func field(_ pointer: String) -> String {
        pointer.split(separator: "/", omittingEmptySubsequences: true).joined(separator: ".")
    }

    static func child(_ name: String, _ part: String) -> String { name.isEmpty ? part : name + "." + part }

    /// The name of the box that removes a list item.
    static func removal(_ name: String) -> String { "_remove." + name }

    /// The item numbers sent under a list's name, in order.
    static func indexes(under name: String, _ form: Form) -> [Int] {
        let prefix = name + "."
        var found = Set<Int>()
        for (key, _) in form.fields where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            if let number = Int(rest.prefix { $0 != "." }), number >= 0, number < 1_000 { found.insert(number) }
        }
        return found.sorted()
    }
}
