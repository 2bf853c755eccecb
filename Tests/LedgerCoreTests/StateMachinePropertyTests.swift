import PropertyBased
import Testing
@testable import LedgerCore

/// What the service layer writes after an accepted command (test-only; mirrors LedgerService).
func reduce(_ matter: MatterSnapshot, _ command: MatterCommand, _ outcome: Outcome) -> MatterSnapshot {
    var next = matter
    func update(_ id: Int, _ change: (inout ComplainantState) -> Void) {
        if let index = next.complainants.firstIndex(where: { $0.id == id }) { change(&next.complainants[index]) }
    }
    switch command {
    case .vet(let ledger): next.ledger = ledger
    case .decline: next.complainants = next.complainants.map { var c = $0; c.replied = true; return c }  // the reason is everyone's reply
    case .coordinate, .close: break
    case .startHandling(let handlerID): next.handlerID = handlerID
    case .recordResult: next.hasResult = true
    case .reply(let id, _): update(id) { $0.replied = true }
    case .rate(let id, let rating, _): update(id) { $0.rating = rating }
    case .reportUnreachable(let id, _): update(id) { $0.reachability = .reportedUnreachable }
    case .approveUnreachable(let id): update(id) { $0.reachability = .approvedUnreachable }
    case .publish, .withhold: next.hasPublicationDecision = true
    case .reviewAccountability: next.hasAccountabilityReview = true
    case .recheck(let id, _, _): update(id) { $0.recheckPending = false }
    }
    next.status = outcome.status
    next.oversightLevel = outcome.oversightLevel
    if outcome.round != matter.round {
        // A new round: result, replies, ratings, publication and review start afresh.
        next.round = outcome.round
        next.hasResult = false
        next.hasPublicationDecision = false
        next.hasAccountabilityReview = false
        next.complainants = next.complainants.map { ComplainantState(id: $0.id) }
    }
    return next
}

/// One principal giving one command.
struct Move: CustomStringConvertible {
    let who: Who
    let command: MatterCommand
    var description: String { "\(who.name): \(command)" }
}

enum RandomWorld {
    static let owners: [MatterPlacement] = [World.station, World.otherStation, World.district, World.city]

    static let principals: [Who] = [
        World.stationChief, World.stationDeputy, World.stationOfficer, World.stationClerk, World.stationAdmin,
        World.otherStationChief, World.districtChief, World.districtOfficer, World.cityChief, World.cityDeputy,
        World.resident(501), World.resident(502), World.resident(503), World.cityCallback, World.otherDistrictCallback,
    ]

    /// Every command worth trying, including some with empty text and one for a complainant who may not exist.
    static let commands: [MatterCommand] = {
        var commands: [MatterCommand] = [
            .vet(.suggestion), .vet(.complaint), .decline(reason: "不属于受理范围"), .decline(reason: " "),
            .startHandling(handlerID: 3), .coordinate(partnerUnitID: World.partnerID, note: "转住建部门"),
            .recordResult("已协调解决"), .recordResult(""),
            .publish(asked: "噪音扰民", summary: "噪音问题已解决"), .withhold(reason: .personalPrivacy, note: "涉及隐私"),
            .reviewAccountability(answerableOfficerID: 3, finding: "无责任"), .close,
        ]
        for id in [501, 502, 503] {
            commands += [.reply(complainantID: id, text: "答复"), .reportUnreachable(complainantID: id, note: "联系不上"),
                         .approveUnreachable(complainantID: id)]
            commands += Satisfaction.allCases.map { .rate(complainantID: id, rating: $0, comment: "") }
        }
        return commands
    }()

    static let moves: [Move] = principals.flatMap { who in commands.map { Move(who: who, command: $0) } }

    static func newMatter(owner: Int, complainants: Int) -> MatterSnapshot {
        MatterSnapshot(status: .registered, ledger: nil, placement: owners[owner],
                       complainants: (0..<complainants).map { ComplainantState(id: 501 + $0, callsJustifyUnreachable: $0 == 2) })
    }

    /// Legal status changes, from → to.
    static let edges: Set<[MatterStatus]> = [
        [.registered, .registered], [.registered, .open], [.registered, .declined],
        [.open, .handling],
        [.handling, .handling], [.handling, .replied],
        [.replied, .replied], [.replied, .handling], [.replied, .closed],
    ]
}

/// Totals over all runs, to prove the random walks reach the interesting places.
struct Coverage {
    var closed = 0, declined = 0, reopened = 0, reachedTopOversight = 0, steps = 0
}

@Suite("State machine properties")
struct StateMachinePropertyTests {
    /// A step value picks a move: four in five among the moves accepted right now, otherwise among all.
    func pick(_ value: Int, on matter: MatterSnapshot) -> Move {
        if value % 5 != 0 {
            var accepted = RandomWorld.moves.filter { attempt($0.command, by: $0.who.principal, on: matter).outcome != nil }
            // Declining ends a walk at once; take it rarely so walks also reach closing and escalation.
            if value % 7 != 0 {
                let rest = accepted.filter { if case .decline = $0.command { false } else { true } }
                if !rest.isEmpty { accepted = rest }
            }
            if !accepted.isEmpty { return accepted[(value / 5) % accepted.count] }
        }
        return RandomWorld.moves[(value / 5) % RandomWorld.moves.count]
    }

