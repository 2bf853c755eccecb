import Foundation

/// The rules of the ledger (DESIGN.md §2). The service layer asks `decide` before it
/// changes anything; no code path writes a matter's state without it.
public enum LedgerRules {
    public static func decide(_ command: MatterCommand, by principal: Principal, on matter: MatterSnapshot) throws(LedgerError) -> Outcome {
        // Only a re-check reaches back into a closed matter (随机复核); nothing else changes a final one.
        let rechecksClosed = command.action == .recheck && matter.status == .closed
        if matter.status.isFinal && !rechecksClosed { throw .illegalTransition(from: matter.status, action: command.action) }
        try authorize(command, principal, matter)
        var outcome = Outcome(status: matter.status, round: matter.round, oversightLevel: matter.oversightLevel, eventKind: .registered, reopened: false)

        switch command {
        case .vet:
            try require(matter, in: [.registered], command)
            outcome.status = .open
            outcome.eventKind = .vetted

        case .decline(let reason):
            try require(matter, in: [.registered], command)
            try requireText(reason, field: "reason")
            // The reason is the reply every complainant receives, written with the decline: no
            // matter is declined without each resident being told why (一事一反馈).
            outcome.status = .declined
            outcome.eventKind = .declined

        case .startHandling:
            try require(matter, in: [.open], command)
            outcome.status = .handling
            outcome.eventKind = .handlingStarted

        case .coordinate(_, let note):
            try require(matter, in: [.handling], command)
            try requireText(note, field: "note")
            outcome.eventKind = .coordinated

        case .recordResult(let text):
            try require(matter, in: [.handling], command)
            try requireText(text, field: "result")
            outcome.eventKind = .resultRecorded

        case .reply(let id, let text):
            // A reply reports the handling result; a decline carries its own reply.
            try require(matter, in: [.handling, .replied], command)
            try requireText(text, field: "text")
            let complainant = try find(id, in: matter)
            if complainant.replied { throw .alreadyReplied(complainantID: id) }
            if !matter.hasResult {
                throw .invalid(field: "result", reason: "record the handling result before replying")
            }
            outcome.eventKind = .replied
            let everyoneReplied = matter.complainants.allSatisfy { $0.replied || $0.id == id }
            if matter.status == .handling && everyoneReplied { outcome.status = .replied }

        case .rate(let id, let rating, _):
            try require(matter, in: [.replied], command)
            let complainant = try find(id, in: matter)
            if !complainant.replied { throw .notReplied(complainantID: id) }
            if complainant.rating != nil { throw .alreadyRated(complainantID: id) }
            outcome.eventKind = .rated
            if rating == .dissatisfied {
                // 不满意 reopens the matter and moves oversight one level up.
                reopen(&outcome, matter)
            }

        case .reportUnreachable(let id, let note):
            try require(matter, in: [.replied], command)
            try requireText(note, field: "note")
            let complainant = try find(id, in: matter)
            if complainant.rating != nil { throw .alreadyRated(complainantID: id) }
            if complainant.reachability != .reachable {
                throw .invalid(field: "complainantId", reason: "already reported unreachable")
            }
            if !complainant.callsJustifyUnreachable {
                throw .invalid(field: "calls", reason: "the call-back office reports a resident unreachable only after no answer on \(CallbackRules.unansweredDaysBeforeUnreachable) different days, a wrong number or a refusal")
            }
            outcome.eventKind = .unreachableReported

        case .approveUnreachable(let id):
            try require(matter, in: [.replied], command)
            let complainant = try find(id, in: matter)
            if complainant.reachability != .reportedUnreachable { throw .notReportedUnreachable(complainantID: id) }
            outcome.eventKind = .unreachableApproved

        case .publish(let asked, let summary):
            try require(matter, in: [.handling, .replied], command)
            try requireText(asked, field: "asked")
            try requireText(summary, field: "summary")
            outcome.eventKind = .published

        case .withhold(_, let note):
            try require(matter, in: [.handling, .replied], command)
            try requireText(note, field: "note")
            outcome.eventKind = .withheld

        case .reviewAccountability(_, let finding):
            try require(matter, in: [.handling, .replied], command)
            try requireText(finding, field: "finding")
            outcome.eventKind = .accountabilityReviewed

        case .close:
            let gaps = closureGaps(matter)
            if !gaps.isEmpty { throw .closureGateRefused(gaps) }
            try require(matter, in: [.replied], command)
            outcome.status = .closed
            outcome.eventKind = .closed

        case .recheck(let id, let verdict, _):
            try require(matter, in: [.closed], command)
            let complainant = try find(id, in: matter)
            if !complainant.recheckPending {
                throw .invalid(field: "complainantId", reason: "no re-check of this resident's rating is waiting")
            }
            outcome.eventKind = .rechecked
            if verdict == .disagreed {
                // The resident was not satisfied after all: the matter reopens as on 不满意, and
                // the unit answers for it one level up.
                reopen(&outcome, matter)
            }
        }
        return outcome
    }

