/// The vocabularies Whereabouts ships: the report's five categories of violation with their
/// sub-types, the chain-of-events and intervention types the transnational model needs, in English,
/// Korean and Japanese, mapped to HURIDOCS codes where HURIDOCS has the concept.
public enum BuiltInVocabulary {
    private typealias Row = (code: String, parent: String?, en: String, ko: String, ja: String, huridocs: String?)

    private static let violationTypes: [Row] = [
        (
            "abduction-disappearance", nil, "International abduction and enforced disappearance", "국제적 납치 및 강제실종",
            "国際的な拉致及び強制失踪", nil
        ),
        ("abduction", "abduction-disappearance", "Abduction", "납치", "拉致", "030104000000"),
        ("enforced-disappearance", "abduction-disappearance", "Enforced disappearance", "강제실종", "強制失踪", "030103000000"),
        (
            "wartime-abduction", "abduction-disappearance", "Abduction during the Korean War", "한국전쟁 중 납북", "朝鮮戦争中の拉北",
            "030104000000"
        ),
        (
            "incommunicado-detention", "abduction-disappearance", "Incommunicado detention", "외부와 단절된 구금",
            "外部との連絡を絶たれた拘禁", nil
        ),
        (
            "denial-of-fate-information", "abduction-disappearance",
            "Denial of information on fate and whereabouts to the family", "가족에 대한 생사·행방 정보 거부", "家族への安否・所在情報の拒否", nil
        ),
        ("forced-labour-abroad", nil, "Forced labour abroad", "해외 강제노동", "海外での強制労働", "300102010000"),
        ("forced-labour", "forced-labour-abroad", "Forced labour", "강제노동", "強制労働", "300102010000"),
        (
            "wage-confiscation", "forced-labour-abroad", "Confiscation of wages for state quotas", "국가 상납금을 위한 임금 착취",
            "国家上納金のための賃金搾取", nil
        ),
        (
            "worker-surveillance", "forced-labour-abroad", "Surveillance and restriction of movement of workers",
            "노동자 감시 및 이동 제한", "労働者の監視と移動制限", "300104030700"
        ),
        (
            "passport-confiscation", "forced-labour-abroad", "Confiscation of passports and documents", "여권 및 서류 압수",
            "旅券・書類の取り上げ", nil
        ),
        (
            "forced-production-in-detention", "forced-labour-abroad",
            "Forced production in detention after repatriation", "송환 후 구금 중 강제 생산", "送還後の拘禁中の強制生産", nil
        ),
        (
            "conscripts-armed-conflict", nil, "Deployment of conscripts to armed conflict", "징집병의 무력분쟁 파병",
            "徴集兵の武力紛争への派遣", nil
        ),
        (
            "deployment-to-foreign-war", "conscripts-armed-conflict", "Deployment to a foreign war", "외국 전쟁 파병",
            "外国の戦争への派遣", nil
        ),
        (
            "killed-or-wounded-deployed", "conscripts-armed-conflict", "Killed or wounded while deployed",
            "파병 중 사망 또는 부상", "派遣中の死傷", nil
        ),
        (
            "pow-identity-exposure", "conscripts-armed-conflict", "Exposure of a prisoner of war's identity",
            "전쟁포로 신원 노출", "捕虜の身元の暴露", nil
        ),
        ("cyberattack-data-theft", nil, "Cyberattacks and data theft", "사이버 공격 및 정보 탈취", "サイバー攻撃及び情報窃取", nil),
        ("phishing", "cyberattack-data-theft", "Phishing", "피싱", "フィッシング", nil),
        ("personal-data-theft", "cyberattack-data-theft", "Theft of personal data", "개인정보 탈취", "個人情報の窃取", nil),
        (
            "device-account-compromise", "cyberattack-data-theft", "Hacking of devices or accounts", "기기·계정 해킹",
            "端末・アカウントのハッキング", nil
        ),
        ("digital-surveillance", "cyberattack-data-theft", "Digital surveillance", "디지털 감시", "デジタル監視", "020103030000"),
        (
            "repression-escapees-reprisals", nil, "Repression of escapees and reprisals against families",
            "탈북민 탄압 및 가족에 대한 보복", "脱北者への弾圧及び家族への報復", nil
        ),
        (
            "forced-return", "repression-escapees-reprisals", "Forced return (refoulement)", "강제송환", "強制送還",
            "380101000000"
        ),
        (
            "detention-after-return", "repression-escapees-reprisals", "Detention and ill-treatment after return",
            "송환 후 구금 및 가혹행위", "送還後の拘禁と虐待", nil
        ),
        (
            "reprisal-against-family", "repression-escapees-reprisals", "Reprisal against family left behind",
            "남은 가족에 대한 보복", "残された家族への報復", nil
        ),
        (
            "threats-to-escapees", "repression-escapees-reprisals", "Threats and intimidation of escapees abroad",
            "해외 탈북민에 대한 위협", "国外の脱北者への脅迫", nil
        ),
    ]

    private static let chainTypes: [Row] = [
        ("reprisal-after-escape", nil, "Reprisal against family following escape", "탈북 후 가족에 대한 보복", "脱北後の家族への報復", nil),
        (
            "forced-return-after-arrest", nil, "Forced return following arrest abroad", "해외 체포 후 강제송환", "国外での逮捕後の強制送還",
            nil
        ),
        ("causes", nil, "Causes another event", "다른 사건의 원인", "別の事件の原因となる", nil),
        ("follows", nil, "Follows a related event", "관련 사건에 뒤따름", "関連する事件に続く", nil),
        ("part-of", nil, "Part of a larger event", "더 큰 사건의 일부", "より大きな事件の一部", nil),
        ("parallel", nil, "Happens in parallel with another event", "다른 사건과 동시에 발생", "別の事件と並行して発生", nil),
    ]

    private static let interventionTypes: [Row] = [
        ("un-communication", nil, "Communication to a UN mandate", "유엔 특별절차에 대한 진정", "国連特別手続への通報", nil),
        (
            "wgeid-case", "un-communication",
            "Case before the UN Working Group on Enforced or Involuntary Disappearances", "유엔 강제적 비자발적 실종 실무그룹 사건",
            "国連強制的・非自発的失踪作業部会への事案", nil
        ),
        ("court-case", nil, "Court case", "소송", "訴訟", nil),
        ("tracing-request", nil, "Tracing request", "행방 조회 요청", "消息調査の依頼", nil),
        ("government-petition", nil, "Petition to a government", "정부 청원", "政府への請願", nil),
        ("public-advocacy", nil, "Public advocacy", "공개 옹호 활동", "公的なアドボカシー", nil),
    ]

    /// Every built-in term.
    public static var terms: [VocabularyTerm] {
        make(.violationTypes, violationTypes) + make(.chainTypes, chainTypes)
            + make(.interventionTypes, interventionTypes)
    }

    private static func make(_ scheme: VocabularyScheme, _ rows: [Row]) -> [VocabularyTerm] {
        rows.enumerated().map { index, row in
            VocabularyTerm(
                scheme: scheme, code: row.code, parentCode: row.parent,
                labels: ["en": row.en, "ko": row.ko, "ja": row.ja], huridocsCode: row.huridocs, sortOrder: index)
        }
    }
}
