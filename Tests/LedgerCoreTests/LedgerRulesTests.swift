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

    static func resident(_ id: Int) -> Who { Who(name: "resident \(id)", principal: .resident(complainantID: id, channel: .ratingLink)) }
    /// Call-back officers: of the city's office (covers every matter), of this district's
    /// office, and of another district's.
    static let cityCallback = Who(name: "city call-back officer",
                                  principal: .callbackOffice(CallbackCaller(officerID: 21, office: TreePlace(unitID: 90, districtID: nil, cityID: cityID))))
    static let districtCallback = Who(name: "district call-back officer",
                                      principal: .callbackOffice(CallbackCaller(officerID: 22, office: TreePlace(unitID: 91, districtID: districtID, cityID: cityID))))
    static let otherDistrictCallback = Who(name: "another district's call-back officer",
                                           principal: .callbackOffice(CallbackCaller(officerID: 23, office: TreePlace(unitID: 92, districtID: otherDistrictID, cityID: cityID))))

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
    case publish, withhold, reviewAccountability, close, recheck

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
        case .recheck: self = .recheck
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
        case .recheck: .recheck(complainantID: 501, verdict: .confirmed, comment: "")
        }
    }

    /// Someone who is allowed to give the command on a station-owned matter.
    var principal: Principal {
        switch self {
        case .approveUnreachable: World.districtChief.principal
        case .rate, .reportUnreachable, .recheck: World.cityCallback.principal
        default: World.stationChief.principal
        }
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
        case .recheck: [.closed: .closed]
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
        case .recheck: .rechecked
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
            World.matter(status, hasResult: true, complainants: [ComplainantState(id: 501, replied: true, callsJustifyUnreachable: true)])
        case .approveUnreachable:
            World.matter(status, hasResult: true, complainants: [
                ComplainantState(id: 501, replied: true, reachability: .reportedUnreachable),
            ])
        case .close:
            World.ready().with(status: status)
        case .recheck:
            World.matter(status, hasResult: true, complainants: [ComplainantState(id: 501, replied: true, rating: .satisfied, recheckPending: true)],
                         publication: true, accountability: true)
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

    @Test("nothing but the office's re-check is accepted on a closed or declined matter, whoever asks", arguments: [MatterStatus.closed, .declined])
    func finalStatusesAcceptNothing(status: MatterStatus) {
        let everyone = [World.stationChief, World.stationOfficer, World.districtChief, World.cityChief, World.resident(501), World.cityCallback]
        for kind in CommandKind.allCases where !(kind == .recheck && status == .closed) {
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

    @Test("replies are recorded by the owning unit only, clerks included")
    func repliesAreForTheOwningUnit() {
        let matter = CommandKind.reply.snapshot(in: .handling)
        for who in [World.otherStationChief, World.districtChief, World.cityChief, World.stationAdmin, World.cityCallback] {
            #expect(attempt(CommandKind.reply.command, by: who.principal, on: matter).isNotPermitted, "\(who.name)")
        }
        for who in [World.stationClerk, World.stationOfficer] {
            #expect(attempt(CommandKind.reply.command, by: who.principal, on: matter).outcome != nil, "\(who.name)")
        }
    }

    static let everyOfficer: [Who] = [
        World.stationChief, World.stationDeputy, World.stationOfficer, World.stationClerk, World.stationAdmin, World.otherStationChief,
        World.districtChief, World.districtDeputy, World.districtOfficer, World.otherDistrictChief,
        World.cityChief, World.cityDeputy, World.cityOfficer, World.cityAdmin,
    ]

    @Test("no officer of the owning unit, its district, the city or anywhere else records satisfaction or reports a resident unreachable",
          arguments: [CommandKind.rate, .reportUnreachable], everyOfficer)
    func noStaffRoleRates(kind: CommandKind, who: Who) {
        let matter = kind.snapshot(in: .replied)
        #expect(attempt(kind.command, by: who.principal, on: matter).isNotPermitted, "\(who.name)")
        let dissatisfied = MatterCommand.rate(complainantID: 501, rating: .dissatisfied, comment: "")
        #expect(attempt(dissatisfied, by: who.principal, on: matter).isNotPermitted, "\(who.name)")
        #expect(!LedgerRules.availableActions(for: who.principal, on: matter).contains(.rate), "\(who.name)")
    }

    @Test("the call-back office records ratings for the matters it covers, and nothing else")
    func callbackOfficeRatesWhatItCovers() {
        let matter = CommandKind.rate.snapshot(in: .replied)
        for who in [World.cityCallback, World.districtCallback] {
            #expect(attempt(CommandKind.rate.command, by: who.principal, on: matter).outcome?.eventKind == .rated, "\(who.name)")
        }
        #expect(attempt(CommandKind.rate.command, by: World.otherDistrictCallback.principal, on: matter).isNotPermitted)
        for kind in CommandKind.allCases where ![.rate, .reportUnreachable, .recheck].contains(kind) {
            #expect(attempt(kind.command, by: World.cityCallback.principal, on: kind.snapshot(in: kind.legalStatus)).isNotPermitted, "\(kind)")
        }
        #expect(LedgerRules.availableActions(for: World.cityCallback.principal, on: matter) == [.rate, .unreachable])
    }

    @Test("a re-check is the covering office's alone, and only of a rating the draw chose",
          arguments: everyOfficer + [World.resident(501), World.otherDistrictCallback])
    func recheckIsTheOfficesAlone(who: Who) {
        let matter = CommandKind.recheck.snapshot(in: .closed)
        for verdict in RecheckVerdict.allCases {
            #expect(attempt(.recheck(complainantID: 501, verdict: verdict, comment: ""), by: who.principal, on: matter).isNotPermitted, "\(who.name)")
        }
    }

    @Test("a disagreeing re-check reopens the closed matter one level up; a confirming one leaves it closed; none without the draw")
    func recheckVerdicts() {
        let matter = CommandKind.recheck.snapshot(in: .closed)
        let office = World.districtCallback.principal
        let disagreed = attempt(.recheck(complainantID: 501, verdict: .disagreed, comment: "问题又出现了"), by: office, on: matter).outcome
        #expect(disagreed == Outcome(status: .handling, round: 2, oversightLevel: 1, eventKind: .rechecked, reopened: true))
        let confirmed = attempt(.recheck(complainantID: 501, verdict: .confirmed, comment: ""), by: office, on: matter).outcome
        #expect(confirmed == Outcome(status: .closed, round: 1, oversightLevel: 0, eventKind: .rechecked, reopened: false))
        var undrawn = matter
        undrawn.complainants[0].recheckPending = false
        let refusal = attempt(.recheck(complainantID: 501, verdict: .disagreed, comment: ""), by: office, on: undrawn).error
        #expect(refusal == .invalid(field: "complainantId", reason: "no re-check of this resident's rating is waiting"))
        #expect(attempt(.recheck(complainantID: 502, verdict: .confirmed, comment: ""), by: office, on: matter).error == .unknownComplainant(502))
        #expect(attempt(.recheck(complainantID: 501, verdict: .confirmed, comment: ""), by: office, on: matter.with(status: .declined)).error
                == .illegalTransition(from: .declined, action: .recheck))
    }

    @Test("the office reports a resident unreachable only when its calls justify it")
    func unreachableNeedsTheCalls() {
        var matter = CommandKind.reportUnreachable.snapshot(in: .replied)
        matter.complainants[0].callsJustifyUnreachable = false
        let refusal = attempt(CommandKind.reportUnreachable.command, by: World.cityCallback.principal, on: matter).error
        if case .invalid(let field, _)? = refusal { #expect(field == "calls") } else { Issue.record("expected a refusal naming calls, got \(String(describing: refusal))") }
        matter.complainants[0].callsJustifyUnreachable = true
        #expect(attempt(CommandKind.reportUnreachable.command, by: World.cityCallback.principal, on: matter).outcome?.eventKind == .unreachableReported)
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
