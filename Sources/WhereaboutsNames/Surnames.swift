/// Common Korean family names with the Latin spellings in use for them (South Korean passports,
/// McCune–Reischauer, the DPRK, and spellings families chose), folded to lower-case letters. Spellings
/// the key's folding already brings together (Jung/Jeong/Chŏng) need not be listed; the ones it cannot
/// guess (Park, Choi, Lee written Yi, Rhee, Ri or I) must be.
enum Surnames {
    static let table: [String: [String]] = [
        "김": ["kim", "gim", "kym"],
        "이": ["lee", "yi", "rhee", "ri", "i", "rhie", "lie", "yee", "li", "ree", "rie"],
        "박": ["park", "pak", "bak", "bahk", "pack", "pag", "parc"],
        "최": ["choi", "choe", "chey", "choy", "chwe", "choue", "cui"],
        "정": ["jung", "jeong", "chung", "jong", "cheong", "chong", "joung", "jeung"],
        "강": ["kang", "gang", "khang"],
        "조": ["cho", "jo", "joe", "chough", "jho"],
        "윤": ["yoon", "yun", "youn", "yune"],
        "장": ["jang", "chang", "zang", "jhang"],
        "임": ["lim", "im", "rim", "yim", "leem", "lym"],
        "한": ["han", "hahn"],
        "오": ["oh", "o", "auh"],
        "서": ["seo", "suh", "so", "sur", "seoh"],
        "신": ["shin", "sin", "sheen", "shinn"],
        "권": ["kwon", "gwon", "kweon", "kwun"],
        "황": ["hwang", "whang"],
        "안": ["ahn", "an", "ann"],
        "송": ["song", "soung"],
        "류": ["ryu", "yu", "yoo", "ryoo", "rew", "lyu", "you", "lyoo"],
        "전": ["jeon", "chun", "jun", "chon", "cheon", "jeun"],
        "홍": ["hong", "houng"],
        "고": ["ko", "go", "koh", "kho"],
        "문": ["moon", "mun", "muhn"],
        "양": ["yang", "ryang", "lyang"],
        "손": ["son", "sohn", "shon"],
        "배": ["bae", "pae", "bai", "bay"],
        "백": ["baek", "paek", "baik", "paik", "back", "pack"],
        "허": ["heo", "hur", "huh", "ho", "hoh"],
        "노": ["noh", "no", "roh", "ro", "nho"],
        "남": ["nam", "nahm"],
        "심": ["shim", "sim", "sihm"],
        "주": ["joo", "ju", "chu", "choo", "jou"],
        "구": ["koo", "gu", "ku", "goo"],
        "나": ["na", "ra", "nah"],
        "지": ["ji", "chi", "jee"],
        "진": ["jin", "chin", "jeen"],
        "엄": ["eom", "um", "uhm", "om"],
        "채": ["chae", "chai", "chay"],
        "원": ["won", "weon", "woen"],
        "천": ["cheon", "chun", "chon"],
        "현": ["hyun", "hyeon", "hyon"],
        "변": ["byun", "byeon", "pyon", "byoun"],
        "염": ["yeom", "yum", "yom", "ryom"],
        "여": ["yeo", "yo", "yeu", "ryo"],
        "석": ["seok", "suk", "sok", "seock"],
        "길": ["gil", "kil"],
        "명": ["myung", "myeong", "myong"],
        "금": ["geum", "kum", "keum", "gum"],
        "육": ["yuk", "yook", "ryuk", "yug"],
        "국": ["kook", "guk", "kuk", "gook"],
        "경": ["kyung", "gyeong", "kyong", "kyeong"],
        "형": ["hyung", "hyeong", "hyong"],
        "선우": ["sunwoo", "seonu", "sonu", "sunu"],
        "남궁": ["namgung", "namkoong", "namkung"],
        "황보": ["hwangbo", "hwangpo"],
        "제갈": ["jegal", "chegal"],
        "독고": ["dokgo", "tokko", "dokko"],
    ]

    /// Spelling → Hangul. A spelling used for two names (chun: 전 and 천) goes to the first listed;
    /// the key of both is then the same anyway.
    static let variants: [String: String] = {
        var map: [String: String] = [:]
        for (hangul, spellings) in table.sorted(by: { $0.key < $1.key }) {
            for spelling in spellings where map[spelling] == nil { map[spelling] = hangul }
        }
        return map
    }()
}
