import Testing
@testable import LedgerCore

// MARK: - A small world shared by the ledger tests

/// A named principal, so parameterised tests say who acted.
struct Who: Sendable, CustomTestStringConvertible {
    let name: String
    let principal: Principal
    var testDescription: String { name }
}

/// One city (1), its district (10) with two stations (100, 101), and a second district (11).
enum World {
    static let cityID = 1
    static let districtID = 10
    static let otherDistrictID = 11
    static let stationID = 100
    static let otherStationID = 101
    static let partnerID = 900

    static let station = MatterPlacement(owningUnitID: stationID, owningUnitKind: .station, districtID: districtID, cityID: cityID)
    static let otherStation = MatterPlacement(owningUnitID: otherStationID, owningUnitKind: .station, districtID: districtID, cityID: cityID)
    static let district = MatterPlacement(owningUnitID: districtID, owningUnitKind: .district, districtID: districtID, cityID: cityID)
    static let city = MatterPlacement(owningUnitID: cityID, owningUnitKind: .city, districtID: nil, cityID: cityID)

    static func officer(_ name: String, _ id: Int, _ role: Role, unit: Int, _ kind: UnitKind) -> Who {
        Who(name: name, principal: .officer(Actor(officerID: id, role: role, unitID: unit, unitKind: kind)))
    }

    static let stationChief = officer("station chief", 1, .stationChief, unit: stationID, .station)
    static let stationDeputy = officer("station deputy", 2, .stationDeputy, unit: stationID, .station)
    static let stationOfficer = officer("station officer", 3, .officer, unit: stationID, .station)
    static let stationClerk = officer("station clerk", 4, .clerk, unit: stationID, .station)
    static let stationAdmin = officer("station administrator", 5, .administrator, unit: stationID, .station)
    static let otherStationChief = officer("chief of another station", 6, .stationChief, unit: otherStationID, .station)
    static let districtChief = officer("district chief", 7, .districtChief, unit: districtID, .district)
    static let districtDeputy = officer("district deputy", 8, .districtDeputy, unit: districtID, .district)
    static let districtOfficer = officer("district officer", 9, .officer, unit: districtID, .district)
    static let otherDistrictChief = officer("chief of another district", 10, .districtChief, unit: otherDistrictID, .district)
    static let cityChief = officer("city chief", 11, .cityChief, unit: cityID, .city)
    static let cityDeputy = officer("city deputy", 12, .cityDeputy, unit: cityID, .city)
    static let cityOfficer = officer("city officer", 13, .officer, unit: cityID, .city)
    static let cityAdmin = officer("city administrator", 14, .administrator, unit: cityID, .city)

    static func resident(_ id: Int) -> Who { Who(name: "resident \(id)", principal: .resident(complainantID: id)) }

    static func matter(
        _ status: MatterStatus, at placement: MatterPlacement = station, hasResult: Bool = false,
        complainants: [ComplainantState] = [ComplainantState(id: 501)],
        publication: Bool = false, accountability: Bool = false, round: Int = 1, oversightLevel: Int = 0
    ) -> MatterSnapshot {
        MatterSnapshot(
            status: status, ledger: status == .registered ? nil : .complaint, placement: placement,
            handlerID: [.registered, .open].contains(status) ? nil : 3, round: round, oversightLevel: oversightLevel,
            hasResult: hasResult, complainants: complainants,
            hasPublicationDecision: publication, hasAccountabilityReview: accountability)
    }

    /// A matter that passes every condition of the closure gate.
    static func ready(at placement: MatterPlacement = station) -> MatterSnapshot {
        matter(.replied, at: placement, hasResult: true, complainants: [
            ComplainantState(id: 501, replied: true, rating: .satisfied),
            ComplainantState(id: 502, replied: true, rating: .basicallySatisfied),
        ], publication: true, accountability: true)
    }
}

extension MatterSnapshot {
    func with(status: MatterStatus) -> MatterSnapshot {
        var copy = self
        copy.status = status
        return copy
    }
}

func attempt(_ command: MatterCommand, by principal: Principal, on matter: MatterSnapshot) -> Result<Outcome, LedgerError> {
    do throws(LedgerError) {
        return .success(try LedgerRules.decide(command, by: principal, on: matter))
    } catch {
        return .failure(error)
    }
}

extension Result where Success == Outcome, Failure == LedgerError {
    var outcome: Outcome? { if case .success(let outcome) = self { outcome } else { nil } }
    var error: LedgerError? { if case .failure(let error) = self { error } else { nil } }
    var isNotPermitted: Bool { if case .failure(.notPermitted) = self { true } else { false } }
}

