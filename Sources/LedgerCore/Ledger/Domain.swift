/// The three ledgers of public sentiment (三本账).
public enum Ledger: String, Codable, CaseIterable, Sendable {
    case suggestion  // 意见建议
    case demand      // 利益诉求
    case complaint   // 投诉举报
}

/// A ledger matter's life: registered → open → handling → replied → closed, or declined.
public enum MatterStatus: String, Codable, CaseIterable, Sendable {
    case registered, open, handling, replied, closed, declined

    public var isFinal: Bool { self == .closed || self == .declined }
}

/// The three levels of command (三长) plus the outside bodies matters are coordinated with.
public enum UnitKind: String, Codable, CaseIterable, Sendable {
    case city, district, station, partner

    /// The level one step up the chain of command, if any.
    public var parentKind: UnitKind? {
        switch self {
        case .station: .district
        case .district: .city
        case .city, .partner: nil
        }
    }
}

public enum Role: String, Codable, CaseIterable, Sendable {
    case cityChief, cityDeputy
    case districtChief, districtDeputy
    case stationChief, stationDeputy
    case officer, clerk, administrator

    /// A chief or a deputy acting for one.
    public var isChief: Bool {
        switch self {
        case .cityChief, .cityDeputy, .districtChief, .districtDeputy, .stationChief, .stationDeputy: true
        default: false
        }
    }

    /// The kind of unit a chief role belongs to; nil for roles any unit may have.
    public var chiefUnitKind: UnitKind? {
        switch self {
        case .cityChief, .cityDeputy: .city
        case .districtChief, .districtDeputy: .district
        case .stationChief, .stationDeputy: .station
        default: nil
        }
    }

    /// Whether an officer with this role may work on matters at all.
    public var worksMatters: Bool { self != .administrator }
}

/// 满意 / 基本满意 / 不满意.
public enum Satisfaction: String, Codable, CaseIterable, Sendable {
    case satisfied, basicallySatisfied, dissatisfied

    public var allowsClosure: Bool { self != .dissatisfied }
}

/// Where a matter came from.
public enum SourceChannel: String, Codable, CaseIterable, Sendable {
    case onlineMessage, receptionRoom, engagementItem, liaisonVisit, patrolFinding, walkIn, letter, phone
}
