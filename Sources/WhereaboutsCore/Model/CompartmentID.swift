/// The rule for compartment identifiers, checked wherever one comes in (API parameters, forms, the
/// CLI, imports) before anything is stored or any key is made for it.
public enum CompartmentID {
    /// Three to 64 lower-case ASCII letters, digits, dashes and underscores.
    public static func isValid(_ id: String) -> Bool {
        (3...64).contains(id.unicodeScalars.count)
            && id.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            }
    }

    /// The issues of identifiers that break the rule, at `path`, naming none of them (they may hold anything).
    public static func issues(_ ids: some Sequence<String>, at path: String) -> [FieldIssue] {
        ids.contains { !isValid($0) }
            ? [FieldIssue(path: path, message: "a compartment is named by 3 to 64 letters a–z, digits, '-' or '_'")]
            : []
    }
}
