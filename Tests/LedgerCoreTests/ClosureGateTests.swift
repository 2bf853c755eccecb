import Testing
@testable import LedgerCore

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

    @Test("on a replied matter: the resident or the call-back office rates; the next-level chief approves an unreachable resident")
    func onRepliedMatter() {
        let matter = World.matter(.replied, hasResult: true, complainants: [
            ComplainantState(id: 501, replied: true),
            ComplainantState(id: 502, replied: true, reachability: .reportedUnreachable),
        ])
        #expect(available(World.resident(501), matter) == ["rate"])
        #expect(available(World.resident(999), matter) == [])
        #expect(available(World.stationOfficer, matter) == [])
        #expect(available(World.cityCallback, matter) == ["rate"])
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
