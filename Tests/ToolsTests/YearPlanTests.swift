import Testing
import LedgerCore
@testable import YearSimulation

/// The simulated year is planned so that executing it reproduces the report's table: counted
/// here from the planned events themselves, for the full Xi'an profile and two seeds.
@Suite("Year plan", .serialized)
struct YearPlanTests {
    static let demoTopology = Array(repeating: 2, count: 13)

    struct Tally: Equatable {
        var matters: [Ledger: Int] = [:], closed = 0, declined = 0
        var messages = 0, answered = 0, escalated = 0
        var rooms = 0, modelStreet = 0, modelCommunity = 0, residents = 0, services: [ReceptionServiceKind: Int] = [:]
        var meetings = 0, members = 0, contacts = 0, officersPaired = 0, items = 0, solved = 0
    }

    /// What the records will say once every planned event has gone through the services.
    static func tally(_ plan: YearPlan) -> Tally {
        var tally = Tally()
        var closes = Set<Int>(), replied = Set<Int>(), registered = Set<Int>(), vetted = Set<Int>()
        for event in plan.events {
            switch event.action {
            case .matter(let m, .close): closes.insert(m)
            case .matter(let m, .vet): vetted.insert(m)
            case .matter(let m, .reply): replied.insert(m)
            case .matter(_, .decline): tally.declined += 1
            case .registerMatter(let m): registered.insert(m)
            case .escalateMessage(let msg): registered.insert(plan.messages[msg].matter!); tally.escalated += 1
            case .escalateService(let s): registered.insert(plan.services[s].matter!)
            case .openAgendaMatter(let i): registered.insert(plan.agendaItems[i].matter!)
            case .openLiaisonMatter(let i): registered.insert(plan.liaisonItems[i].matter!)
            case .submitMessage: tally.messages += 1
            case .answerMessage: tally.answered += 1
            case .createRoom(let r):
                tally.rooms += 1
                let room = plan.rooms[r]
                if room.modelSite { if room.kind == .street { tally.modelStreet += 1 } else { tally.modelCommunity += 1 } }
            case .logService(let s):
                tally.residents += plan.services[s].residents
                tally.services[plan.services[s].kind, default: 0] += 1
            case .recordMeeting: tally.meetings += 1
            case .appointMember: tally.members += 1
            case .pair: tally.contacts += 1
            case .collectItem(let i):
                tally.items += 1
                let item = plan.liaisonItems[i]
                if item.solution != nil { tally.solved += 1 }
            default: break
            }
        }
        // A matter is in a ledger once it is registered and vetted.
        for m in registered where vetted.contains(m) {
            if let ledger = plan.matters[m].ledger { tally.matters[ledger, default: 0] += 1 }
        }
        tally.closed = closes.count
        // A message escalated into a ledger is answered by the matter's reply.
        tally.answered += plan.messages.filter { $0.matter.map(replied.contains) ?? false }.count
        tally.solved += plan.liaisonItems.filter { $0.matter.map(closes.contains) ?? false }.count
        tally.officersPaired = Set(plan.contacts.map(\.officer)).count
        return tally
    }

    @Test("the xian-2023 plan reproduces every figure of the report's table, for two seeds, and the seeds differ")
    func fullYear() {
        let profile = SimulationProfile.xian2023
        var summaries: [[String]] = []
        for seed: UInt64 in [1, 2] {
            let plan = YearPlan.make(profile: profile, seed: seed, stationsPerDistrict: Self.demoTopology)
            let tally = Self.tally(plan)
            #expect(tally.matters == [.suggestion: 6_831, .demand: 10_451, .complaint: 6_507])
            #expect(tally.closed == 20_634)
            #expect(tally.declined > 0, "some items are declined and never enter a ledger")
            #expect(tally.messages == 9_979 && tally.answered == 9_632 && tally.escalated == 729)
            #expect(tally.rooms == 465 && tally.modelStreet == 58 && tally.modelCommunity == 40)
            #expect(tally.residents == 176_728)
            #expect(tally.services == [.consultationHelp: 71_883, .disputeMediation: 11_035, .emergencyHelp: 3_894,
                                       .businessOnBehalf: 25_545, .otherService: 63_895])
            #expect(tally.meetings == 3_274 && tally.members == 179)
            #expect(tally.contacts == 32_104 && tally.officersPaired >= 2_000)
            #expect(tally.items == 13_145 && tally.solved == 12_724)
            // Every event falls in the year, in time order.
            #expect(plan.events.first!.time >= 0 && plan.events.last!.time < 365 * YearPlan.secondsPerDay)
            #expect(zip(plan.events, plan.events.dropFirst()).allSatisfy { $0.time <= $1.time })
            summaries.append(plan.matters.prefix(200).map(\.summary))
        }
        #expect(summaries[0] != summaries[1])
    }

    @Test("a matter's steps follow the ledger's order: vet, handle, result, replies, ratings, publication, review, close")
    func stepOrder() {
        let plan = YearPlan.make(profile: SimulationProfile.xian2023.scaled(by: 50), seed: 5, stationsPerDistrict: Self.demoTopology)
        var steps: [Int: [YearPlan.MatterStep]] = [:]
        for event in plan.events { if case .matter(let m, let step) = event.action { steps[m, default: []].append(step) } }
        for (m, course) in steps where plan.closes[m] {
            #expect(course.first == .vet)
            #expect(course.suffix(3).first.map { if case .publish = $0 { true } else if case .withhold = $0 { true } else { false } } == true)
            #expect(Array(course.suffix(2)) == [.review, .close])
            let dissatisfied = course.filter { if case .rate(_, .dissatisfied) = $0 { true } else { false } }.count
            let results = course.filter { $0 == .result }.count
            #expect(results == dissatisfied + 1, "each dissatisfied rating is followed by another round of handling")
        }
        // An online message's matter is always replied to within the year: its reply is the answer.
        for spec in plan.messages { if let m = spec.matter { #expect(steps[m]?.contains { if case .reply = $0 { true } else { false } } == true) } }
    }

    @Test("a scaled profile keeps services and residents apart")
    func scaled() {
        let profile = SimulationProfile.xian2023.scaled(by: 10)
        #expect(profile.totalMatters == 683 + 1_045 + 650)
        #expect(profile.residentsServed > profile.servicesGiven)
        let tally = Self.tally(YearPlan.make(profile: profile, seed: 9, stationsPerDistrict: [3, 1, 2]))
        #expect(tally.residents == profile.residentsServed)
        #expect(tally.closed == profile.mattersClosed)
        #expect(tally.matters.values.reduce(0, +) == profile.totalMatters)
    }
}