// MARK: - The transition table

/// One row per MatterCommand case, with a snapshot that satisfies every precondition except the status.
enum CommandKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case vet, decline, startHandling, coordinate, recordResult, reply, rate, reportUnreachable, approveUnreachable
    case publish, withhold, reviewAccountability, close

    var testDescription: String { rawValue }

    /// Exhaustive on purpose: a new MatterCommand case does not compile until the table covers it.
    init(_ command: MatterCommand) {
        switch command {
        case .vet: self = .vet
        case .decline: self = .decline
        case .startHandling: self = .startHandling
        case .coordinate: self = .coordinate
        case .recordResult: self = .recordResult
        case .reply: self = .reply
        case .rate: self = .rate
        case .reportUnreachable: self = .reportUnreachable
        case .approveUnreachable: self = .approveUnreachable
        case .publish: self = .publish
        case .withhold: self = .withhold
        case .reviewAccountability: self = .reviewAccountability
        case .close: self = .close
        }
    }

    var command: MatterCommand {
        switch self {
        case .vet: .vet(.demand)
        case .decline: .decline(reason: "不属于公安机关职责")
        case .startHandling: .startHandling(handlerID: 3)
        case .coordinate: .coordinate(partnerUnitID: World.partnerID, note: "转城管")
        case .recordResult: .recordResult("已调解")
        case .reply: .reply(complainantID: 501, text: "已调解完毕")
        case .rate: .rate(complainantID: 501, rating: .satisfied, comment: "")
        case .reportUnreachable: .reportUnreachable(complainantID: 501, note: "三次电话未接")
        case .approveUnreachable: .approveUnreachable(complainantID: 501)
        case .publish: .publish(asked: "小区夜间噪音扰民", summary: "小区噪音问题已协调解决")
        case .withhold: .withhold(reason: .personalPrivacy, note: "涉及个人隐私")
        case .reviewAccountability: .reviewAccountability(answerableOfficerID: 3, finding: "办理及时，无责任")
        case .close: .close
        }
    }

    /// Someone who is allowed to give the command on a station-owned matter.
    var principal: Principal {
        self == .approveUnreachable ? World.districtChief.principal : World.stationChief.principal
    }

    /// Where the command is legal, and the status it leads to.
    var transitions: [MatterStatus: MatterStatus] {
        switch self {
        case .vet: [.registered: .open]
        case .decline: [.registered: .declined]
        case .startHandling: [.open: .handling]
        case .coordinate, .recordResult: [.handling: .handling]
        case .reply: [.handling: .handling, .replied: .replied]
        case .rate, .reportUnreachable, .approveUnreachable: [.replied: .replied]
        case .publish, .withhold, .reviewAccountability: [.handling: .handling, .replied: .replied]
        case .close: [.replied: .closed]
        }
    }

    /// The first status (in lifecycle order) where the command is legal.
    var legalStatus: MatterStatus { MatterStatus.allCases.first { transitions[$0] != nil }! }

    var eventKind: MatterEventKind {
        switch self {
        case .vet: .vetted
        case .decline: .declined
        case .startHandling: .handlingStarted
        case .coordinate: .coordinated
        case .recordResult: .resultRecorded
        case .reply: .replied
        case .rate: .rated
        case .reportUnreachable: .unreachableReported
        case .approveUnreachable: .unreachableApproved
        case .publish: .published
        case .withhold: .withheld
        case .reviewAccountability: .accountabilityReviewed
        case .close: .closed
        }
    }

    func snapshot(in status: MatterStatus) -> MatterSnapshot {
        switch self {
        case .decline:
            World.matter(status, complainants: [ComplainantState(id: 501, replied: true)])
        case .reply:
            // Two unreplied complainants, so a reply never completes the round.
            World.matter(status, hasResult: true, complainants: [ComplainantState(id: 501), ComplainantState(id: 502)])
        case .rate, .reportUnreachable:
            World.matter(status, hasResult: true, complainants: [ComplainantState(id: 501, replied: true)])
        case .approveUnreachable:
            World.matter(status, hasResult: true, complainants: [
                ComplainantState(id: 501, replied: true, reachability: .reportedUnreachable),
            ])
        case .close:
            World.ready().with(status: status)
        default:
            World.matter(status)
        }
    }
}

