/// Name parts for fictional people, with the romanisations real sources use. Combined at random,
/// they make names that look like those in real lists without being any real victim's.
enum DemoNames {
    /// Hangul, Revised Romanisation, DPRK-style (McCune–Reischauer without diacritics).
    static let koreanSurnames: [(String, String, String)] = [
        ("김", "Kim", "Kim"), ("이", "Lee", "Ri"), ("박", "Park", "Pak"), ("최", "Choi", "Choe"),
        ("정", "Jung", "Jong"), ("강", "Kang", "Kang"), ("조", "Cho", "Jo"), ("윤", "Yoon", "Yun"),
        ("장", "Jang", "Jang"), ("한", "Han", "Han"), ("오", "Oh", "O"), ("서", "Seo", "So"),
        ("신", "Shin", "Sin"), ("권", "Kwon", "Kwon"), ("황", "Hwang", "Hwang"), ("림", "Lim", "Rim"),
    ]

    static let koreanSyllables: [(String, String, String)] = [
        ("영", "yeong", "yong"), ("희", "hui", "hui"), ("철", "cheol", "chol"), ("수", "su", "su"),
        ("민", "min", "min"), ("정", "jeong", "jong"), ("호", "ho", "ho"), ("순", "sun", "sun"),
        ("옥", "ok", "ok"), ("남", "nam", "nam"), ("혁", "hyeok", "hyok"), ("광", "gwang", "kwang"),
        ("명", "myeong", "myong"), ("성", "seong", "song"), ("은", "eun", "un"), ("숙", "suk", "suk"),
        ("일", "il", "il"), ("춘", "chun", "chun"), ("금", "geum", "kum"), ("선", "seon", "son"),
    ]

    /// Kanji, hiragana, Hepburn.
    static let japaneseSurnames: [(String, String, String)] = [
        ("佐藤", "さとう", "Sato"), ("鈴木", "すずき", "Suzuki"), ("高橋", "たかはし", "Takahashi"),
        ("田中", "たなか", "Tanaka"), ("伊藤", "いとう", "Ito"), ("渡辺", "わたなべ", "Watanabe"),
        ("山本", "やまもと", "Yamamoto"), ("中村", "なかむら", "Nakamura"), ("小林", "こばやし", "Kobayashi"),
        ("加藤", "かとう", "Kato"), ("吉田", "よしだ", "Yoshida"), ("山口", "やまぐち", "Yamaguchi"),
    ]

    static let japaneseGivenNames: [(String, String, String)] = [
        ("花子", "はなこ", "Hanako"), ("恵子", "けいこ", "Keiko"), ("一郎", "いちろう", "Ichiro"),
        ("健", "けん", "Ken"), ("直子", "なおこ", "Naoko"), ("和夫", "かずお", "Kazuo"), ("洋子", "ようこ", "Yoko"),
        ("誠", "まこと", "Makoto"), ("由美", "ゆみ", "Yumi"), ("浩", "ひろし", "Hiroshi"),
    ]

    /// Hiragana to katakana (the blocks are 0x60 apart).
    static func katakana(_ hiragana: String) -> String {
        String(
            String.UnicodeScalarView(
                hiragana.unicodeScalars.map { scalar in
                    (0x3041...0x3096).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x60)! : scalar
                }))
    }
}
