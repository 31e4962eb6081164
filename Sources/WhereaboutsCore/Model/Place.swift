/// Where something happened: a country (ISO 3166-1 alpha-2) and, in any script, the locality.
public struct Place: Codable, Hashable, Sendable {
    /// ISO 3166-1 alpha-2, upper case (`KP`, `JP`, `RU`).
    public var country: String?
    /// Town, district, facility or address as the source wrote it, in any script.
    public var locality: String?
    public var latitude: Double?
    public var longitude: Double?

    public init(country: String? = nil, locality: String? = nil, latitude: Double? = nil, longitude: Double? = nil) {
        self.country = country
        self.locality = locality
        self.latitude = latitude
        self.longitude = longitude
    }

    /// A place as a form or a file states it: the country code upper-cased, an empty text taken as
    /// not stated; nil when neither the country nor the locality is stated.
    public init?(stated country: String?, locality: String?) {
        let country = country.flatMap { $0.isEmpty ? nil : $0.uppercased() }
        let locality = locality.flatMap { $0.isEmpty ? nil : $0 }
        guard country != nil || locality != nil else { return nil }
        self.init(country: country, locality: locality)
    }

    func check(at path: String, into checker: inout Checker) {
        checker.country(country, at: path + "/country")
        checker.text(locality, at: path + "/locality", maxLength: 500)
        if (latitude == nil) != (longitude == nil) {
            checker.fail(path + (latitude == nil ? "/latitude" : "/longitude"), "latitude and longitude go together")
        }
        if let latitude, !(-90...90).contains(latitude) {
            checker.fail(path + "/latitude", "latitude must lie between -90 and 90")
        }
        if let longitude, !(-180...180).contains(longitude) {
            checker.fail(path + "/longitude", "longitude must lie between -180 and 180")
        }
        if country == nil, locality == nil, latitude == nil {
            checker.fail(path, "a place needs a country, a locality or coordinates")
        }
    }
}

/// ISO 3166-1 alpha-2 country codes.
public enum CountryCode {
    public static let all: Set<String> = Set(
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
            .split(separator: " ").map(String.init))

    public static func isValid(_ code: String) -> Bool { all.contains(code) }
}