@Suite("Ledger rules: the transition table")
struct TransitionTableTests {
    @Test("every MatterCommand has a row", arguments: CommandKind.allCases)
    func tableCoversEveryCommand(kind: CommandKind) {
        #expect(CommandKind(kind.command) == kind)
        #expect(kind.command.action.rawValue == (kind == .startHandling ? "handle" : kind == .recordResult ? "result"
            : kind == .reportUnreachable ? "unreachable" : kind == .reviewAccountability ? "accountability" : kind.rawValue))
    }

    @Test("status × command: legal moves are accepted, all others are illegal transitions",
          arguments: MatterStatus.allCases, CommandKind.allCases)
    func statusByCommand(status: MatterStatus, kind: CommandKind) throws {
        let matter = kind.snapshot(in: status)
        let result = attempt(kind.command, by: kind.principal, on: matter)
        if let expected = kind.transitions[status] {
            let outcome = try #require(result.outcome, "\(kind) should be legal in \(status): \(String(describing: result.error))")
            #expect(outcome.status == expected)
            #expect(outcome.eventKind == kind.eventKind)
            #expect(outcome.round == matter.round)
            #expect(outcome.oversightLevel == matter.oversightLevel)
            #expect(outcome.reopened == false)
        } else {
            #expect(result.error == .illegalTransition(from: status, action: kind.command.action))
        }
    }

    @Test("nothing is accepted on a closed or declined matter, whoever asks", arguments: [MatterStatus.closed, .declined])
    func finalStatusesAcceptNothing(status: MatterStatus) {
        let everyone = [World.stationChief, World.stationOfficer, World.districtChief, World.cityChief, World.resident(501)]
        for kind in CommandKind.allCases {
            for who in everyone {
                #expect(attempt(kind.command, by: who.principal, on: kind.snapshot(in: status)).error
                        == .illegalTransition(from: status, action: kind.command.action), "\(who.name) \(kind)")
            }
        }
        #expect(status.isFinal)
    }
}

// MARK: - Who may do what

@Suite("Ledger rules: authorisation")
struct AuthorisationTests {
    static let chiefOnly: [CommandKind] = [.vet, .decline, .close, .publish, .withhold, .reviewAccountability]
    static let notChiefsOfOwner: [Who] = [
        World.otherStationChief, World.districtChief, World.districtDeputy, World.cityChief,
        World.stationOfficer, World.stationClerk, World.stationAdmin, World.resident(501),
    ]

    @Test("only a chief or deputy of the owning unit may vet/decline/close/publish/withhold/review",
          arguments: chiefOnly, notChiefsOfOwner)
    func chiefOnlyCommandsRefuseOthers(kind: CommandKind, who: Who) {
        let matter = kind.snapshot(in: kind.legalStatus)
        #expect(attempt(kind.command, by: who.principal, on: matter).isNotPermitted)
    }

    @Test("the chief and the deputy of the owning unit may vet/decline/close/publish/withhold/review",
          arguments: chiefOnly, [World.stationChief, World.stationDeputy])
    func chiefOnlyCommandsAcceptOwnerChiefs(kind: CommandKind, who: Who) {
        let matter = kind.snapshot(in: kind.legalStatus)
        #expect(attempt(kind.command, by: who.principal, on: matter).outcome != nil)
    }

    @Test("on a district-owned matter the district chief is the owner and a station chief below is not")
    func districtOwnedMatter() {
        let matter = World.matter(.registered, at: World.district)
        #expect(attempt(.vet(.demand), by: World.districtChief.principal, on: matter).outcome?.status == .open)
        #expect(attempt(.vet(.demand), by: World.districtDeputy.principal, on: matter).outcome?.status == .open)
        #expect(attempt(.vet(.demand), by: World.stationChief.principal, on: matter).isNotPermitted)
        #expect(attempt(.vet(.demand), by: World.cityChief.principal, on: matter).isNotPermitted)
    }

    @Test("clerks and officers of other units may not handle; officers of the owning unit may",
          arguments: [CommandKind.startHandling, .coordinate, .recordResult])
    func handlingIsForOfficersOfTheOwningUnit(kind: CommandKind) {
        let matter = kind.snapshot(in: kind.legalStatus)
        for who in [World.stationClerk, World.stationAdmin, World.otherStationChief, World.districtChief, World.districtOfficer, World.resident(501)] {
            #expect(attempt(kind.command, by: who.principal, on: matter).isNotPermitted, "\(who.name)")
        }
        for who in [World.stationOfficer, World.stationChief, World.stationDeputy] {
            #expect(attempt(kind.command, by: who.principal, on: matter).outcome != nil, "\(who.name)")
        }
    }

