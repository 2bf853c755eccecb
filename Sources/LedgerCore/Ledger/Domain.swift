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

/// The three levels of command (三长), the outside bodies matters are coordinated with, and the
/// call-back office (联系和服务群众办公室's 回访): it stands beside the chain of command, under the
/// city bureau or a district bureau, so the people who ask residents whether they are satisfied
/// are never the people being judged.
public enum UnitKind: String, Codable, CaseIterable, Sendable {
    case city, district, station, partner, callbackOffice

    /// The level one step up the chain of command, if any.
    public var parentKind: UnitKind? {
        switch self {
        case .station: .district
        case .district: .city
        case .city, .partner, .callbackOffice: nil
        }
    }
}

public enum Role: String, Codable, CaseIterable, Sendable {
    case cityChief, cityDeputy
    case districtChief, districtDeputy
    case stationChief, stationDeputy
    case officer, clerk, administrator
    /// 回访员: calls residents back and records what they say; works at a call-back office only.
    case callbackOfficer

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

    /// Whether an officer with this role may work on matters at all. A call-back officer only
    /// records residents' ratings, through the call-back office's own queue.
    public var worksMatters: Bool { self != .administrator && self != .callbackOfficer }
}

/// 满意 / 基本满意 / 不满意.
public enum Satisfaction: String, Codable, CaseIterable, Sendable {
    case satisfied, basicallySatisfied, dissatisfied

    public var allowsClosure: Bool { self != .dissatisfied }
}

/// Who recorded a rating. Only the resident's own word, or the call-back office's record of
/// it, is certified: scorecards and figures count nothing else. `recordedByUnit` marks ratings
/// a unit entered for its own matters before that was forbidden; they are kept and shown.
public enum RatingSource: String, Codable, CaseIterable, Sendable {
    case resident, callbackOffice, recordedByUnit

    public var isCertified: Bool { self != .recordedByUnit }
}

/// The way a rating reached the ledger.
public enum RatingChannel: String, Codable, CaseIterable, Sendable {
    /// The resident's tracking page (code and the phone's last four digits).
    case trackingPage
    /// The one-time rating link sent with the reply.
    case ratingLink
    /// A call from the call-back office.
    case callback
    /// Entered by the owning unit before M0048 (never certified).
    case unit
}

/// Where a matter came from.
public enum SourceChannel: String, Codable, CaseIterable, Sendable {
    case onlineMessage, receptionRoom, engagementItem, liaisonVisit, patrolFinding, walkIn, letter, phone
}