    @Test("random command sequences keep the ledger invariants")
    func invariantsHold() async {
        var coverage = Coverage()
        await propertyCheck(count: 250, input: Gen.int(in: 0...3), Gen.int(in: 1...3), Gen.int(in: 0...1_000_000).array(of: 1...60)) { owner, complainants, steps in
            var matter = RandomWorld.newMatter(owner: owner, complainants: complainants)
            var trace: [String] = []
            for value in steps {
                if matter.status.isFinal {
                    // Nothing is accepted after closed or declined, from anyone.
                    for move in RandomWorld.moves {
                        #expect(attempt(move.command, by: move.who.principal, on: matter).error
                                == .illegalTransition(from: matter.status, action: move.command.action), "\(move) after \(trace)")
                    }
                    break
                }
                let move = pick(value, on: matter)
                guard let outcome = attempt(move.command, by: move.who.principal, on: matter).outcome else { continue }
                trace.append(move.description)
                coverage.steps += 1
                check(move.command, outcome, before: matter, trace: trace)
                let isDissatisfied = if case .rate(_, .dissatisfied, _) = move.command { true } else { false }
                if isDissatisfied {
                    coverage.reopened += 1
                    if outcome.oversightLevel == matter.placement.maxOversightLevel, matter.placement.maxOversightLevel > 0 {
                        coverage.reachedTopOversight += 1
                    }
                }
                matter = reduce(matter, move.command, outcome)
                if matter.status == .closed { coverage.closed += 1 }
                if matter.status == .declined { coverage.declined += 1 }
            }
        }
        // The walks must actually reach the ends of the life cycle, or the invariants were never tested there.
        #expect(coverage.closed > 0)
        #expect(coverage.declined > 0)
        #expect(coverage.reopened > 0)
        #expect(coverage.reachedTopOversight > 0)
    }

    func check(_ command: MatterCommand, _ outcome: Outcome, before matter: MatterSnapshot, trace: [String]) {
        let isDissatisfied = if case .rate(_, .dissatisfied, _) = command { true } else { false }

        // Nothing is accepted after closed/declined.
        #expect(!matter.status.isFinal, "accepted on a final matter: \(trace)")

        // Closure only through the gate, only from replied.
        if outcome.status == .closed {
            #expect(command == .close, "\(trace)")
            #expect(LedgerRules.closureGaps(matter).isEmpty, "closed with gaps \(LedgerRules.closureGaps(matter)): \(trace)")
            #expect(matter.status == .replied, "\(trace)")
        }
        if command == .close { #expect(outcome.status == .closed) }
        if outcome.status == .declined {
            if case .decline = command {} else { Issue.record("declined by \(command): \(trace)") }
        }

        // Status follows the life cycle; a replied matter never goes back to open or registered.
        #expect(RandomWorld.edges.contains([matter.status, outcome.status]), "\(matter.status) → \(outcome.status): \(trace)")
        if matter.status == .replied {
            #expect(outcome.status != .open && outcome.status != .registered, "\(trace)")
            if outcome.status == .handling { #expect(isDissatisfied, "reopened without 不满意: \(trace)") }
        }

        // The round only increases, and exactly on a 不满意 rating.
        #expect(outcome.round == matter.round + (isDissatisfied ? 1 : 0), "\(trace)")
        #expect(outcome.reopened == isDissatisfied, "\(trace)")
        if isDissatisfied { #expect(outcome.status == .handling, "不满意 did not reopen: \(trace)") }

        // Oversight climbs one level per reopening, never past the top of the chain.
        #expect(outcome.oversightLevel <= matter.placement.maxOversightLevel, "\(trace)")
        #expect(outcome.oversightLevel == (isDissatisfied ? min(matter.oversightLevel + 1, matter.placement.maxOversightLevel) : matter.oversightLevel),
                "\(trace)")
    }

    @Test("availableActions offers exactly the commands decide accepts (plus close for the gate's explanation)")
    func availableMatchesDecide() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...3), Gen.int(in: 1...3), Gen.int(in: 0...1_000_000).array(of: 0...30)) { owner, complainants, steps in
            var matter = RandomWorld.newMatter(owner: owner, complainants: complainants)
            for value in steps {
                let move = pick(value, on: matter)
                if let outcome = attempt(move.command, by: move.who.principal, on: matter).outcome {
                    matter = reduce(matter, move.command, outcome)
                }
            }
            for who in RandomWorld.principals {
                let offered = LedgerRules.availableActions(for: who.principal, on: matter)
                let accepted = Set(RandomWorld.commands.filter { attempt($0, by: who.principal, on: matter).outcome != nil }.map(\.action))
                #expect(offered.subtracting([.close]) == accepted.subtracting([.close]), "\(who.name) on \(matter)")
                if accepted.contains(.close) { #expect(offered.contains(.close)) }
                if matter.status.isFinal { #expect(offered.isEmpty) }
            }
        }
    }
}