    @Test("replies, ratings and unreachable reports are recorded by the owning unit only, clerks included",
          arguments: [CommandKind.reply, .rate, .reportUnreachable])
    func repliesAndRatingsAreForTheOwningUnit(kind: CommandKind) {
        let matter = kind.snapshot(in: kind.legalStatus)
        for who in [World.otherStationChief, World.districtChief, World.cityChief, World.stationAdmin] {
            #expect(attempt(kind.command, by: who.principal, on: matter).isNotPermitted, "\(who.name)")
        }
        for who in [World.stationClerk, World.stationOfficer] {
            #expect(attempt(kind.command, by: who.principal, on: matter).outcome != nil, "\(who.name)")
        }
    }

    struct ApprovalCase: Sendable, CustomTestStringConvertible {
        let owner: String
        let placement: MatterPlacement
        let who: Who
        let allowed: Bool
        var testDescription: String { "\(owner)-owned matter, \(who.name): \(allowed ? "allowed" : "refused")" }
    }

    static let approvalCases: [ApprovalCase] = [
        .init(owner: "station", placement: World.station, who: World.districtChief, allowed: true),
        .init(owner: "station", placement: World.station, who: World.districtDeputy, allowed: true),
        .init(owner: "station", placement: World.station, who: World.stationChief, allowed: false),
        .init(owner: "station", placement: World.station, who: World.stationDeputy, allowed: false),
        .init(owner: "station", placement: World.station, who: World.stationOfficer, allowed: false),
        .init(owner: "station", placement: World.station, who: World.otherStationChief, allowed: false),
        .init(owner: "station", placement: World.station, who: World.districtOfficer, allowed: false),
        .init(owner: "station", placement: World.station, who: World.otherDistrictChief, allowed: false),
        .init(owner: "station", placement: World.station, who: World.cityChief, allowed: false),
        .init(owner: "station", placement: World.station, who: World.resident(501), allowed: false),
        .init(owner: "district", placement: World.district, who: World.cityChief, allowed: true),
        .init(owner: "district", placement: World.district, who: World.districtChief, allowed: false),
        .init(owner: "district", placement: World.district, who: World.cityOfficer, allowed: false),
        .init(owner: "city", placement: World.city, who: World.cityChief, allowed: true),
        .init(owner: "city", placement: World.city, who: World.cityDeputy, allowed: false),
        .init(owner: "city", placement: World.city, who: World.cityOfficer, allowed: false),
        .init(owner: "city", placement: World.city, who: World.cityAdmin, allowed: false),
        .init(owner: "city", placement: World.city, who: World.districtChief, allowed: false),
    ]

    @Test("approving an unreachable resident needs a chief of the next level (the city chief himself for a city matter)",
          arguments: approvalCases)
    func approveUnreachableNeedsTheNextLevelChief(c: ApprovalCase) {
        var matter = CommandKind.approveUnreachable.snapshot(in: .replied)
        matter.placement = c.placement
        let result = attempt(.approveUnreachable(complainantID: 501), by: c.who.principal, on: matter)
        if c.allowed {
            #expect(result.outcome?.eventKind == .unreachableApproved)
        } else {
            #expect(result.isNotPermitted)
        }
    }

    @Test("a resident may rate their own reply and nothing else")
    func residentMayOnlyRateTheirOwn() {
        let matter = World.matter(.replied, hasResult: true, complainants: [
            ComplainantState(id: 501, replied: true), ComplainantState(id: 502, replied: true),
        ])
        let resident = World.resident(501).principal
        #expect(attempt(.rate(complainantID: 501, rating: .satisfied, comment: "好"), by: resident, on: matter).outcome?.eventKind == .rated)
        #expect(attempt(.rate(complainantID: 502, rating: .satisfied, comment: ""), by: resident, on: matter).isNotPermitted)
        #expect(attempt(.rate(complainantID: 502, rating: .dissatisfied, comment: ""), by: resident, on: matter).isNotPermitted)
        #expect(attempt(.reportUnreachable(complainantID: 501, note: "x"), by: resident, on: matter).isNotPermitted)
        #expect(attempt(.close, by: resident, on: World.ready()).isNotPermitted)
        let handling = World.matter(.handling, hasResult: true, complainants: [ComplainantState(id: 501)])
        #expect(attempt(.reply(complainantID: 501, text: "x"), by: resident, on: handling).isNotPermitted)
    }

