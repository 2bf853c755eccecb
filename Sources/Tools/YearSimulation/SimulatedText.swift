import LedgerCore
/// Realistic Chinese for a simulated year: what residents say per ledger and topic, what
/// officers did and replied, and made-up residents with well-formed (not real) contact data.
public enum SimulatedText {
    static let places = [
        "幸福路", "长乐西路", "含光路", "朱雀大街", "丈八东路", "太白南路", "凤城五路", "纺织城正街", "韦曲南街", "郭杜北街",
        "北大街", "东关正街", "小寨东路", "电子二路", "西影路", "青龙寺", "曲江池", "未央路", "明光路", "雁塔西路",
    ]
    static let estates = ["阳光小区", "和平里小区", "锦绣花园", "曲江华府", "长安国际", "兴庆坊", "金花公寓", "纺织新村", "文景苑", "翠华家园"]

    /// What residents raise, per topic: a summary (short) and the words they used (details).
    static let asks: [MatterTopic: [(String, String)]] = [
        .publicOrder: [("{place}夜间有人聚集醉酒滋事", "{estate}门口夜里经常有人喝酒吵闹，还有人打架，希望加强巡逻。"),
                       ("{estate}电动车接连被盗", "最近一个月{estate}地下车棚丢了好几辆电动车，监控看不清，请求派出所处理。"),
                       ("{place}路段缺少监控存在安全隐患", "{place}人行道很暗，没有监控，晚上回家不安全，建议增设监控和路灯。")],
        .fraud: [("{estate}老人接到冒充客服诈骗电话", "家里老人接到冒充客服的电话，差点转账，希望社区多做防诈骗宣传。"),
                 ("网购刷单被骗请求追回损失", "在网上做刷单兼职被骗了几千元，已经保存了聊天记录，请求帮助追回。"),
                 ("建议在{place}开展反诈宣传进社区", "很多居民不了解新型诈骗手法，建议民警到{estate}开展反诈宣传。")],
        .traffic: [("{place}路口红绿灯时间过短", "{place}路口行人绿灯只有十几秒，老人过马路来不及，建议延长。"),
                   ("{estate}门口车辆乱停堵塞消防通道", "{estate}门口长期有车辆违停，堵住了消防通道，请交警处理。"),
                   ("{place}早高峰拥堵建议增派警力疏导", "每天早上{place}学校附近拥堵严重，建议高峰期增派警力。")],
        .noise: [("{place}工地夜间施工噪音扰民", "{place}工地每天夜里十一点以后还在施工，噪音很大，影响休息。"),
                 ("{estate}广场舞音响声音过大", "{estate}广场每天晚上跳广场舞音响开得很大，已经多次沟通无果。"),
                 ("{place}商铺夜间外放音乐扰民", "{place}几家商铺晚上用大音箱外放音乐，居民无法休息。")],
        .neighbourDispute: [("{estate}邻里漏水纠纷请求调解", "楼上住户家漏水导致我家天花板损坏，多次协商未果，请求调解。"),
                            ("{estate}物业与业主停车费纠纷", "物业突然上调停车费，业主有意见，双方矛盾激化，希望派出所协调。"),
                            ("租客与房东押金纠纷", "租期结束房东拒不退还押金，双方发生争执，请求民警帮助调解。")],
        .householdRegistration: [("咨询子女落户所需材料", "孩子刚出生，想了解在西安落户需要准备哪些材料，办理流程是什么。"),
                                 ("身份证补办进度咨询", "一个月前在派出所补办了身份证，至今没有拿到，想查询进度。"),
                                 ("建议户籍业务延长办理时间", "上班族工作日没时间办户口业务，建议周末也开放户籍窗口。")],
        .exitEntry: [("护照办理预约难", "网上预约办理护照一直约不上，希望增加预约号源。"),
                     ("港澳通行证签注咨询", "想给孩子办理港澳通行证签注，咨询是否可以在自助机办理。")],
        .officerConduct: [("反映民警接警时态度生硬", "我报警时接警民警态度不好，说话不耐烦，希望加强教育。"),
                          ("反映出警慢问题", "{place}发生纠纷报警后四十分钟才有民警到场，希望提高出警速度。"),
                          ("表扬并建议推广民警上门服务", "社区民警主动上门帮老人办理业务，建议推广这种做法。")],
        .campusSafety: [("{place}学校门口放学时段秩序混乱", "{place}小学放学时门口车辆人员混杂，建议安排护学岗。"),
                        ("建议加强校园周边治安巡逻", "学校周边有社会闲散人员聚集，家长担心学生安全。")],
        .other: [("建议{place}增设便民服务点", "{place}附近居民较多，办事要跑很远，建议增设警务便民服务点。"),
                 ("{estate}流浪犬伤人隐患", "{estate}附近有流浪犬出没，已经有人被追咬，请求协调处理。")],
    ]

    static let results = [
        "经核查，已会同{partner}现场处置，问题已解决。", "已约谈相关责任方，责令整改并跟踪落实。",
        "已组织双方调解，达成一致意见并签订协议。", "已增加巡逻频次并加装监控，情况明显好转。",
        "已向居民说明政策规定并协助办理完毕。", "已转交{partner}处理，并督促限期办结。",
    ]
    static let partners = ["街道办", "社区居委会", "司法所", "交警大队", "城管执法局", "物业公司"]
    static let replies = [
        "您反映的问题已处理完毕：{result}感谢您对公安工作的支持。",
        "您好，关于您反映的情况，{result}如有问题请随时联系我们。",
        "经办民警已回访，{result}欢迎继续监督我们的工作。",
    ]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕")
    static let givenChars = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红鹏辉建国建华晓东")

