import Foundation
import WhereaboutsCore

/// A fictional demonstration data set, realistic in shape and scripts: the report's five kinds of
/// violation, names in Hangul, kanji and kana with their romanisations, dates as people state them
/// (昭和52年, Juche 39, around 1975, lunar birthdays), organisations, sources, interventions and
/// chains of events. No real victim's personal data is in it.
public struct DemoDataSet {
    public let events: Int
    public let personsPerEvent: Int
    public let seed: UInt64
    /// The share of victims also recorded a second time, by another source, as lists do: another
    /// spelling only, a birth year instead of the date (so that record linkage has work to do).
    public let duplicates: Double

    public init(events: Int = 60, personsPerEvent: Int = 3, seed: UInt64 = 1, duplicates: Double = 0) {
        self.events = max(1, events)
        self.personsPerEvent = max(1, personsPerEvent)
        self.seed = seed
        self.duplicates = min(max(duplicates, 0), 1)
    }

    /// Records in an order in which each only refers to records before it.
    public func records() -> [(id: RecordID, body: any RecordBody)] {
        var generator = Generator(
            random: DemoRandom(seed: seed), personsPerEvent: personsPerEvent, duplicates: duplicates)
        return generator.make(events: events)
    }

    /// Calls `each` with the records of about `batchSize` events at a time, so any size can be
    /// generated in constant memory (organisations and sources come in the first batch).
    public func batches(of batchSize: Int, _ each: ([(id: RecordID, body: any RecordBody)]) throws -> Void) rethrows {
        var generator = Generator(
            random: DemoRandom(seed: seed), personsPerEvent: personsPerEvent, duplicates: duplicates)
        var batch = generator.shared()
        for index in 0..<events {
            batch += generator.event(index)
            if batch.count >= batchSize {
                try each(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try each(batch) }
    }
}

/// What one kind of case looks like.
private enum Pattern: CaseIterable {
    case japanAbduction, fishermen, wartime, overseasWorkers, conscripts, cyberattack, forcedReturn
}

private struct Generator {
    var random: DemoRandom
    let personsPerEvent: Int
    let duplicates: Double
    var organisations: [String: RecordID] = [:]
    var sources: [RecordID] = []
    var lastEscape: RecordID?
    var ids = RecordIDSequence()
    var rules: RecordID?

    init(random: DemoRandom, personsPerEvent: Int, duplicates: Double) {
        self.random = random
        self.personsPerEvent = personsPerEvent
        self.duplicates = duplicates
    }

    mutating func make(events: Int) -> [(id: RecordID, body: any RecordBody)] {
        var all = shared()
        for index in 0..<events { all += event(index) }
        return all
    }

    /// Organisations and general sources every event may cite.
    mutating func shared() -> [(id: RecordID, body: any RecordBody)] {
        var out: [(id: RecordID, body: any RecordBody)] = []
        let orgs: [(String, String, Organisation.OrganisationType, String)] = [
            ("security", "State security bureau (demonstration)", .securityService, "KP"),
            ("dispatch", "Overseas construction dispatch company (demonstration)", .dispatchingCompany, "KP"),
            ("employer", "Logging contractor abroad (demonstration)", .employerAbroad, "RU"),
            ("army", "Expeditionary army corps (demonstration)", .militaryUnit, "KP"),
            ("hackers", "Cyber unit posing as a news agency (demonstration)", .hackingGroup, "KP"),
            ("border", "Border police post (demonstration)", .stateAgency, "CN"),
        ]
        for (key, name, type, country) in orgs {
            let id = ids.next()
            organisations[key] = id
            out.append((id, Organisation(name: name, type: type, country: country)))
        }
        let report = ids.next()
        sources.append(report)
        out.append(
            (
                report,
                Source(
                    type: .unDocumentParagraph, title: "Demonstration: a UN report paragraph on abductions",
                    date: try? FuzzyDate.parse("2025-09"), reliability: "010000000000", language: "en",
                    documentSymbol: "DEMO/80/1", paragraph: "12")
            ))
        let rulesID = ids.next()
        rules = rulesID
        out.append((rulesID, DemoReparations.rules))
        let list = ids.next()
        sources.append(list)
        out.append(
            (
                list,
                Source(
                    type: .governmentList, title: "Demonstration: a government list of abductees",
                    date: try? FuzzyDate.parse("2002"), language: "ko")
            ))
        return out
    }

    mutating func event(_ index: Int) -> [(id: RecordID, body: any RecordBody)] {
        let pattern = Pattern.allCases[index % Pattern.allCases.count]
        var out: [(id: RecordID, body: any RecordBody)] = []
        let testimony = ids.next()
        out.append(
            (
                testimony,
                Source(
                    type: .testimony, title: "Demonstration testimony \(index + 1)",
                    text: pattern.testimony(&random), date: try? FuzzyDate.parse("20\(random.int(10...25))"),
                    reliability: random.pick(["010000000000", "020000000000"]), language: pattern.language)
            ))
        let scenario = pattern.scenario(&random)
        let eventID = ids.next()
        var victims: [RecordID] = []
        for _ in 0..<personsPerEvent {
            let id = ids.next()
            victims.append(id)
            let victim = person(for: pattern, source: testimony)
            out.append((id, victim))
            if duplicates > 0, random.chance(duplicates), let list = sources.last {
                out.append((ids.next(), Self.relisted(victim, by: list)))
            }
        }
        out.append(
            (
                eventID,
                Event(
                    title: scenario.title, description: scenario.description, date: scenario.date,
                    places: [scenario.place], violationStatus: random.pick(["010100000000", "040000000000"]),
                    perpetratorStates: ["KP"], sourceIDs: [testimony, sources[index % sources.count]])
            ))
        var firstAct: (id: RecordID, act: Act)?
        for victim in victims {
            let actID = ids.next()
            out.append(
                (
                    actID,
                    Act(
                        eventID: eventID, victimID: victim, type: random.pick(pattern.types), date: scenario.date,
                        place: scenario.place, perpetratorState: "KP", hostState: pattern.hostState,
                        hostStateRole: pattern.hostStateRole,
                        leverageOnFamily: pattern == .forcedReturn ? "Relatives were questioned and threatened." : nil,
                        sourceIDs: [testimony])
                ))
            if firstAct == nil, let act = out.last?.body as? Act { firstAct = (actID, act) }
            if let organisation = organisations[pattern.organisation] {
                out.append(
                    (
                        ids.next(),
                        Involvement(
                            actID: actID, perpetratorOrganisationID: organisation,
                            degree: "010100000000", attribution: random.pick([.confirmed, .probable, .alleged]),
                            sourceIDs: [testimony])
                    ))
            }
        }
        out.append((ids.next(), Information(sourceID: testimony, recordID: eventID, remarks: "Demonstration account.")))
        // Families of the abducted claim (decision 0032).
        if [.japanAbduction, .fishermen, .wartime].contains(pattern), index % 3 == 0, let rules,
            let (actID, act) = firstAct,
            let victim = out.first(where: { $0.id == victims[0] })?.body as? Person
        {
            out += DemoReparations.claim(
                victims: victims, victim: victim, actID: actID, act: act, rules: rules, index: index, ids: &ids)
        }
        if random.chance(0.3) {
            out.append(
                (
                    ids.next(),
                    Intervention(
                        type: random.pick(["wgeid-case", "tracing-request", "un-communication"]),
                        title: "Demonstration submission about event \(index + 1)",
                        date: try? FuzzyDate.parse(
                            "20\(random.int(15...25))-\(String(format: "%02d", random.int(1...12)))"),
                        recipient: "WGEID", eventIDs: [eventID], personIDs: [victims[0]])
                ))
        }
        if pattern == .cyberattack { out += cyberRecords(index, event: eventID, victims: victims) }
        if pattern == .forcedReturn {
            if let escape = lastEscape {
                out.append(
                    (ids.next(), EventLink(fromEventID: escape, toEventID: eventID, type: "reprisal-after-escape")))
            }
            lastEscape = eventID
        }
        return out
    }

    /// A cyber incident on a cyberattack event (issue 20): a spear-phishing e-mail against its first
    /// victim, with a fictional domain seen in it. Draws no random numbers, so the rest of the set is
    /// the same as before these records existed.
    mutating func cyberRecords(_ index: Int, event: RecordID, victims: [RecordID]) -> [(
        id: RecordID, body: any RecordBody
    )] {
        let incident = ids.next()
        let indicator = ids.next()
        return [
            (
                incident,
                CyberIncident(
                    eventID: event, vector: .spearPhishingEmail,
                    target: CyberIncident.Target(classification: .escapee, sectors: ["dissident"]),
                    targetPersonIDs: Array(victims.prefix(1)),
                    exposure: CyberIncident.Exposure(categories: [.contacts, .family], persons: 1),
                    leverageOnFamily: false,
                    attribution: CyberIncident.Attribution(confidence: .low))
            ),
            (indicator, Indicator(type: .domain, value: "lure-\(index + 1).demo-phish.example", origin: .extracted)),
            (
                ids.next(),
                Sighting(
                    incidentID: incident, indicatorID: indicator, firstSeen: "2024-05-0\(index % 9 + 1)T09:00:00Z",
                    lastSeen: "2024-05-0\(index % 9 + 1)T09:00:00Z", origin: .lure)
            ),
        ]
    }

    /// The same victim as another source lists them: only the last (romanised) spelling, family name
    /// last for Japanese names, the birth year alone, the fate without its date.
    static func relisted(_ victim: Person, by source: RecordID) -> Person {
        var names: [NameForm] = []
        if let last = victim.names.last {
            let words = last.full.split(separator: " ")
            let full = last.language == "ja" && words.count == 2 ? "\(words[1]) \(words[0])" : last.full
            names.append(
                NameForm(full: full, language: last.language, romanisation: last.romanisation, sourceID: source))
        }
        let birth = victim.birthDate.flatMap { date in try? FuzzyDate.parse("\((date.from.year + date.to.year) / 2)") }
        return Person(
            names: names, sex: victim.sex, birthDate: birth, nationalities: victim.nationalities, roles: [.victim],
            fate: victim.fate.map { FateEntry(status: $0.status) })
    }

    mutating func person(for pattern: Pattern, source: RecordID) -> Person {
        let sex: Person.Sex = random.chance(0.5) ? .female : .male
        let fate = FateEntry(
            status: random.pick(pattern.fates), date: try? FuzzyDate.parse("\(random.int(1978...2024))"))
        if pattern == .japanAbduction {
            let family = random.pick(DemoNames.japaneseSurnames)
            let given = random.pick(DemoNames.japaneseGivenNames)
            return Person(
                names: [
                    NameForm(
                        full: family.0 + given.0, family: family.0, given: given.0, language: "ja", sourceID: source),
                    NameForm(full: DemoNames.katakana(family.1 + given.1), language: "ja"),
                    NameForm(
                        full: family.2 + " " + given.2, family: family.2, given: given.2, language: "ja",
                        romanisation: .hepburn),
                ],
                sex: sex, birthDate: try? FuzzyDate.parse("昭和\(random.int(20...40))年\(random.int(1...12))月"),
                nationalities: ["JP"], roles: [.victim], fate: [fate])
        }
        let family = random.pick(DemoNames.koreanSurnames)
        let first = random.pick(DemoNames.koreanSyllables)
        let second = random.pick(DemoNames.koreanSyllables)
        let hangul = family.0 + first.0 + second.0
        let revised = family.1 + " " + first.1.capitalized + "-" + second.1
        let dprk = family.2 + " " + first.2.capitalized + " " + second.2.capitalized
        let birth: String
        switch random.int(0...2) {
        case 0: birth = "음력 \(random.int(1930...1995))년 \(random.int(1...12))월 \(random.int(1...28))일"
        case 1: birth = "Juche \(random.int(20...80))"
        default: birth = "around \(random.int(1930...1995))"
        }
        return Person(
            names: [
                NameForm(full: hangul, family: family.0, given: first.0 + second.0, language: "ko", sourceID: source),
                NameForm(full: revised, language: "ko", romanisation: .revisedRomanisation),
                NameForm(full: dprk, language: "ko", romanisation: .dprk),
            ],
            sex: sex, birthDate: try? FuzzyDate.parse(birth),
            nationalities: pattern == .fishermen || pattern == .wartime ? ["KR"] : ["KP"], roles: [.victim],
            fate: [fate])
    }
}

private struct Scenario {
    let title: String
    let description: String
    let date: FuzzyDate?
    let place: Place
}

extension Pattern {
    var language: String { self == .japanAbduction ? "ja" : "ko" }

    var types: [String] {
        switch self {
        case .japanAbduction, .fishermen: return ["abduction", "enforced-disappearance"]
        case .wartime: return ["wartime-abduction"]
        case .overseasWorkers:
            return ["forced-labour", "wage-confiscation", "passport-confiscation", "worker-surveillance"]
        case .conscripts: return ["deployment-to-foreign-war", "killed-or-wounded-deployed", "pow-identity-exposure"]
        case .cyberattack: return ["phishing", "personal-data-theft", "device-account-compromise"]
        case .forcedReturn: return ["forced-return", "detention-after-return", "reprisal-against-family"]
        }
    }

    var fates: [FateEntry.Status] {
        switch self {
        case .japanAbduction, .fishermen, .wartime: return [.missing, .deceasedRemainsUnlocated, .returned]
        case .overseasWorkers: return [.aliveLocationKnown, .returned, .missing]
        case .conscripts: return [.deceasedRemainsUnlocated, .detainedLocationKnown, .missing]
        case .cyberattack: return [.aliveLocationKnown]
        case .forcedReturn: return [.detainedLocationUnknown, .missing]
        }
    }

    var organisation: String {
        switch self {
        case .japanAbduction, .fishermen, .wartime: return "security"
        case .overseasWorkers: return "dispatch"
        case .conscripts: return "army"
        case .cyberattack: return "hackers"
        case .forcedReturn: return "border"
        }
    }

    var hostState: String? {
        switch self {
        case .overseasWorkers, .conscripts: return "RU"
        case .forcedReturn: return "CN"
        default: return nil
        }
    }

    var hostStateRole: Act.HostStateRole? {
        switch self {
        case .overseasWorkers: return .inaction
        case .conscripts: return .complicity
        case .forcedReturn: return .forcedReturn
        default: return nil
        }
    }

    func testimony(_ random: inout DemoRandom) -> String {
        switch self {
        case .japanAbduction: return "夕方に海岸へ出かけたまま戻らなかった。近くで不審な船が目撃された。"
        case .fishermen: return "조업 중이던 어선이 북방한계선 부근에서 납북되었다고 들었습니다."
        case .wartime: return "전쟁 중에 인민군이 집으로 와서 아버지를 데려갔습니다."
        case .overseasWorkers: return "하루 열여섯 시간 일했고 임금의 대부분은 계획분으로 가져갔습니다."
        case .conscripts: return "아들이 훈련이라고만 듣고 떠났는데 외국 전선에 보내졌습니다."
        case .cyberattack: return "센터 내부 주소로 온 메일의 첨부 파일을 열었더니 개인정보가 빠져나갔습니다."
        case .forcedReturn: return "중국 공안에 체포되어 강제송환된 뒤 소식이 끊겼습니다."
        }
    }

    func scenario(_ random: inout DemoRandom) -> Scenario {
        switch self {
        case .japanAbduction:
            let prefecture = random.pick([
                ("新潟県", "Niigata"), ("鳥取県", "Tottori"), ("福井県", "Fukui"), ("石川県", "Ishikawa"),
            ])
            return Scenario(
                title: "Disappearance from a coastal town in \(prefecture.1) (demonstration)",
                description: "\(prefecture.0)の海岸で行方不明となり、後に拉致の疑いが強まった。",
                date: try? FuzzyDate.parse(
                    random.chance(0.5) ? "昭和\(random.int(48...55))年" : "19\(random.int(73...80))年\(random.int(1...12))月"
                ),
                place: Place(country: "JP", locality: prefecture.0))
        case .fishermen:
            let port = random.pick(["속초", "주문진", "연평도", "백령도"])
            return Scenario(
                title: "Fishing boat crew taken north off \(port) (demonstration)",
                description: "\(port) 앞바다에서 조업 중 납북되어 돌아오지 못했다.",
                date: try? FuzzyDate.parse("around 19\(random.int(65...78))"),
                place: Place(country: "KR", locality: port))
        case .wartime:
            let month = random.int(6...9)
            return Scenario(
                title: "Civilians taken north from Seoul during the war (demonstration)",
                description: "1950년 \(month)월 서울에서 납북되었다.",
                date: try? FuzzyDate.parse(random.chance(0.5) ? "1950년 \(month)월" : "Juche 39"),
                place: Place(country: "KR", locality: "서울"))
        case .overseasWorkers:
            let city = random.pick([
                ("RU", "Владивосток", "Vladivostok"), ("RU", "Хабаровск", "Khabarovsk"), ("CN", "丹东", "Dandong"),
            ])
            let start = random.int(2015...2020)
            return Scenario(
                title: "Workers dispatched to a construction site in \(city.2) (demonstration)",
                description: "\(city.2) 건설 현장에 파견되어 임금 대부분을 상납금으로 빼앗기고 감시를 받았다.",
                date: try? FuzzyDate.parse(
                    "\(start)-0\(random.int(1...9))/\(start + random.int(1...3))-0\(random.int(1...9))"),
                place: Place(country: city.0, locality: city.1))
        case .conscripts:
            return Scenario(
                title: "Soldiers deployed to a foreign front (demonstration)",
                description: "외국 전선에 파병되어 일부가 사망하거나 포로가 되었고, 포로의 얼굴이 영상으로 공개되었다.",
                date: try? FuzzyDate.parse("2024-10/2025-0\(random.int(1...4))"),
                place: Place(country: "RU", locality: "Курская область"))
        case .cyberattack:
            return Scenario(
                title: "Phishing against a resettlement support organisation (demonstration)",
                description: "내부 주소를 사칭한 피싱 메일로 탈북민 \(random.int(50...900))명의 개인정보가 유출되었다.",
                date: try? FuzzyDate.parse("20\(random.int(18...25))-\(String(format: "%02d", random.int(1...12)))"),
                place: Place(country: "KR", locality: random.pick(["경상북도", "서울", "인천"])))
        case .forcedReturn:
            let city = random.pick(["沈阳", "延吉", "图们"])
            return Scenario(
                title: "Arrest in \(city) and forced return (demonstration)",
                description: "중국 \(city)에서 체포되어 강제송환되었고, 남은 가족이 조사를 받았다.",
                date: try? FuzzyDate.parse("20\(random.int(10...24))"), place: Place(country: "CN", locality: city))
        }
    }
}