    @Test("administrators do not work ledger matters, even in their own unit")
    func administratorsDoNotWorkMatters() {
        for kind in CommandKind.allCases where kind != .approveUnreachable {
            #expect(attempt(kind.command, by: World.stationAdmin.principal, on: kind.snapshot(in: kind.legalStatus)).isNotPermitted, "\(kind)")
        }
        #expect(attempt(.approveUnreachable(complainantID: 501), by: World.cityAdmin.principal,
                        on: { var m = CommandKind.approveUnreachable.snapshot(in: .replied); m.placement = World.city; return m }()).isNotPermitted)
    }
}

// MARK: - Decline, reply, rate

@Suite("Ledger rules: decline, reply and rating")
struct DeclineReplyRateTests {
    let chief = World.stationChief.principal

    @Test("decline needs a non-empty reason", arguments: ["", "   ", "\n\t"])
    func declineNeedsAReason(reason: String) {
        let matter = World.matter(.registered, complainants: [ComplainantState(id: 501, replied: true)])
        #expect(attempt(.decline(reason: reason), by: chief, on: matter).error == .invalid(field: "reason", reason: "must not be empty"))
        #expect(attempt(.decline(reason: "不属于受理范围"), by: chief, on: matter).outcome?.status == .declined)
    }

    @Test("decline carries its own reply: no complainant needs a reply beforehand")
    func declineCarriesItsReply() {
        let matter = World.matter(.registered, complainants: [ComplainantState(id: 501), ComplainantState(id: 502)])
        let outcome = attempt(.decline(reason: "不属于受理范围"), by: chief, on: matter).outcome
        #expect(outcome?.status == .declined)
        #expect(outcome?.eventKind == .declined)
    }

    @Test("in handling, a reply before the result is recorded is refused on the field 'result'")
    func replyNeedsAResult() {
        let matter = World.matter(.handling, hasResult: false, complainants: [ComplainantState(id: 501)])
        guard case .invalid(let field, _)? = attempt(.reply(complainantID: 501, text: "已处理"), by: chief, on: matter).error else {
            Issue.record("expected .invalid(field: \"result\", …)")
            return
        }
        #expect(field == "result")
        var withResult = matter
        withResult.hasResult = true
        #expect(attempt(.reply(complainantID: 501, text: "已处理"), by: chief, on: withResult).outcome != nil)
    }

