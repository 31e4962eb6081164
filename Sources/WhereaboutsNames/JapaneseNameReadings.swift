/// Readings of kanji as they are used in Japanese personal and family names.
///
/// Unihan gives each kanji's on and kun readings as dictionary words (大 ookii, 宏 hiroi, 八 yatsu);
/// names use stems (大野 Oono, 宏 Hiro, 八重子 Yaeko), readings dictionaries call nanori (隆 Takashi,
/// 洋 Hiroshi, 一 Kazu), and voiced forms after the first character (山崎 Yamazaki, 小林 Kobayashi).
extension HanReadings {
    /// Unihan's Japanese readings of a kanji, then each kun reading without its last syllable, then
    /// the name readings below; voiced forms are added by ``voiced(_:)`` for later positions.
    public static func japaneseNameReadings(_ scalar: Unicode.Scalar) -> [String] {
        var readings = japanese(scalar)
        var seen = Set(readings)
        func add(_ reading: String) { if !reading.isEmpty, seen.insert(reading).inserted { readings.append(reading) } }
        for reading in readings where reading.count >= 4 { add(dropLastSyllable(reading)) }
        for reading in nanori[Character(scalar)] ?? [] { add(reading) }
        return readings
    }

    /// The voiced forms a reading takes inside a compound (rendaku): h → b, s → z, sh → j, t → d, k → g.
    public static func voiced(_ reading: String) -> [String] {
        for (plain, voiced) in [("sh", "j"), ("ch", "j"), ("h", "b"), ("f", "b"), ("s", "z"), ("t", "d"), ("k", "g")]
        where reading.hasPrefix(plain) {
            return [voiced + reading.dropFirst(plain.count)]
        }
        return []
    }

    /// `hiroi` → `hiro`, `yatsu` → `ya`, `hisashii` → `hisashi`.
    static func dropLastSyllable(_ reading: String) -> String {
        var letters = Array(reading)
        guard let last = letters.last, "aeiou".contains(last) else { return reading }
        letters.removeLast()
        while let previous = letters.last, !"aeiou".contains(previous) { letters.removeLast() }
        return String(letters)
    }

    /// Name readings of common name kanji that Unihan's kun and on readings miss.
    static let nanori: [Character: [String]] = [
        "一": ["kazu", "hajime"], "二": ["ji"], "三": ["zou", "mitsu"], "大": ["oo", "hiro"], "小": ["ko", "o"],
        "中": ["naka"], "上": ["ue", "kami"], "下": ["shita", "shimo"], "内": ["uchi"], "西": ["nishi"],
        "東": ["higashi", "azuma"], "南": ["minami"], "北": ["kita"], "山": ["yama"], "川": ["kawa", "gawa"],
        "田": ["ta", "da"], "野": ["no"], "村": ["mura"], "井": ["i"], "島": ["shima", "jima"], "崎": ["saki", "zaki"],
        "沢": ["sawa", "zawa"], "原": ["hara", "wara"], "橋": ["hashi", "bashi"], "松": ["matsu"], "森": ["mori"],
        "林": ["hayashi", "bayashi"], "石": ["ishi"], "岡": ["oka"], "谷": ["tani", "ya"], "宮": ["miya"],
        "坂": ["saka", "zaka"], "後": ["go"], "近": ["kon", "chika"], "工": ["ku"], "佐": ["sa"], "斎": ["sai"],
        "斉": ["sai"], "伊": ["i"], "渡": ["wata"], "辺": ["nabe", "be"], "高": ["taka"], "曽": ["so"], "我": ["ga"],
        "有": ["ari"], "浜": ["hama"], "寺": ["tera", "dera"], "福": ["fuku"], "葉": ["ha", "ba"], "水": ["mizu"],
        "清": ["kiyo"], "藤": ["fuji"], "木": ["ki", "gi"], "本": ["moto"], "横": ["yoko"], "久": ["hisa"],
        "米": ["me"], "市": ["ichi"], "地": ["chi"], "蓮": ["hasu"], "隆": ["takashi", "taka"],
        "洋": ["hiroshi", "hiro"], "宏": ["hiroshi", "hiro"], "浩": ["hiroshi", "hiro"], "博": ["hiroshi", "hiro"],
        "弘": ["hiroshi", "hiro"], "裕": ["hiro", "yuu"], "明": ["aki", "akira"], "昭": ["aki"], "晃": ["aki"],
        "秋": ["aki"], "彦": ["hiko"], "雄": ["o"], "夫": ["o"], "郎": ["rou"], "太": ["ta"], "幸": ["yuki"],
        "和": ["kazu"], "真": ["ma", "shin"], "紀": ["ki", "nori"], "香": ["ka"], "奈": ["na"], "智": ["tomo"],
        "秀": ["hide"], "英": ["hide"], "義": ["yoshi"], "良": ["yoshi"], "信": ["nobu"], "俊": ["toshi"],
        "敏": ["toshi"], "達": ["tatsu"], "勝": ["katsu"], "誠": ["makoto"], "修": ["osamu"], "茂": ["shigeru"],
        "実": ["minoru"], "豊": ["yutaka"], "武": ["takeshi"], "剛": ["tsuyoshi", "takeshi"], "勇": ["isamu"],
        "進": ["susumu"], "淳": ["jun", "atsushi"], "純": ["jun"], "千": ["chi"], "代": ["yo"], "江": ["e"],
        "枝": ["e"], "里": ["ri", "sato"], "優": ["yuu"], "悠": ["yuu"], "陽": ["you", "haru"], "春": ["haru"],
        "直": ["nao"], "光": ["mitsu", "hikaru"], "輝": ["teru"], "徹": ["tooru"], "透": ["tooru"], "哲": ["tetsu"],
        "聡": ["satoshi"], "学": ["manabu"], "望": ["nozomi"], "愛": ["ai"], "綾": ["aya"], "彩": ["aya"],
        "康": ["yasu"], "泰": ["yasu"], "安": ["yasu"], "保": ["yasu"], "則": ["nori"], "典": ["nori"],
        "孝": ["taka"], "貴": ["taka"], "崇": ["takashi"], "尚": ["nao", "takashi"], "敬": ["takashi"],
        "喜": ["yoshi"], "吉": ["yoshi"], "佳": ["yoshi", "ka"], "嘉": ["yoshi"], "芳": ["yoshi"], "圭": ["kei"],
        "啓": ["kei"], "恵": ["megumi", "kei", "e"], "美": ["mi"], "子": ["ko"], "寿": ["hisa", "toshi"],
        "永": ["naga"], "長": ["naga"], "伸": ["nobu"], "重": ["e", "shige"], "八": ["ya"], "輔": ["suke"],
        "介": ["suke"], "助": ["suke"], "亮": ["ryou", "akira"], "健": ["ken"], "亨": ["tooru"], "薫": ["kaoru"],
        "由": ["yu"], "祐": ["yuu", "suke"], "増": ["masu"], "元": ["moto"], "口": ["guchi"], "池": ["ike"],
    ]
}