    /// 销号: every condition that still keeps the matter open, in a fixed order.
    public static func closureGaps(_ matter: MatterSnapshot) -> [ClosureGap] {
        var gaps: [ClosureGap] = []
        if matter.complainants.isEmpty { gaps.append(.noComplainants) }
        if !matter.hasResult { gaps.append(.noHandlingResult) }
        for complainant in matter.complainants {
            if !complainant.replied { gaps.append(.replyMissing(complainantID: complainant.id)); continue }
            switch (complainant.rating, complainant.reachability) {
            case (.some(let rating), _) where !rating.allowsClosure: gaps.append(.dissatisfied(complainantID: complainant.id))
            case (.some, _): break
            case (nil, .approvedUnreachable): break
            case (nil, .reportedUnreachable): gaps.append(.unreachableNotApproved(complainantID: complainant.id))
            case (nil, .reachable): gaps.append(.ratingMissing(complainantID: complainant.id))
            }
        }
        if !matter.hasPublicationDecision { gaps.append(.noPublicationDecision) }
        if !matter.hasAccountabilityReview { gaps.append(.noAccountabilityReview) }
        return gaps
    }

    /// The actions this principal may try now; used to show exactly the right buttons.
    public static func availableActions(for principal: Principal, on matter: MatterSnapshot) -> Set<MatterAction> {
        let probes: [MatterCommand] = [
            .vet(.suggestion), .decline(reason: "x"), .startHandling(handlerID: 0),
            .coordinate(partnerUnitID: 0, note: "x"), .recordResult("x"), .publish(asked: "x", summary: "x"),
            .withhold(reason: .personalPrivacy, note: "x"), .reviewAccountability(answerableOfficerID: 0, finding: "x"),
        ]
        var names = Set<MatterAction>()
        for probe in probes where (try? decide(probe, by: principal, on: matter)) != nil { names.insert(probe.action) }
        for complainant in matter.complainants {
            let perComplainant: [MatterCommand] = [
                .reply(complainantID: complainant.id, text: "x"),
                .rate(complainantID: complainant.id, rating: .satisfied, comment: ""),
                .reportUnreachable(complainantID: complainant.id, note: "x"),
                .approveUnreachable(complainantID: complainant.id),
            ]
            for probe in perComplainant where (try? decide(probe, by: principal, on: matter)) != nil { names.insert(probe.action) }
        }
        // Offer close whenever the principal may close, so the gate can say what is missing.
        if (try? authorize(.close, principal, matter)) != nil, !matter.status.isFinal, matter.status != .registered {
            names.insert(.close)
        }
        return names
    }

    // MARK: - Who may do what

    static func authorize(_ command: MatterCommand, _ principal: Principal, _ matter: MatterSnapshot) throws(LedgerError) {
        switch principal {
        case .resident(let complainantID, _):
            // A re-check is the office's call, not something a resident starts.
            guard case .rate(let id, _, _) = command, id == complainantID else {
                throw .notPermitted("a resident may only rate the reply they received")
            }
        case .callbackOffice(let caller):
            // The office records what residents say, for the matters it covers, and nothing else.
            guard CallbackRules.covers(office: caller.office, matter: matter.placement.place) else {
                throw .notPermitted("this call-back office does not cover this matter")
            }
            switch command {
            case .rate, .reportUnreachable, .recheck: break
            default: throw .notPermitted("the call-back office only records what residents say")
            }
        case .officer(let actor):
            guard actor.role.worksMatters else { throw .notPermitted("administrators do not work ledger matters") }
            let ownUnit = actor.unitID == matter.placement.owningUnitID
            let chiefOfOwner = ownUnit && actor.role.isChief
            switch command {
            case .vet, .decline, .close, .publish, .withhold, .reviewAccountability:
                guard chiefOfOwner else {
                    throw .notPermitted("only a chief or deputy chief of the owning unit may \(command.action.rawValue) this matter")
                }
            case .approveUnreachable:
                guard actor.role.isChief, isNextLevelChiefUnit(actor, matter.placement) else {
                    throw .notPermitted("only a chief of the next level up may approve closing without a resident's rating")
                }
            case .startHandling, .coordinate, .recordResult:
                guard ownUnit, actor.role != .clerk else {
                    throw .notPermitted("only officers of the owning unit may handle this matter")
                }
            case .reply:
                guard ownUnit else { throw .notPermitted("only the owning unit may reply") }
            case .rate, .reportUnreachable, .recheck:
                // 群众满意: satisfaction is the resident's word, given to them or to the call-back
                // office, never recorded by the unit being judged nor by anyone above it.
                throw .notPermitted("only the resident, or the call-back office that called them, records satisfaction")
            }
        }
    }

    private static func isNextLevelChiefUnit(_ actor: Actor, _ placement: MatterPlacement) -> Bool {
        if let next = placement.nextLevelUnitID { return actor.unitID == next }
        // A city-owned matter has no level above it: only the city chief (not a deputy) approves.
        return actor.unitID == placement.cityID && actor.role == .cityChief
    }

    /// A new round of handling with oversight one level up (不满意, or a re-check disagreeing).
    private static func reopen(_ outcome: inout Outcome, _ matter: MatterSnapshot) {
        outcome.status = .handling
        outcome.round = matter.round + 1
        outcome.oversightLevel = min(matter.oversightLevel + 1, matter.placement.maxOversightLevel)
        outcome.reopened = true
    }

    private static func require(_ matter: MatterSnapshot, in states: Set<MatterStatus>, _ command: MatterCommand) throws(LedgerError) {
        guard states.contains(matter.status) else { throw .illegalTransition(from: matter.status, action: command.action) }
    }

    private static func requireText(_ text: String, field: String) throws(LedgerError) {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalid(field: field, reason: "must not be empty")
        }
    }

    private static func find(_ id: Int, in matter: MatterSnapshot) throws(LedgerError) -> ComplainantState {
        guard let complainant = matter.complainants.first(where: { $0.id == id }) else { throw .unknownComplainant(id) }
        return complainant
    }
}