    @Test("no reply is taken before vetting: a decline carries its own")
    func noReplyInRegistered() {
        let matter = World.matter(.registered, complainants: [ComplainantState(id: 501)])
        #expect(attempt(.reply(complainantID: 501, text: "此事不属于受理范围"), by: chief, on: matter).error
                == .illegalTransition(from: .registered, action: .reply))
    }

    @Test("the last reply moves handling to replied; earlier replies do not")
    func lastReplyMovesToReplied() {
        var matter = World.matter(.handling, hasResult: true, complainants: [
            ComplainantState(id: 501), ComplainantState(id: 502), ComplainantState(id: 503),
        ])
        #expect(attempt(.reply(complainantID: 502, text: "答复"), by: chief, on: matter).outcome?.status == .handling)
        matter.complainants[1].replied = true
        #expect(attempt(.reply(complainantID: 501, text: "答复"), by: chief, on: matter).outcome?.status == .handling)
        matter.complainants[0].replied = true
        #expect(attempt(.reply(complainantID: 503, text: "答复"), by: chief, on: matter).outcome?.status == .replied)
    }

    @Test("a second reply to the same complainant in a round is refused")
    func duplicateReply() {
        let matter = World.matter(.handling, hasResult: true, complainants: [ComplainantState(id: 501, replied: true), ComplainantState(id: 502)])
        #expect(attempt(.reply(complainantID: 501, text: "再次答复"), by: chief, on: matter).error == .alreadyReplied(complainantID: 501))
        let replied = World.matter(.replied, hasResult: true, complainants: [ComplainantState(id: 501, replied: true)])
        #expect(attempt(.reply(complainantID: 501, text: "再次答复"), by: chief, on: replied).error == .alreadyReplied(complainantID: 501))
    }

    @Test("replies need text and a complainant on the matter")
    func replyValidation() {
        let matter = World.matter(.handling, hasResult: true, complainants: [ComplainantState(id: 501)])
        #expect(attempt(.reply(complainantID: 501, text: "  "), by: chief, on: matter).error == .invalid(field: "text", reason: "must not be empty"))
        #expect(attempt(.reply(complainantID: 999, text: "答复"), by: chief, on: matter).error == .unknownComplainant(999))
    }

    @Test("publication, withholding, coordination, results and accountability findings need their text")
    func textFieldsAreRequired() {
        let matter = World.matter(.handling, hasResult: true)
        let empty = "  \n"
        let cases: [(MatterCommand, String)] = [
            (.publish(asked: empty, summary: "噪音问题已解决"), "asked"),
            (.publish(asked: "夜间噪音扰民", summary: empty), "summary"),
            (.withhold(reason: .minorInvolved, note: empty), "note"),
            (.coordinate(partnerUnitID: World.partnerID, note: empty), "note"),
            (.recordResult(empty), "result"),
            (.reviewAccountability(answerableOfficerID: 3, finding: empty), "finding"),
        ]
        for (command, field) in cases {
            #expect(attempt(command, by: chief, on: matter).error == .invalid(field: field, reason: "must not be empty"), "\(command)")
        }
    }

    struct ReopenCase: Sendable, CustomTestStringConvertible {
        let owner: String
        let placement: MatterPlacement
        let from: Int
        let to: Int
        var testDescription: String { "\(owner)-owned, level \(from) → \(to)" }
    }

    static let reopenCases: [ReopenCase] = [
        .init(owner: "station", placement: World.station, from: 0, to: 1),
        .init(owner: "station", placement: World.station, from: 1, to: 2),
        .init(owner: "station", placement: World.station, from: 2, to: 2),
        .init(owner: "district", placement: World.district, from: 0, to: 1),
        .init(owner: "district", placement: World.district, from: 1, to: 1),
        .init(owner: "city", placement: World.city, from: 0, to: 0),
    ]

    @Test("不满意 reopens: back to handling, a new round, oversight one level up (capped)", arguments: reopenCases)
    func dissatisfiedReopens(c: ReopenCase) throws {
        let matter = World.matter(.replied, at: c.placement, hasResult: true, complainants: [
            ComplainantState(id: 501, replied: true, rating: .satisfied), ComplainantState(id: 502, replied: true),
        ], publication: true, accountability: true, round: 3, oversightLevel: c.from)
        let resident = World.resident(502).principal
        let outcome = try #require(attempt(.rate(complainantID: 502, rating: .dissatisfied, comment: "没解决"), by: resident, on: matter).outcome)
        #expect(outcome.status == .handling)
        #expect(outcome.round == 4)
        #expect(outcome.oversightLevel == c.to)
        #expect(outcome.reopened)
        #expect(outcome.eventKind == .rated)
        #expect(c.placement.maxOversightLevel == ["station": 2, "district": 1, "city": 0][c.owner])
    }

    @Test("satisfied and basically satisfied keep the matter replied in the same round", arguments: [Satisfaction.satisfied, .basicallySatisfied])
    func satisfiedKeepsReplied(rating: Satisfaction) throws {
        let matter = World.matter(.replied, hasResult: true, complainants: [ComplainantState(id: 501, replied: true)], round: 2, oversightLevel: 1)
        let outcome = try #require(attempt(.rate(complainantID: 501, rating: rating, comment: ""), by: World.resident(501).principal, on: matter).outcome)
        #expect(outcome.status == .replied)
        #expect(outcome.round == 2)
        #expect(outcome.oversightLevel == 1)
        #expect(!outcome.reopened)
    }

    @Test("a rating needs a reply first and is given once per round")
    func ratingPreconditions() {
        let matter = World.matter(.replied, hasResult: true, complainants: [
            ComplainantState(id: 501, replied: true, rating: .satisfied), ComplainantState(id: 502),
        ])
        #expect(attempt(.rate(complainantID: 502, rating: .satisfied, comment: ""), by: chief, on: matter).error == .notReplied(complainantID: 502))
        #expect(attempt(.rate(complainantID: 501, rating: .dissatisfied, comment: ""), by: chief, on: matter).error == .alreadyRated(complainantID: 501))
    }

    @Test("an unreachable report needs a note, an unrated reachable resident; approval needs a report")
    func unreachablePreconditions() {
        let matter = World.matter(.replied, hasResult: true, complainants: [
            ComplainantState(id: 501, replied: true, rating: .satisfied),
            ComplainantState(id: 502, replied: true, reachability: .reportedUnreachable),
            ComplainantState(id: 503, replied: true),
        ])
        #expect(attempt(.reportUnreachable(complainantID: 503, note: " "), by: chief, on: matter).error == .invalid(field: "note", reason: "must not be empty"))
        #expect(attempt(.reportUnreachable(complainantID: 501, note: "x"), by: chief, on: matter).error == .alreadyRated(complainantID: 501))
        #expect(attempt(.reportUnreachable(complainantID: 502, note: "x"), by: chief, on: matter).error == .invalid(field: "complainantId", reason: "already reported unreachable"))
        #expect(attempt(.reportUnreachable(complainantID: 503, note: "x"), by: chief, on: matter).outcome?.eventKind == .unreachableReported)
        let district = World.districtChief.principal
        #expect(attempt(.approveUnreachable(complainantID: 503), by: district, on: matter).error == .notReportedUnreachable(complainantID: 503))
        #expect(attempt(.approveUnreachable(complainantID: 502), by: district, on: matter).outcome?.status == .replied)
    }
}

