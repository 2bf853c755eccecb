import Foundation

/// 好差评: the five levels a resident rates a police service on, one rating per served case
/// (一次一评、一事一评).
public enum ServiceRating: String, Codable, CaseIterable, Sendable {
    case verySatisfied, satisfied, basicallySatisfied, dissatisfied, veryDissatisfied

    /// 差评: 不满意 and 非常不满意. The other three are 好评.
    public var isBad: Bool { self == .dissatisfied || self == .veryDissatisfied }
}

/// The reasons a resident chooses from, as the national 好差评 forms list them: praise for a
/// good rating, complaints for a poor one.
public enum EvaluationReason: String, Codable, CaseIterable, Sendable {
    // 好评
    case courteous, efficient, clearGuidance, fewMaterials, doneInOneVisit
    // 差评
    case poorAttitude, longWait, slowHandling, repeatedVisits, excessiveMaterials, unclearGuidance, systemFault

    public var isPraise: Bool {
        switch self {
        case .courteous, .efficient, .clearGuidance, .fewMaterials, .doneInOneVisit: true
        default: false
        }
    }
}

/// What was rated: a served appointment at a hall's window, or a completed online application.
public enum EvaluatedCase: String, Codable, CaseIterable, Sendable {
    case appointment, application
}

/// How the resident reached the evaluation form.
public enum EvaluationChannel: String, Codable, CaseIterable, Sendable {
    /// The one-time link sent by SMS when the case was served or completed.
    case link
    /// The tracking page, with the case's code and the phone's last four digits.
    case trackingPage
}

public enum EvaluationRules {
    /// At most this many reasons on one rating.
    public static let maxReasons = 5

    /// Praise goes with 非常满意 and 满意, complaints with 基本满意 or worse; a 差评 names at
    /// least one complaint, so the hall knows what to put right.
    public static func validate(rating: ServiceRating, reasons: [EvaluationReason]) throws(LedgerError) {
        guard reasons.count <= maxReasons else {
            throw .invalid(field: "reasons", reason: "choose at most \(maxReasons) reasons")
        }
        guard Set(reasons).count == reasons.count else { throw .invalid(field: "reasons", reason: "lists the same reason twice") }
        let praiseAllowed = rating == .verySatisfied || rating == .satisfied
        if let wrong = reasons.first(where: { $0.isPraise != praiseAllowed }) {
            throw .invalid(field: "reasons", reason: "\(wrong.rawValue) does not go with the rating \(rating.rawValue)")
        }
        if rating.isBad && reasons.isEmpty {
            throw .invalid(field: "reasons", reason: "a dissatisfied rating names at least one reason")
        }
    }

    /// Only a served appointment or a completed application is rated, and only once.
    public static func mayEvaluate(isFinished: Bool, alreadyEvaluated: Bool) throws(LedgerError) {
        guard isFinished else {
            throw .invalid(field: "code", reason: "only a served appointment or a completed application can be rated")
        }
        guard !alreadyEvaluated else { throw .invalid(field: "code", reason: "this service has already been rated") }
    }

    /// Every real-name 差评 is called back and put right (100%): an anonymous one counts in the
    /// figures but leaves nobody to call.
    public static func opensRectification(rating: ServiceRating, anonymous: Bool) -> Bool {
        rating.isBad && !anonymous
    }
}

/// Where a rectification task stands: the hall calls the resident back, puts the matter right
/// and answers; an upheld appeal withdraws the task.
public enum RectificationStage: String, Codable, CaseIterable, Sendable {
    case awaitingCallback, awaitingRectification, rectified, withdrawn

    public var isOpen: Bool { self == .awaitingCallback || self == .awaitingRectification }
}

/// Working days allowed for a 差评: the call-back within 1, the rectification and its answer
/// within 5, both counted from the rating (configurable).
public struct RectificationPolicy: Sendable, Equatable, Codable {
    public var callbackDays: Int
    public var rectifyDays: Int

    public init(callbackDays: Int = 1, rectifyDays: Int = 5) {
        self.callbackDays = callbackDays
        self.rectifyDays = rectifyDays
    }
}

public enum RectificationRules {
    /// The officers of the unit running the hall (or handling the application) call back and
    /// rectify; chiefs above see the task once it is chased to them, but do not do the unit's work.
    public static func mayAct(_ actor: Actor, taskUnitID: Int) throws(LedgerError) {
        guard actor.role.worksMatters, actor.unitID == taskUnitID else {
            throw .notPermitted("only officers of the unit that served the resident call back and rectify")
        }
    }

