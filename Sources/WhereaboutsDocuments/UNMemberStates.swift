import Foundation

/// The States that make recommendations in the Universal Periodic Review — the 193 Member States,
/// the two observer States — under their current English short names, with the names they were
/// given in earlier reports (`Libyan Arab Jamahiriya`, `Czech Republic`, `Swaziland`…) and the orders
/// reports write them in (`Islamic Republic of Iran` beside `Iran (Islamic Republic of)`).
public enum UNMemberStates {
    /// Current short names, each with the other ways reports write it.
    static let table: [(name: String, aliases: [String])] = [
        ("Afghanistan", []), ("Albania", []), ("Algeria", []), ("Andorra", []), ("Angola", []),
        ("Antigua and Barbuda", []), ("Argentina", []), ("Armenia", []), ("Australia", []), ("Austria", []),
        ("Azerbaijan", []), ("Bahamas", []), ("Bahrain", []), ("Bangladesh", []), ("Barbados", []),
        ("Belarus", []), ("Belgium", []), ("Belize", []), ("Benin", []), ("Bhutan", []),
        ("Bolivia (Plurinational State of)", ["Plurinational State of Bolivia", "Bolivia"]),
        ("Bosnia and Herzegovina", []), ("Botswana", []), ("Brazil", []), ("Brunei Darussalam", ["Brunei"]),
        ("Bulgaria", []), ("Burkina Faso", []), ("Burundi", []), ("Cabo Verde", ["Cape Verde"]),
        ("Cambodia", []), ("Cameroon", []), ("Canada", []), ("Central African Republic", []), ("Chad", []),
        ("Chile", []), ("China", []), ("Colombia", []), ("Comoros", []), ("Congo", ["Republic of the Congo"]),
        ("Costa Rica", []), ("Côte d’Ivoire", ["Côte d'Ivoire", "Cote d'Ivoire", "Cote d’Ivoire"]),
        ("Croatia", []), ("Cuba", []), ("Cyprus", []), ("Czechia", ["Czech Republic"]),
        ("Democratic People’s Republic of Korea", ["Democratic People's Republic of Korea", "DPRK"]),
        ("Democratic Republic of the Congo", []), ("Denmark", []), ("Djibouti", []), ("Dominica", []),
        ("Dominican Republic", []), ("Ecuador", []), ("Egypt", []), ("El Salvador", []),
        ("Equatorial Guinea", []), ("Eritrea", []), ("Estonia", []), ("Eswatini", ["Swaziland"]),
        ("Ethiopia", []), ("Fiji", []), ("Finland", []), ("France", []), ("Gabon", []), ("Gambia", []),
        ("Georgia", []), ("Germany", []), ("Ghana", []), ("Greece", []), ("Grenada", []), ("Guatemala", []),
        ("Guinea", []), ("Guinea-Bissau", []), ("Guyana", []), ("Haiti", []), ("Honduras", []),
        ("Hungary", []), ("Iceland", []), ("India", []), ("Indonesia", []),
        ("Iran (Islamic Republic of)", ["Islamic Republic of Iran", "Iran"]), ("Iraq", []), ("Ireland", []),
        ("Israel", []), ("Italy", []), ("Jamaica", []), ("Japan", []), ("Jordan", []), ("Kazakhstan", []),
        ("Kenya", []), ("Kiribati", []), ("Kuwait", []), ("Kyrgyzstan", []),
        ("Lao People’s Democratic Republic", ["Lao People's Democratic Republic", "Laos"]), ("Latvia", []),
        ("Lebanon", []), ("Lesotho", []), ("Liberia", []), ("Libya", ["Libyan Arab Jamahiriya"]),
        ("Liechtenstein", []), ("Lithuania", []), ("Luxembourg", []), ("Madagascar", []), ("Malawi", []),
        ("Malaysia", []), ("Maldives", []), ("Mali", []), ("Malta", []), ("Marshall Islands", []),
        ("Mauritania", []), ("Mauritius", []), ("Mexico", []),
        ("Micronesia (Federated States of)", ["Federated States of Micronesia", "Micronesia"]),
        ("Monaco", []), ("Mongolia", []), ("Montenegro", []), ("Morocco", []), ("Mozambique", []),
        ("Myanmar", []), ("Namibia", []), ("Nauru", []), ("Nepal", []),
        ("Netherlands", ["Netherlands (Kingdom of the)", "Kingdom of the Netherlands"]),
        ("New Zealand", []), ("Nicaragua", []), ("Niger", []), ("Nigeria", []),
        ("North Macedonia", ["the former Yugoslav Republic of Macedonia", "former Yugoslav Republic of Macedonia"]),
        ("Norway", []), ("Oman", []), ("Pakistan", []), ("Palau", []), ("Panama", []),
        ("Papua New Guinea", []), ("Paraguay", []), ("Peru", []), ("Philippines", []), ("Poland", []),
        ("Portugal", []), ("Qatar", []), ("Republic of Korea", ["South Korea"]),
        ("Republic of Moldova", ["Moldova"]), ("Romania", []), ("Russian Federation", ["Russia"]),
        ("Rwanda", []), ("Saint Kitts and Nevis", []), ("Saint Lucia", []),
        ("Saint Vincent and the Grenadines", []), ("Samoa", []), ("San Marino", []),
        ("Sao Tome and Principe", []), ("Saudi Arabia", []), ("Senegal", []), ("Serbia", []),
        ("Seychelles", []), ("Sierra Leone", []), ("Singapore", []), ("Slovakia", []), ("Slovenia", []),
        ("Solomon Islands", []), ("Somalia", []), ("South Africa", []), ("South Sudan", []), ("Spain", []),
        ("Sri Lanka", []), ("Sudan", []), ("Suriname", []), ("Sweden", []), ("Switzerland", []),
        ("Syrian Arab Republic", ["Syria"]), ("Tajikistan", []), ("Thailand", []), ("Timor-Leste", []),
        ("Togo", []), ("Tonga", []), ("Trinidad and Tobago", []), ("Tunisia", []), ("Türkiye", ["Turkey"]),
        ("Turkmenistan", []), ("Tuvalu", []), ("Uganda", []), ("Ukraine", []),
        ("United Arab Emirates", []),
        ("United Kingdom of Great Britain and Northern Ireland", ["United Kingdom"]),
        ("United Republic of Tanzania", ["Tanzania"]),
        ("United States of America", ["United States"]), ("Uruguay", []), ("Uzbekistan", []),
        ("Vanuatu", []), ("Venezuela (Bolivarian Republic of)", ["Bolivarian Republic of Venezuela", "Venezuela"]),
        ("Viet Nam", ["Vietnam"]), ("Yemen", []), ("Zambia", []), ("Zimbabwe", []),
        ("Holy See", []), ("State of Palestine", ["Palestine"]),
    ]

