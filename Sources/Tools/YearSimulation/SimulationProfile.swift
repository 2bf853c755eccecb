import LedgerCore
/// The totals a simulated year must reproduce. The `xian2023` profile is the table of
/// figures in the Xi'an report (DESIGN §1); everything not in that table (how long work took,
/// ratings, escalations) is drawn from plausible distributions by `YearPlan`.
public struct SimulationProfile: Sendable, Equatable {
    public var name: String
    public var year: Int
    public var matters: [Ledger: Int]
    public var mattersClosed: Int
    public var messagesReceived: Int
    public var messagesAnswered: Int
    public var messagesEscalated: Int
    public var receptionRooms: Int
    public var modelStreetRooms: Int
    public var modelCommunityRooms: Int
    public var residentsServed: Int
    public var services: [ReceptionServiceKind: Int]
    public var engagementActivities: Int
    public var thinkTankMembers: Int
    public var liaisonOfficers: Int
    public var liaisonContacts: Int
    public var liaisonItemsCollected: Int
    public var liaisonItemsSolved: Int

    public var totalMatters: Int { matters.values.reduce(0, +) }
    public var servicesGiven: Int { services.values.reduce(0, +) }

    /// 2023 in Xi'an, as reported. "2,000+" liaison officers is taken as 2,046.
    public static let xian2023 = SimulationProfile(
        name: "xian-2023", year: 2023,
        matters: [.suggestion: 6_831, .demand: 10_451, .complaint: 6_507],
        mattersClosed: 20_634,
        messagesReceived: 9_979, messagesAnswered: 9_632, messagesEscalated: 729,
        receptionRooms: 465, modelStreetRooms: 58, modelCommunityRooms: 40,
        residentsServed: 176_728,
        services: [.consultationHelp: 71_883, .disputeMediation: 11_035, .emergencyHelp: 3_894,
                   .businessOnBehalf: 25_545, .otherService: 63_895],
        engagementActivities: 3_274, thinkTankMembers: 179,
        liaisonOfficers: 2_046, liaisonContacts: 32_104, liaisonItemsCollected: 13_145, liaisonItemsSolved: 12_724)

    public static let all: [SimulationProfile] = [xian2023]

    /// The same year at 1/`divisor` of the volume (rounded down), for quick tests of the
    /// machinery; the totals are then those of the scaled profile, not of the report.
    public func scaled(by divisor: Int) -> SimulationProfile {
        guard divisor > 1 else { return self }
        var scaled = self
        scaled.name = "\(name)/\(divisor)"
        scaled.matters = matters.mapValues { $0 / divisor }
        scaled.mattersClosed = mattersClosed / divisor
        scaled.messagesReceived = messagesReceived / divisor
        scaled.messagesAnswered = messagesAnswered / divisor
        scaled.messagesEscalated = messagesEscalated / divisor
        scaled.receptionRooms = max(receptionRooms / divisor, 1)
        scaled.modelStreetRooms = modelStreetRooms / divisor
        scaled.modelCommunityRooms = modelCommunityRooms / divisor
        scaled.services = services.mapValues { $0 / divisor }
        scaled.residentsServed = scaled.servicesGiven + (residentsServed - servicesGiven) / divisor
        scaled.engagementActivities = engagementActivities / divisor
        scaled.thinkTankMembers = thinkTankMembers / divisor
        scaled.liaisonOfficers = max(liaisonOfficers / divisor, 1)
        scaled.liaisonContacts = liaisonContacts / divisor
        scaled.liaisonItemsCollected = liaisonItemsCollected / divisor
        scaled.liaisonItemsSolved = liaisonItemsSolved / divisor
        return scaled
    }
}
