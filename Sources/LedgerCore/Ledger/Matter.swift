/// What the rules need to know about one complainant (涉众) in the current handling round.
public struct ComplainantState: Sendable, Equatable {
    public enum Reachability: Sendable, Equatable {
        case reachable
        /// Reported unreachable by the handler; not yet a pass.
        case reportedUnreachable
        /// The next-level chief approved closing without this resident's rating.
        case approvedUnreachable
    }

    public let id: Int
    public var replied: Bool
    public var rating: Satisfaction?
    public var reachability: Reachability
    /// The call-back office's calls this round justify reporting the resident unreachable
    /// (`CallbackRules.justifiesUnreachable`).
    public var callsJustifyUnreachable: Bool
    /// The daily draw chose this resident's satisfied rating of the closed round for a
    /// re-check (随机复核) that the office has not settled yet.
    public var recheckPending: Bool

    public init(id: Int, replied: Bool = false, rating: Satisfaction? = nil, reachability: Reachability = .reachable,
                callsJustifyUnreachable: Bool = false, recheckPending: Bool = false) {
        self.id = id
        self.replied = replied
        self.rating = rating
        self.reachability = reachability
        self.callsJustifyUnreachable = callsJustifyUnreachable
        self.recheckPending = recheckPending
    }
}

/// A matter as the rules see it. Round-scoped facts (result, replies, ratings, publication,
/// accountability review) describe the current round: a 不满意 rating starts a new round.
public struct MatterSnapshot: Sendable, Equatable {
    public var status: MatterStatus
    public var ledger: Ledger?
    public var placement: MatterPlacement
    public var handlerID: Int?
    public var round: Int
    public var oversightLevel: Int
    public var hasResult: Bool
    public var complainants: [ComplainantState]
    public var hasPublicationDecision: Bool
    public var hasAccountabilityReview: Bool

    public init(
        status: MatterStatus, ledger: Ledger?, placement: MatterPlacement, handlerID: Int? = nil,
        round: Int = 1, oversightLevel: Int = 0, hasResult: Bool = false,
        complainants: [ComplainantState], hasPublicationDecision: Bool = false,
        hasAccountabilityReview: Bool = false
    ) {
        self.status = status
        self.ledger = ledger
        self.placement = placement
        self.handlerID = handlerID
        self.round = round
        self.oversightLevel = oversightLevel
        self.hasResult = hasResult
        self.complainants = complainants
        self.hasPublicationDecision = hasPublicationDecision
        self.hasAccountabilityReview = hasAccountabilityReview
    }
}

/// Lawful grounds for withholding a matter from the public board (一事一公开).
public enum WithholdingReason: String, Codable, CaseIterable, Sendable {
    case personalPrivacy, minorInvolved, ongoingInvestigation, stateSecret, commercialSecret, residentObjected
}

/// Every action a person can take on a matter.
public enum MatterCommand: Sendable, Equatable {
    case vet(Ledger)
    case decline(reason: String)
    case startHandling(handlerID: Int)
    case coordinate(partnerUnitID: Int, note: String)
    case recordResult(String)
    case reply(complainantID: Int, text: String)
    case rate(complainantID: Int, rating: Satisfaction, comment: String)
    case reportUnreachable(complainantID: Int, note: String)
    case approveUnreachable(complainantID: Int)
    /// An anonymised account for the public board: what was asked and what was done.
    case publish(asked: String, summary: String)
    case withhold(reason: WithholdingReason, note: String)
    case reviewAccountability(answerableOfficerID: Int, finding: String)
    case close
    /// What a resident told the call-back office when it called back about a closed matter.
    case recheck(complainantID: Int, verdict: RecheckVerdict, comment: String)

    /// The action this command is; commands and actions pair one to one.
    public var action: MatterAction {
        switch self {
        case .vet: .vet
        case .decline: .decline
        case .startHandling: .handle
        case .coordinate: .coordinate
        case .recordResult: .result
        case .reply: .reply
        case .rate: .rate
        case .reportUnreachable: .unreachable
        case .approveUnreachable: .approveUnreachable
        case .publish: .publish
        case .withhold: .withhold
        case .reviewAccountability: .accountability
        case .close: .close
        case .recheck: .recheck
        }
    }
}

