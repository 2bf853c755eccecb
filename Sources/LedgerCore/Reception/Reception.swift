/// 暖心警务会客厅: warm police reception rooms in streets and communities.
public enum ReceptionRoomKind: String, Codable, CaseIterable, Sendable {
    case street, community
}

/// The kinds of service a reception room gives, as the report counts them. Services given and
/// residents served are separate measures: one entry may serve a family or a group.
public enum ReceptionServiceKind: String, Codable, CaseIterable, Sendable {
    case consultationHelp   // 咨询求助
    case disputeMediation   // 化解矛盾纠纷
    case emergencyHelp      // 紧急救助
    case businessOnBehalf   // 代办公安业务
    case otherService       // 其他便民服务
}

/// The four parts of a room's standards checklist (规范建设).
public enum ReceptionStandard: String, Codable, CaseIterable, Sendable {
    case constructionStandard, divisionOfDuties, workRules, managementRules
}
