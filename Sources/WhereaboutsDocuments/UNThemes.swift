import Foundation

/// The themes a recommendation or paragraph is about, from the words it uses: the themes of this
/// product's users (abductions, enforced disappearance, forced labour, cyber, escapees, families,
/// prisoners of war…) and the usual UPR ones around them. A theme is given by word stems, matched at
/// the start of words, so "abducted", "abductions" and "abductees" all give `abductions`.
public enum UNThemes {
    /// Each theme's code with the word stems (lowercase) that give it.
    public static let stems: [(theme: String, stems: [String])] = [
        ("abductions", ["abduct", "kidnap"]),
        ("enforced-disappearance", ["enforced disappear", "disappeared", "disappearance", "whereabouts", "fate of"]),
        ("forced-labour", ["forced labour", "forced labor", "labour camp", "overseas worker", "slavery"]),
        ("cyber", ["cyber", "hacking", "phishing", "malware"]),
        (
            "escapees",
            ["escapee", "refugee", "defector", "non-refoul", "repatriat", "leave the country", "leave and enter"]
        ),
        ("families", ["famil", "separated", "relatives", "reunion", "reunification"]),
        ("prisoners-of-war", ["prisoner of war", "prisoners of war", "prisoners-of-war"]),
        ("military-personnel", ["military personnel", "conscript", "soldier", "military service"]),
        ("detention", ["detention", "detain", "prison", "political camp", "kwanliso"]),
        ("torture", ["torture", "ill-treatment", "cruel, inhuman"]),
        ("food", ["food", "hunger", "malnutrition", "humanitarian aid", "humanitarian assistance"]),
        ("expression", ["freedom of expression", "freedom of opinion", "access to information", "media"]),
        ("accountability", ["accountab", "impunity", "justice", "prosecut", "reparation"]),
        (
            "cooperation-with-un",
            ["special rapporteur", "special procedures", "ohchr", "technical cooperation", "treaty bod"]
        ),
        ("treaties", ["ratif", "accede", "accession", "optional protocol", "convention"]),
        ("women", ["women", "gender", "girls"]),
        ("children", ["child"]),
    ]

    /// The themes of `text`, in the order of `stems`.
    public static func of(_ text: String) -> [String] {
        let words =
            " "
            + text.lowercased().replacingOccurrences(of: "’", with: "'")
            .components(separatedBy: CharacterSet.letters.union(CharacterSet(charactersIn: "-,")).inverted)
            .filter { !$0.isEmpty }.joined(separator: " ")
        return stems.filter { _, stems in stems.contains { words.contains(" " + $0) } }.map(\.theme)
    }
}
