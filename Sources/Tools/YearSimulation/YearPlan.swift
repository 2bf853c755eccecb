import LedgerCore
/// A year of a city's activity, decided in advance from a profile and a seed: who says what,
/// where and when, and what each officer does about it. It holds no counters: the figures of
/// the report come out of the records that executing these events makes through the service
/// layer. The exact totals are met by drawing from pools of the right size (so many matters
/// per ledger, so many services per kind), not by correcting afterwards.
public struct YearPlan: Sendable {
    /// Where something happens in the unit tree. Districts and stations are indices into the
    /// topology the plan was made for.
    public enum Place: Hashable, Sendable {
        case city
        case district(Int)
        case station(Int, Int)

        public var district: Int? {
            switch self {
            case .city: nil
            case .district(let d), .station(let d, _): d
            }
        }
    }

    public enum Source: Sendable, Equatable {
        case staff(SourceChannel)
        case message(Int)
        case reception(Int)
        case agendaItem(Int)
        case liaisonItem(Int)
    }

    public struct MatterSpec: Sendable {
        public let place: Place
        public let source: Source
        /// nil: the matter is declined at vetting and never enters a ledger.
        public let ledger: Ledger?
        public let topic: MatterTopic
        public let summary: String
        public let details: String
        public let complainants: [SimulatedText.Person]
    }

    public struct MessageSpec: Sendable {
        public let kind: MessageKind
        public let district: Int
        public let content: String
        public let place: String?
        public let person: SimulatedText.Person?
        /// The matter it becomes, owned by station `escalateToStation` of its district.
        public let matter: Int?
        public let escalateToStation: Int
    }

    public struct RoomSpec: Sendable {
        public let station: Place
        public let name: String
        public let kind: ReceptionRoomKind
        public let address: String
        public let modelSite: Bool
        public let languages: [String]
    }

    public struct ServiceSpec: Sendable {
        public let room: Int
        public let residents: Int
        public let kind: ReceptionServiceKind
        public let summary: String
        public let outcome: String
        public let foreignLanguage: String?
        public let matter: Int?
    }

    public struct MeetingSpec: Sendable {
        public let place: Place
        public let day: String
        public let venue: String
        public let topic: EngagementTopic
        public let participants: [ParticipantKind: Int]
        public let minutes: String
    }

    public struct AgendaItemSpec: Sendable {
        public let meeting: Int
        public let title: String
        public let resolution: String
        public let dueOn: String
        public let matter: Int?
    }

    public struct MemberSpec: Sendable {
        public let place: Place
        public let name: String
        public let expertise: String
        public let appointedOn: String
        public let termEndsOn: String
    }

    public struct LiaisonOfficerSpec: Sendable {
        public let place: Place
        public let name: String
        public let rank: OfficerRank
    }

    public struct ContactSpec: Sendable {
        public let officer: Int
        public let kind: LiaisonContactKind
        public let name: String
        public let startedOn: String
    }

    public struct VisitSpec: Sendable {
        public let contact: Int
        public let day: String
        public let mode: VisitMode
        public let notes: String
    }

    public struct LiaisonItemSpec: Sendable {
        public let visit: Int
        public let description: String
        public let solution: String?
        public let matter: Int?
    }

    public enum MatterStep: Sendable, Equatable {
        case vet, decline, handle, coordinate, result
        case reply(complainant: Int)
        case rate(complainant: Int, Satisfaction)
        case publish, withhold(WithholdingReason), review, close
    }

    public enum Action: Sendable {
        case createRoom(Int)
        case appointMember(Int)
        case pair(Int)
        case submitMessage(Int), answerMessage(Int), rateAnswer(Int, Satisfaction), escalateMessage(Int)
        case registerMatter(Int)
        case logService(Int), escalateService(Int)
        case recordMeeting(Int), addAgendaItem(Int), resolveAgendaItem(Int), openAgendaMatter(Int)
        case visit(Int), collectItem(Int), openLiaisonMatter(Int)
        case matter(Int, MatterStep)
    }

    public struct Event: Sendable {
        /// Seconds since the start of the year (00:00 +08:00, 1 January).
        public let time: Int
        public let action: Action
    }

    public let profile: SimulationProfile
    public let seed: UInt64
    public internal(set) var matters: [MatterSpec] = []
    public internal(set) var messages: [MessageSpec] = []
    public internal(set) var rooms: [RoomSpec] = []
    public internal(set) var services: [ServiceSpec] = []
    public internal(set) var meetings: [MeetingSpec] = []
    public internal(set) var agendaItems: [AgendaItemSpec] = []
    public internal(set) var members: [MemberSpec] = []
    public internal(set) var liaisonOfficers: [LiaisonOfficerSpec] = []
    public internal(set) var contacts: [ContactSpec] = []
    public internal(set) var visits: [VisitSpec] = []
    public internal(set) var liaisonItems: [LiaisonItemSpec] = []
    /// Every event of the year in time order.
    public internal(set) var events: [Event] = []
    /// Whether each matter is closed by the end of the year (the plan's intent; the records decide).
    public internal(set) var closes: [Bool] = []

    public static let secondsPerDay = 86_400
}
