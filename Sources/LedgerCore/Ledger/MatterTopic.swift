/// What a matter is about, for trends and spikes on the barometer. Staff may choose it when
/// they register a matter; otherwise it is read from the words of the summary and details,
/// because matters that arrive from other channels (messages, reception rooms, meetings,
/// visits) come without one.
public enum MatterTopic: String, Codable, CaseIterable, Sendable {
    case publicOrder          // 治安秩序
    case fraud                // 电信网络诈骗
    case traffic              // 交通管理
    case noise                // 噪音扰民
    case neighbourDispute     // 邻里纠纷
    case householdRegistration // 户籍证件
    case exitEntry            // 出入境
    case officerConduct       // 执法与服务作风
    case campusSafety         // 校园周边安全
    case other                // 其他

    /// Keywords, most specific first: a fraud report that mentions a phone call is fraud,
    /// not noise; an ID card on a trip abroad is exit-entry, not household registration.
    private static let keywords: [(MatterTopic, [String])] = [
        (.fraud, ["诈骗", "骗子", "刷单", "冒充客服", "杀猪盘", "转账被骗"]),
        (.exitEntry, ["护照", "签证", "港澳通行证", "出入境", "签注"]),
        (.householdRegistration, ["户口", "户籍", "身份证", "居住证", "落户", "迁移"]),
        (.campusSafety, ["学校", "校园", "学生", "幼儿园"]),
        (.traffic, ["交通", "停车", "违停", "信号灯", "拥堵", "红绿灯", "驾驶证", "车辆"]),
        (.noise, ["噪音", "扰民", "施工", "广场舞", "夜间"]),
        (.neighbourDispute, ["纠纷", "邻居", "邻里", "物业", "租客"]),
        (.officerConduct, ["态度", "执法", "出警慢", "不作为", "民警"]),
        (.publicOrder, ["治安", "盗窃", "偷", "打架", "斗殴", "醉酒", "寻衅", "巡逻", "监控", "安全隐患"]),
    ]

    public static func classify(_ text: String) -> MatterTopic {
        keywords.first { _, words in words.contains { text.contains($0) } }?.0 ?? .other
    }
}
