import Testing
@testable import LedgerCore

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
        let office = World.cityCallback.principal
        #expect(attempt(.rate(complainantID: 502, rating: .satisfied, comment: ""), by: office, on: matter).error == .notReplied(complainantID: 502))
        #expect(attempt(.rate(complainantID: 501, rating: .dissatisfied, comment: ""), by: office, on: matter).error == .alreadyRated(complainantID: 501))
    }

    @Test("an unreachable report needs a note, an unrated reachable resident; approval needs a report")
    func unreachablePreconditions() {
        let matter = World.matter(.replied, hasResult: true, complainants: [
            ComplainantState(id: 501, replied: true, rating: .satisfied),
            ComplainantState(id: 502, replied: true, reachability: .reportedUnreachable),
            ComplainantState(id: 503, replied: true, callsJustifyUnreachable: true),
        ])
        let chief = World.cityCallback.principal
        #expect(attempt(.reportUnreachable(complainantID: 503, note: " "), by: chief, on: matter).error == .invalid(field: "note", reason: "must not be empty"))
        #expect(attempt(.reportUnreachable(complainantID: 501, note: "x"), by: chief, on: matter).error == .alreadyRated(complainantID: 501))
        #expect(attempt(.reportUnreachable(complainantID: 502, note: "x"), by: chief, on: matter).error == .invalid(field: "complainantId", reason: "already reported unreachable"))
        #expect(attempt(.reportUnreachable(complainantID: 503, note: "x"), by: chief, on: matter).outcome?.eventKind == .unreachableReported)
        let district = World.districtChief.principal
        #expect(attempt(.approveUnreachable(complainantID: 503), by: district, on: matter).error == .notReportedUnreachable(complainantID: 503))
        #expect(attempt(.approveUnreachable(complainantID: 502), by: district, on: matter).outcome?.status == .replied)
    }
}