// MARK: - The closure gate

@Suite("Ledger rules: the closure gate (销号)")
struct ClosureGateTests {
    let chief = World.stationChief.principal

    @Test("a fully ready matter closes")
    func readyMatterCloses() throws {
        let matter = World.ready()
        #expect(LedgerRules.closureGaps(matter).isEmpty)
        let outcome = try #require(attempt(.close, by: chief, on: matter).outcome)
        #expect(outcome.status == .closed)
        #expect(outcome.eventKind == .closed)
        #expect(attempt(.close, by: World.stationDeputy.principal, on: matter).outcome?.status == .closed)
    }

    enum Removal: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case noResult, oneNotReplied, oneUnrated, oneDissatisfied, unreachableNotApproved, noPublication, noAccountability
        var testDescription: String { rawValue }

        func apply(to matter: inout MatterSnapshot) {
            switch self {
            case .noResult: matter.hasResult = false
            case .oneNotReplied: matter.complainants[1] = ComplainantState(id: 502)
            case .oneUnrated: matter.complainants[1].rating = nil
            case .oneDissatisfied: matter.complainants[1].rating = .dissatisfied
            case .unreachableNotApproved:
                matter.complainants[1].rating = nil
                matter.complainants[1].reachability = .reportedUnreachable
            case .noPublication: matter.hasPublicationDecision = false
            case .noAccountability: matter.hasAccountabilityReview = false
            }
        }

        var gap: ClosureGap {
            switch self {
            case .noResult: .noHandlingResult
            case .oneNotReplied: .replyMissing(complainantID: 502)
            case .oneUnrated: .ratingMissing(complainantID: 502)
            case .oneDissatisfied: .dissatisfied(complainantID: 502)
            case .unreachableNotApproved: .unreachableNotApproved(complainantID: 502)
            case .noPublication: .noPublicationDecision
            case .noAccountability: .noAccountabilityReview
            }
        }
    }

    @Test("removing one condition refuses closure naming exactly that gap", arguments: Removal.allCases)
    func eachConditionIsRequired(removal: Removal) {
        var matter = World.ready()
        removal.apply(to: &matter)
        #expect(LedgerRules.closureGaps(matter) == [removal.gap])
        #expect(attempt(.close, by: chief, on: matter).error == .closureGateRefused([removal.gap]))
    }

    @Test("a resident the next-level chief approved as unreachable does not block closure")
    func approvedUnreachablePasses() {
        var matter = World.ready()
        matter.complainants.append(ComplainantState(id: 503, replied: true, rating: nil, reachability: .approvedUnreachable))
        #expect(LedgerRules.closureGaps(matter).isEmpty)
        #expect(attempt(.close, by: chief, on: matter).outcome?.status == .closed)
    }

    @Test("an approved-unreachable resident who nevertheless rated 不满意 still blocks closure")
    func approvedButDissatisfiedBlocks() {
        var matter = World.ready()
        matter.complainants[1] = ComplainantState(id: 502, replied: true, rating: .dissatisfied, reachability: .approvedUnreachable)
        #expect(LedgerRules.closureGaps(matter) == [.dissatisfied(complainantID: 502)])
    }

    @Test("every gap is listed, in a fixed order, and an unreplied complainant is not also reported unrated")
    func allGapsInOrder() {
        let matter = World.matter(.handling, complainants: [
            ComplainantState(id: 501), ComplainantState(id: 502, replied: true),
            ComplainantState(id: 503, replied: true, reachability: .reportedUnreachable),
        ])
        #expect(LedgerRules.closureGaps(matter) == [
            .noHandlingResult, .replyMissing(complainantID: 501), .ratingMissing(complainantID: 502),
            .unreachableNotApproved(complainantID: 503), .noPublicationDecision, .noAccountabilityReview,
        ])
        // Closing a matter still in handling explains what is missing.
        #expect(attempt(.close, by: chief, on: matter).error == .closureGateRefused(LedgerRules.closureGaps(matter)))
    }

    @Test("gaps point at the request field they concern")
    func gapFields() {
        #expect(ClosureGap.noHandlingResult.field == "result")
        #expect(ClosureGap.replyMissing(complainantID: 1).field == "replies")
        #expect(ClosureGap.dissatisfied(complainantID: 1).field == "ratings")
        #expect(ClosureGap.noPublicationDecision.field == "publication")
        #expect(ClosureGap.noAccountabilityReview.field == "accountability")
    }
}

