/// One way a person's or organisation's name was written, with where that form came from.
public struct NameForm: Codable, Hashable, Sendable {
    /// The writing system of the form.
    public enum Script: String, Codable, Sendable, CaseIterable {
        case hangul, hanja, kanji, hiragana, katakana, latin, cyrillic, mixed, other
    }

    /// How a Latin form was romanised.
    public enum Romanisation: String, Codable, Sendable, CaseIterable {
        case revisedRomanisation = "revised-romanisation"
        case mccuneReischauer = "mccune-reischauer"
        case dprk
        case hepburn
        case kunrei
        case pinyin
        case other
    }

    /// The name as written in full.
    public var full: String
    public var family: String?
    public var given: String?
    /// Detected from `full` when not given.
    public var script: Script?
    /// BCP 47 language tag (`ko`, `ja`, `en`, `zh`).
    public var language: String?
    public var romanisation: Romanisation?
    /// Birth name, alias, name in a foreign document…
    public var note: String?
    /// The source that gave this form.
    public var sourceID: RecordID?

    public init(
        full: String, family: String? = nil, given: String? = nil, script: Script? = nil, language: String? = nil,
        romanisation: Romanisation? = nil, note: String? = nil, sourceID: RecordID? = nil
    ) {
        self.full = full
        self.family = family
        self.given = given
        self.script = script ?? NameForm.detectScript(full)
        self.language = language
        self.romanisation = romanisation
        self.note = note
        self.sourceID = sourceID
    }

    private enum CodingKeys: String, CodingKey {
        case full, family, given, script, language, romanisation, note, sourceID
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            full: try c.decode(String.self, forKey: .full),
            family: try c.decodeIfPresent(String.self, forKey: .family),
            given: try c.decodeIfPresent(String.self, forKey: .given),
            script: try c.decodeIfPresent(Script.self, forKey: .script),
            language: try c.decodeIfPresent(String.self, forKey: .language),
            romanisation: try c.decodeIfPresent(Romanisation.self, forKey: .romanisation),
            note: try c.decodeIfPresent(String.self, forKey: .note),
            sourceID: try c.decodeIfPresent(RecordID.self, forKey: .sourceID))
    }

    /// The script the letters of `text` belong to; `mixed` when they belong to several.
    public static func detectScript(_ text: String) -> Script {
        var found = Set<Script>()
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            switch scalar.value {
            case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F: found.insert(.hangul)
            case 0x3040...0x309F: found.insert(.hiragana)
            case 0x30A0...0x30FF, 0x31F0...0x31FF: found.insert(.katakana)
            case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF: found.insert(.hanja)
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: found.insert(.latin)
            case 0x400...0x4FF: found.insert(.cyrillic)
            default: found.insert(.other)
            }
        }
        if found.count == 1, let only = found.first { return only }
        // Kanji with kana is Japanese writing; Hanja with Hangul is Korean mixed script.
        if found.isSubset(of: [.hanja, .hiragana, .katakana]), !found.isDisjoint(with: [.hiragana, .katakana]) {
            return .mixed
        }
        return found.isEmpty ? .other : .mixed
    }

    func check(at path: String, into checker: inout Checker) {
        checker.text(full, at: path + "/full", required: true, maxLength: 300)
        checker.text(family, at: path + "/family", maxLength: 200)
        checker.text(given, at: path + "/given", maxLength: 200)
        checker.text(language, at: path + "/language", maxLength: 35)
        checker.text(note, at: path + "/note", maxLength: 500)
        if let language, !language.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            checker.fail(path + "/language", "must be a BCP 47 language tag such as ko, ja or en")
        }
    }
}