    public struct Person: Sendable, Equatable {
        public let name: String
        public let phone: String
        public let idNumber: String?
        public let address: String?
    }

    public static func fill(_ template: String, _ random: inout SeededRandom) -> String {
        template.replacingAll("{place}", with: random.pick(places))
            .replacingAll("{estate}", with: random.pick(estates))
            .replacingAll("{partner}", with: random.pick(partners))
    }

    public static func ask(topic: MatterTopic, _ random: inout SeededRandom) -> (summary: String, details: String) {
        let (summary, details) = random.pick(asks[topic] ?? asks[.other]!)
        return (fill(summary, &random), fill(details, &random))
    }

    public static func result(_ random: inout SeededRandom) -> String { fill(random.pick(results), &random) }

    public static func reply(result: String, _ random: inout SeededRandom) -> String {
        random.pick(replies).replacingAll("{result}", with: result)
    }

    public static func person(_ random: inout SeededRandom, withID: Bool, withAddress: Bool) -> Person {
        let given = String((0..<random.int(1...2)).map { _ in random.pick(givenChars) })
        let name = String(random.pick(surnames)) + given
        let phone = random.pick(["138", "139", "150", "152", "158", "186", "187", "189", "133", "177"])
            + Digits.padded(random.int(0...99_999_999), width: 8)
        var idNumber: String?
        if withID {
            let region = random.pick(["610102", "610103", "610104", "610111", "610112", "610113", "610116", "610117"])
            let birth = String(random.int(1950...2003)) + Digits.padded(random.int(1...12), width: 2) + Digits.padded(random.int(1...28), width: 2)
            idNumber = PersonalDataValidation.completeIDNumber(region + birth + Digits.padded(random.int(0...999), width: 3))
        }
        let address = withAddress ? "\(random.pick(places))\(random.int(1...300))号\(random.pick(estates))" : nil
        return Person(name: name, phone: phone, idNumber: idNumber, address: address)
    }

    static let serviceSummaries: [ReceptionServiceKind: [String]] = [
        .consultationHelp: ["咨询户口迁移办理流程", "咨询居住证办理", "求助寻找走失老人", "咨询反诈知识", "咨询车辆违章处理"],
        .disputeMediation: ["邻里噪音纠纷调解", "商户与顾客消费纠纷调解", "家庭矛盾调解", "物业纠纷调解"],
        .emergencyHelp: ["老人突发身体不适紧急救助", "儿童走失紧急寻找", "群众钥匙反锁求助", "雨天被困群众救助"],
        .businessOnBehalf: ["代办身份证补领", "代办居住证申领", "代办无犯罪记录证明", "代办户口簿换发"],
        .otherService: ["提供饮水休息和充电", "借用便民雨伞", "提供法律政策咨询资料", "提供问路指引"],
    ]
    static let serviceOutcomes = ["已当场办结", "已解答并告知办理流程", "已协调解决", "已联系家属并护送回家", "已转相关部门跟进"]

    public static func serviceEntry(_ kind: ReceptionServiceKind, _ random: inout SeededRandom) -> (summary: String, outcome: String) {
        (random.pick(serviceSummaries[kind]!), random.pick(serviceOutcomes))
    }

    static let agendaTitles = [
        "{place}学校周边交通秩序整治", "{estate}电动车充电安全管理", "老旧小区安防设施改造", "{place}夜市治安秩序",
        "社区反诈宣传常态化", "户籍业务延时服务", "{place}停车难问题", "外来务工人员子女入学证明办理",
    ]
    static let resolutions = ["会议商定由派出所牵头联合街道办限期整改", "会议商定增设警务服务点并公示办理时限",
                              "会议商定建立联席机制，每月通报进展", "会议商定开展专项整治行动"]
    static let liaisonItems = [
        "企业反映周边治安需加强巡逻", "学校希望民警开展安全教育课", "社区反映电动车盗窃多发",
        "商户反映夜间有人滋扰", "独居老人希望定期上门走访", "企业咨询外籍员工居留许可办理",
    ]
    static let liaisonSolutions = ["已当场讲解并协助办理", "已安排民警定期巡逻", "已约定时间开展安全教育", "已当场协调解决"]
}

extension String {
    /// Byte by byte: the templates' placeholders are ASCII, so a match never splits a character,
    /// and `split(separator:)` over strings was an eighth of a bulk load's CPU.
    func replacingAll(_ target: String, with replacement: String) -> String {
        let text = Array(utf8), pattern = Array(target.utf8)
        guard let first = pattern.first else { return self }
        var result: [UInt8] = []
        result.reserveCapacity(text.count + replacement.utf8.count)
        var index = 0
        while index < text.count {
            if text[index] == first, index + pattern.count <= text.count, text[index..<(index + pattern.count)].elementsEqual(pattern) {
                result.append(contentsOf: replacement.utf8)
                index += pattern.count
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