    /// The deadline of the stage the task is in, counted from the rating.
    public static func deadline(stage: RectificationStage, ratedAt: Date, policy: RectificationPolicy, calendar: WorkingCalendar) -> Date? {
        switch stage {
        case .awaitingCallback: calendar.deadline(from: ratedAt, workingDays: policy.callbackDays)
        case .awaitingRectification: calendar.deadline(from: ratedAt, workingDays: policy.rectifyDays)
        case .rectified, .withdrawn: nil
        }
    }

    /// The stage after the call-back is recorded.
    public static func callBack(from stage: RectificationStage) throws(LedgerError) -> RectificationStage {
        guard stage == .awaitingCallback else {
            throw .invalid(field: "stage", reason: "the resident has already been called back, or the task is closed")
        }
        return .awaitingRectification
    }

    /// The stage after the rectification and its answer: the call-back comes first.
    public static func rectify(from stage: RectificationStage) throws(LedgerError) -> RectificationStage {
        guard stage == .awaitingRectification else {
            throw .invalid(field: "stage", reason: stage == .awaitingCallback
                ? "call the resident back before recording the rectification" : "the task is already closed")
        }
        return .rectified
    }

    /// An overdue stage is chased like a ledger deadline: the unit, its chief a working day
    /// later, the next level up a working day after that. A stage met resets the chase.
    public static func chase(stage: RectificationStage, chaseLevel: Int, deadline: Date?, escalatedBefore: Bool,
                             now: Date, calendar: WorkingCalendar) -> OverdueChase? {
        guard stage.isOpen, let deadline else { return nil }
        let steps = EscalationLadder.stepsToRecord(alreadyChased: chaseLevel, deadline: deadline, now: now, calendar: calendar)
        guard let highest = steps.last else { return nil }
        return OverdueChase(steps: steps, chaseLevel: highest.rawValue, opensAccountability: chaseLevel == 0,
                            escalates: highest == .nextLevelChief && !escalatedBefore)
    }
}

/// A hall that believes a rating mistaken or malicious appeals; the call-back office decides.
public enum EvaluationAppealState: String, Codable, CaseIterable, Sendable {
    case pending
    /// The rating is set aside: it leaves the figures and its task is withdrawn.
    case upheld
    case rejected
}

public enum EvaluationAppealRules {
    /// A chief (or deputy) of the unit that served the resident, once, and only against a 差评.
    public static func mayFile(_ actor: Actor, unitID: Int, rating: ServiceRating, appeal: EvaluationAppealState?) throws(LedgerError) {
        guard actor.role.isChief, actor.unitID == unitID else {
            throw .notPermitted("only a chief or deputy chief of the unit that served the resident may appeal its rating")
        }
        guard rating.isBad else { throw .invalid(field: "evaluationId", reason: "only a dissatisfied rating can be appealed") }
        guard appeal == nil else { throw .invalid(field: "evaluationId", reason: "this rating has already been appealed") }
    }

    /// The call-back office covering the unit decides: not the unit, not its chain of command.
    public static func mayDecide(_ caller: CallbackCaller?, unit: TreePlace, appeal: EvaluationAppealState?) throws(LedgerError) {
        guard let caller, CallbackRules.covers(office: caller.office, matter: unit) else {
            throw .notPermitted("only the call-back office covering the unit decides an appeal against a rating")
        }
        guard appeal == .pending else { throw .invalid(field: "evaluationId", reason: "no appeal is waiting for a decision on this rating") }
    }
}

/// The window's work: recording a resident served, which is what invites the rating.
public enum ServiceDeskRules {
    /// An officer of the unit running the hall, for a booking still standing, from the day of its slot.
    public static func mayServe(_ actor: Actor, hallUnitID: Int, isBooked: Bool, slotDay: Day, today: Day) throws(LedgerError) {
        guard actor.role.worksMatters, actor.unitID == hallUnitID else {
            throw .notPermitted("only officers of the unit running the hall record a resident served")
        }
        guard isBooked else { throw .invalid(field: "status", reason: "the booking was cancelled or already served") }
        guard slotDay <= today else { throw .invalid(field: "status", reason: "the booking is for a later day") }
    }
}