/// The name of what may be done to a matter, shared by the API route
/// (`POST /api/v1/matters/{id}/{action}`), the page form (`/matters/{id}/{action}`), the rules'
/// list of what is available now, and the contract test: one list, so none of them can drift.
public enum MatterAction: String, CaseIterable, Codable, Sendable, Comparable {
    case vet, decline, handle, coordinate, result, reply, rate, unreachable, approveUnreachable, publish, withhold, accountability, close, recheck

    public static func < (lhs: MatterAction, rhs: MatterAction) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who acts: an officer, one of the matter's complainants (rating for themselves, through a
/// channel), or the call-back office recording what a resident said on the phone.
public enum Principal: Sendable, Equatable {
    case officer(Actor)
    case resident(complainantID: Int, channel: RatingChannel)
    case callbackOffice(CallbackCaller)

    /// The officer behind the act, if any (a resident acts as nobody on the staff).
    public var officerID: Int? {
        switch self {
        case .officer(let actor): actor.officerID
        case .callbackOffice(let caller): caller.officerID
        case .resident: nil
        }
    }

    /// Who a rating given by this principal counts as; nil for one who may not rate.
    public var ratingSource: RatingSource? {
        switch self {
        case .resident: .resident
        case .callbackOffice: .callbackOffice
        case .officer: nil
        }
    }
}

/// A condition of the closure gate that does not hold.
public enum ClosureGap: Sendable, Equatable, CustomStringConvertible {
    case noComplainants
    case noHandlingResult
    case replyMissing(complainantID: Int)
    case ratingMissing(complainantID: Int)
    case dissatisfied(complainantID: Int)
    case unreachableNotApproved(complainantID: Int)
    case noPublicationDecision
    case noAccountabilityReview

    public var description: String {
        switch self {
        case .noComplainants: "the matter has no complainant to reply to"
        case .noHandlingResult: "no handling result is recorded"
        case .replyMissing(let id): "complainant \(id) has not been replied to"
        case .ratingMissing(let id): "complainant \(id) has not rated the reply"
        case .dissatisfied(let id): "complainant \(id) is dissatisfied"
        case .unreachableNotApproved(let id): "complainant \(id) is unreachable and the next-level chief has not approved"
        case .noPublicationDecision: "no publication decision is recorded"
        case .noAccountabilityReview: "no accountability review is recorded"
        }
    }

    /// The request field the gap is about, for problem+json.
    public var field: String {
        switch self {
        case .noComplainants: "complainants"
        case .noHandlingResult: "result"
        case .replyMissing: "replies"
        case .ratingMissing, .dissatisfied, .unreachableNotApproved: "ratings"
        case .noPublicationDecision: "publication"
        case .noAccountabilityReview: "accountability"
        }
    }
}

public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    case illegalTransition(from: MatterStatus, action: MatterAction)
    case notPermitted(String)
    case invalid(field: String, reason: String)
    case unknownComplainant(Int)
    case alreadyReplied(complainantID: Int)
    case notReplied(complainantID: Int)
    case alreadyRated(complainantID: Int)
    case notReportedUnreachable(complainantID: Int)
    case closureGateRefused([ClosureGap])

    public var description: String {
        switch self {
        case .illegalTransition(let from, let action): "a \(from.rawValue) matter cannot take the action '\(action.rawValue)'"
        case .notPermitted(let why): why
        case .invalid(let field, let reason): "\(field): \(reason)"
        case .unknownComplainant(let id): "complainant \(id) is not on this matter"
        case .alreadyReplied(let id): "complainant \(id) has already been replied to in this round"
        case .notReplied(let id): "complainant \(id) has not been replied to yet"
        case .alreadyRated(let id): "complainant \(id) has already rated this round"
        case .notReportedUnreachable(let id): "complainant \(id) has not been reported unreachable"
        case .closureGateRefused(let gaps): "the matter cannot be closed: " + gaps.map(\.description).joined(separator: "; ")
        }
    }
}

/// Named kinds of events in a matter's timeline and in the audit chain.
public enum MatterEventKind: String, Codable, CaseIterable, Sendable {
    case registered, vetted, declined, handlingStarted, coordinated, resultRecorded, replied, rated
    case reopened, unreachableReported, unreachableApproved, published, withheld
    case accountabilityReviewed, accountabilityRecorded, closed, overdueChased, personalDataRevealed, rechecked
}

/// What a legal command does to a matter.
public struct Outcome: Sendable, Equatable {
    public var status: MatterStatus
    public var round: Int
    public var oversightLevel: Int
    public var eventKind: MatterEventKind
    /// A 不满意 rating reopened the matter: record who is answerable one level up.
    public var reopened: Bool
}
