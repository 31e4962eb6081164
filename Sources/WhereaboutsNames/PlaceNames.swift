import Foundation

/// Keys for provinces, prefectures and cities written in any script or romanisation, so that
/// 함경남도 / Hamgyeongnam-do / Hamgyongnam-do / South Hamgyong / Hamgyŏng-namdo all give one key, and
/// 新潟県 / にいがた / Niigata / Niigata Prefecture another. Unknown places still get a folded key.
public enum PlaceNames {
    /// A place's key and, when the place is one the table knows, its country (ISO 3166 alpha-2).
    public struct Place: Hashable, Sendable {
        public let key: String
        public let country: String?
    }

    /// The key of a place name, or `nil` when it has no letters.
    public static func place(_ text: String) -> Place? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        if let romaji = prefectureByKanji[trimmed] ?? prefectureByKanji[String(trimmed.dropLast())] {
            return Place(key: NameKey.simplify(romaji), country: "JP")
        }
        guard let key = key(of: trimmed) else { return nil }
        return Place(key: key, country: countryByKey[key])
    }

    static func key(of text: String) -> String? {
        var latin = text
        if Hangul.isHangul(text.replacingOccurrences(of: " ", with: "")) {
            latin = KoreanRomanisation.revised.romanise(text)
        } else if KanaRomanisation.isKana(text.replacingOccurrences(of: " ", with: "")) {
            latin = KanaRomanisation.hepburn.romanise(text)
        }
        var words = latin.lowercased().split(whereSeparator: { " -_,.'’".contains($0) }).map(String.init)
        words.removeAll { ["province", "prefecture", "city", "special", "metropolitan", "county"].contains($0) }
        if let first = words.first, ["north", "south"].contains(first), words.count >= 2 {
            words = Array(words.dropFirst()) + [first == "north" ? "buk" : "nam"]
        }
        var letters = NameKey.fold(words.joined())
        for (suffix, replacement) in suffixes where letters.hasSuffix(suffix) && letters.count > suffix.count + 2 {
            letters = String(letters.dropLast(suffix.count)) + replacement
            break
        }
        guard !letters.isEmpty else { return nil }
        return NameKey.simplify(letters)
    }

    /// Administrative suffixes, longest first: -bukto and -namdo (DPRK spellings), -do, -si, -ken.
    private static let suffixes: [(String, String)] = [
        ("bukto", "buk"), ("namdo", "nam"), ("bukdo", "buk"), ("do", ""), ("si", ""), ("shi", ""), ("ken", ""),
        ("jikhalsi", ""), ("gwangyeoksi", ""), ("teukbyeolsi", ""),
    ]

    /// The provinces and large cities of both Koreas, in Hangul.
    static let korean = [
        "평양", "평안남도", "평안북도", "자강도", "황해남도", "황해북도", "강원도", "함경남도", "함경북도", "양강도", "라선", "남포",
        "개성", "신의주", "함흥", "청진", "원산", "혜산", "서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기도",
        "충청북도", "충청남도", "전라북도", "전라남도", "경상북도", "경상남도", "제주도",
    ]

    /// Japan's prefectures, in kanji (without 県/府/都 where that is how they are written) and Hepburn.
    static let prefectures: [(String, String)] = [
        ("北海道", "hokkaido"), ("青森", "aomori"), ("岩手", "iwate"), ("宮城", "miyagi"), ("秋田", "akita"),
        ("山形", "yamagata"), ("福島", "fukushima"), ("茨城", "ibaraki"), ("栃木", "tochigi"), ("群馬", "gunma"),
        ("埼玉", "saitama"), ("千葉", "chiba"), ("東京", "tokyo"), ("神奈川", "kanagawa"), ("新潟", "niigata"),
        ("富山", "toyama"), ("石川", "ishikawa"), ("福井", "fukui"), ("山梨", "yamanashi"), ("長野", "nagano"),
        ("岐阜", "gifu"), ("静岡", "shizuoka"), ("愛知", "aichi"), ("三重", "mie"), ("滋賀", "shiga"), ("京都", "kyoto"),
        ("大阪", "osaka"), ("兵庫", "hyogo"), ("奈良", "nara"), ("和歌山", "wakayama"), ("鳥取", "tottori"),
        ("島根", "shimane"), ("岡山", "okayama"), ("広島", "hiroshima"), ("山口", "yamaguchi"), ("徳島", "tokushima"),
        ("香川", "kagawa"), ("愛媛", "ehime"), ("高知", "kochi"), ("福岡", "fukuoka"), ("佐賀", "saga"),
        ("長崎", "nagasaki"), ("熊本", "kumamoto"), ("大分", "oita"), ("宮崎", "miyazaki"), ("鹿児島", "kagoshima"),
        ("沖縄", "okinawa"),
    ]

    static let prefectureByKanji: [String: String] = {
        var map: [String: String] = [:]
        for (kanji, romaji) in prefectures {
            map[kanji] = romaji
            for suffix in ["県", "府", "都"] { map[kanji + suffix] = romaji }
        }
        map["北海"] = "hokkaido"
        return map
    }()

    static let countryByKey: [String: String] = {
        var map: [String: String] = [:]
        for name in korean { if let key = key(of: name) { map[key] = "KR" } }
        for (_, romaji) in prefectures { if let key = key(of: romaji) { map[key] = "JP" } }
        return map
    }()
}