    /// Every written form, folded (case, apostrophes, a leading "the"), to its current short name.
    static let byForm: [String: String] = {
        var forms: [String: String] = [:]
        for (name, aliases) in table {
            for form in [name] + aliases { forms[fold(form)] = name }
        }
        return forms
    }()

    /// The longest written form, in words, so that matching can stop looking.
    static let longestForm = byForm.keys.map { $0.split(separator: " ").count }.max() ?? 1

    /// The current short name of the State written `text`, or nil when it is not a State's name.
    public static func name(of text: String) -> String? { byForm[fold(text)] }

    /// The States named in a recommendation's parentheses — "Chile", "Islamic Republic of Iran",
    /// "Poland, Ukraine and Latvia", "Iran (Islamic Republic of)" — by their current short names, or
    /// nil when some part of `text` is not a State's name.
    public static func names(in text: String) -> [String]? {
        let words = tokens(text)
        var names: [String] = []
        var index = 0
        while index < words.count {
            if words[index] == "," || words[index] == "and" || words[index] == ";" {
                index += 1
                continue
            }
            var found: (name: String, length: Int)?
            var length = min(longestForm + 3, words.count - index)
            while length > 0 {
                let candidate = words[index..<(index + length)].joined(separator: " ")
                    .replacingOccurrences(of: " ,", with: ",").replacingOccurrences(of: "( ", with: "(")
                    .replacingOccurrences(of: " )", with: ")")
                if let name = byForm[fold(candidate)] {
                    found = (name, length)
                    break
                }
                length -= 1
            }
            guard let found else { return nil }
            if !names.contains(found.name) { names.append(found.name) }
            index += found.length
        }
        return names.isEmpty ? nil : names
    }

    /// Words, commas and parentheses of `text` as separate tokens.
    private static func tokens(_ text: String) -> [String] {
        var spaced = text
        for mark in [",", "(", ")", ";"] { spaced = spaced.replacingOccurrences(of: mark, with: " \(mark) ") }
        return spaced.split(whereSeparator: \.isWhitespace).map(String.init)
    }

    static func fold(_ text: String) -> String {
        var folded = text.lowercased().replacingOccurrences(of: "’", with: "'")
            .replacingOccurrences(of: "( ", with: "(").replacingOccurrences(of: " )", with: ")")
        folded = folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if folded.hasPrefix("the ") { folded.removeFirst(4) }
        return folded
    }
}