// MARK: - Buttons

@Suite("Ledger rules: available commands")
struct AvailableCommandsTests {
    func available(_ who: Who, _ matter: MatterSnapshot) -> Set<String> {
        Set(LedgerRules.availableActions(for: who.principal, on: matter).map(\.rawValue))
    }

    @Test("a station chief on a registered matter: vet, decline")
    func chiefOnRegistered() {
        #expect(available(World.stationChief, World.matter(.registered)) == ["vet", "decline"])
        #expect(available(World.stationOfficer, World.matter(.registered)) == [])
    }

    @Test("an officer on an open matter: handle; the chief also sees close")
    func onOpenMatter() {
        #expect(available(World.stationOfficer, World.matter(.open)) == ["handle"])
        #expect(available(World.stationChief, World.matter(.open)) == ["handle", "close"])
        #expect(available(World.stationClerk, World.matter(.open)) == [])
    }

    @Test("on a handling matter: officers handle, reply once a result exists; the chief also decides publication")
    func onHandlingMatter() {
        let noResult = World.matter(.handling)
        #expect(available(World.stationOfficer, noResult) == ["coordinate", "result"])
        var withResult = noResult
        withResult.hasResult = true
        #expect(available(World.stationOfficer, withResult) == ["coordinate", "result", "reply"])
        #expect(available(World.stationClerk, withResult) == ["reply"])
        #expect(available(World.stationChief, withResult) == ["coordinate", "result", "reply", "publish", "withhold", "accountability", "close"])
    }

    @Test("on a replied matter: the resident rates; the next-level chief approves an unreachable resident")
    func onRepliedMatter() {
        let matter = World.matter(.replied, hasResult: true, complainants: [
            ComplainantState(id: 501, replied: true),
            ComplainantState(id: 502, replied: true, reachability: .reportedUnreachable),
        ])
        #expect(available(World.resident(501), matter) == ["rate"])
        #expect(available(World.resident(999), matter) == [])
        #expect(available(World.stationOfficer, matter) == ["rate", "unreachable"])
        #expect(available(World.districtChief, matter) == ["approveUnreachable"])
        #expect(available(World.otherStationChief, matter) == [])
    }

    @Test("nothing on a closed or declined matter", arguments: [MatterStatus.closed, .declined])
    func nothingWhenFinal(status: MatterStatus) {
        #expect(available(World.stationChief, World.matter(status)) == [])
        #expect(available(World.resident(501), World.matter(status, complainants: [ComplainantState(id: 501, replied: true)])) == [])
    }
}

// MARK: - Placement and scope

@Suite("Placement and scope")
struct PlacementTests {
    @Test("oversight climbs station → district → city and stops at the top")
    func oversightChain() {
        #expect((0...3).map(World.station.oversightUnitID(level:)) == [100, 10, 1, 1])
        #expect((0...2).map(World.district.oversightUnitID(level:)) == [10, 1, 1])
        #expect((0...1).map(World.city.oversightUnitID(level:)) == [1, 1])
        #expect(World.station.nextLevelUnitID == 10)
        #expect(World.district.nextLevelUnitID == 1)
        #expect(World.city.nextLevelUnitID == nil)
    }

    @Test("a station sees its own matters, a district its stations', the city all")
    func scope() {
        func actor(_ who: Who) -> Actor { if case .officer(let a) = who.principal { a } else { fatalError() } }
        #expect(actor(World.stationOfficer).reach.contains(World.station.place))
        #expect(!actor(World.stationOfficer).reach.contains(World.otherStation.place))
        #expect(actor(World.districtOfficer).reach.contains(World.otherStation.place))
        #expect(actor(World.districtOfficer).reach.contains(World.district.place))
        #expect(!actor(World.otherDistrictChief).reach.contains(World.station.place))
        #expect(actor(World.cityOfficer).reach.contains(World.station.place))
        #expect(!actor(World.stationOfficer).reach.contains(World.district.place))
    }
}
