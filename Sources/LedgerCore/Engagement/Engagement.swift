/// 进建商 (进警营、建实言、商办理): engagement meetings where each matter is discussed and
/// resolved on its own (一事一议).
public enum EngagementTopic: String, Codable, CaseIterable, Sendable {
    case household, trafficManagement, economicServices, campusSafety, minorProtection, other
}

/// Who took part, counted by kind.
public enum ParticipantKind: String, Codable, CaseIterable, Sendable {
    case thinkTankMembers, deputies, cppccMembers, residents, experienceOfficers, officers
}

/// 联访解: liaison by senior officers with units and individuals.
public enum LiaisonContactKind: String, Codable, CaseIterable, Sendable {
    case enterprise, school, community, other, individual
}

public enum VisitMode: String, Codable, CaseIterable, Sendable {
    case inPerson, phone, online, other
}

/// Officers' ranks, lowest first. Liaison is for deputy-section rank (副科级) or above.
public enum OfficerRank: String, Codable, CaseIterable, Sendable, Comparable {
    case staff, deputySection, section, deputyDivision, division, bureau

    public var mayLiaise: Bool { self >= .deputySection }

    public static func < (a: OfficerRank, b: OfficerRank) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
