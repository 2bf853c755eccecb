import Foundation
import Testing
@testable import LedgerCore

@Suite("好差评: ratings of services, rectification and appeals")
struct ServiceEvaluationRulesTests {
    let calendar = WorkingCalendar()

    func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("praise goes only with 非常满意 and 满意, complaints with 基本满意 or worse; a 差评 names a reason")
    func reasonsMatchTheRating() {
        for rating in ServiceRating.allCases {
            let good = rating == .verySatisfied || rating == .satisfied
            for reason in EvaluationReason.allCases {
                let accepted = (try? EvaluationRules.validate(rating: rating, reasons: [reason])) != nil
                #expect(accepted == (reason.isPraise == good), "\(rating) with \(reason)")
            }
            let bare = (try? EvaluationRules.validate(rating: rating, reasons: [])) != nil
            #expect(bare == !rating.isBad, "\(rating) without a reason")
        }
        #expect(throws: LedgerError.invalid(field: "reasons", reason: "lists the same reason twice")) {
            try EvaluationRules.validate(rating: .dissatisfied, reasons: [.longWait, .longWait])
        }
        let many = Array(EvaluationReason.allCases.filter { !$0.isPraise }.prefix(EvaluationRules.maxReasons + 1))
        #expect(throws: LedgerError.self) { try EvaluationRules.validate(rating: .veryDissatisfied, reasons: many) }
        #expect(throws: Never.self) { try EvaluationRules.validate(rating: .veryDissatisfied, reasons: Array(many.prefix(EvaluationRules.maxReasons))) }
    }

    @Test("only a finished case is rated, and only once")
    func onceAndFinished() {
        #expect(throws: LedgerError.self) { try EvaluationRules.mayEvaluate(isFinished: false, alreadyEvaluated: false) }
        #expect(throws: LedgerError.self) { try EvaluationRules.mayEvaluate(isFinished: true, alreadyEvaluated: true) }
        #expect(throws: Never.self) { try EvaluationRules.mayEvaluate(isFinished: true, alreadyEvaluated: false) }
    }

    @Test("every real-name 差评 opens a rectification task; a good or anonymous one does not")
    func rectificationOpens() {
        for rating in ServiceRating.allCases {
            #expect(EvaluationRules.opensRectification(rating: rating, anonymous: false) == rating.isBad)
            #expect(!EvaluationRules.opensRectification(rating: rating, anonymous: true))
        }
    }

    @Test("only officers of the serving unit act on its task; the call-back comes before the rectification")
    func whoActsAndInWhatOrder() throws {
        for role in Role.allCases {
            let own = Actor(officerID: 1, role: role, unitID: 5, unitKind: .station)
            let above = Actor(officerID: 2, role: role, unitID: 2, unitKind: .district)
            #expect(((try? RectificationRules.mayAct(own, taskUnitID: 5)) != nil) == role.worksMatters, "\(role)")
            #expect(throws: LedgerError.self) { try RectificationRules.mayAct(above, taskUnitID: 5) }
        }
        #expect(try RectificationRules.callBack(from: .awaitingCallback) == .awaitingRectification)
        #expect(throws: LedgerError.self) { try RectificationRules.rectify(from: .awaitingCallback) }
        #expect(try RectificationRules.rectify(from: .awaitingRectification) == .rectified)
        for closed in [RectificationStage.rectified, .withdrawn] {
            #expect(throws: LedgerError.self) { try RectificationRules.callBack(from: closed) }
            #expect(throws: LedgerError.self) { try RectificationRules.rectify(from: closed) }
        }
    }

    @Test("the call-back is due in 1 working day and the rectification in 5, on the working calendar")
    func deadlines() {
        // Friday 2026-12-04 10:00 Beijing time: the call-back is due by Monday's end, the rectification by Friday's.
        let rated = at("2026-12-04T02:00:00Z")
        let policy = RectificationPolicy()
        #expect(RectificationRules.deadline(stage: .awaitingCallback, ratedAt: rated, policy: policy, calendar: calendar)
                == calendar.deadline(from: rated, workingDays: 1))
        // A deadline is the end of its day: the last second before it is on the day that is due.
        func lastDay(_ stage: RectificationStage, _ policy: RectificationPolicy) -> Day {
            calendar.day(of: RectificationRules.deadline(stage: stage, ratedAt: rated, policy: policy, calendar: calendar)!.addingTimeInterval(-1))
        }
        #expect(lastDay(.awaitingCallback, policy) == Day(year: 2026, month: 12, day: 7))
        #expect(lastDay(.awaitingRectification, policy) == Day(year: 2026, month: 12, day: 11))
        #expect(lastDay(.awaitingRectification, RectificationPolicy(callbackDays: 2, rectifyDays: 10)) == Day(year: 2026, month: 12, day: 18))
        #expect(RectificationRules.deadline(stage: .rectified, ratedAt: rated, policy: policy, calendar: calendar) == nil)
    }

    @Test("an overdue stage is chased up the chain once per step, and a closed task never")
    func chase() {
        let deadline = at("2026-12-07T16:00:00Z")   // Monday's end, Beijing time
        let dayAfter = at("2026-12-08T16:30:00Z")
        #expect(RectificationRules.chase(stage: .awaitingCallback, chaseLevel: 0, deadline: deadline, escalatedBefore: false,
                                         now: at("2026-12-07T10:00:00Z"), calendar: calendar) == nil)
        let first = RectificationRules.chase(stage: .awaitingCallback, chaseLevel: 0, deadline: deadline, escalatedBefore: false,
                                             now: dayAfter, calendar: calendar)
        #expect(first?.steps == [.handler, .owningChief])
        #expect(first?.escalates == false)
        let later = RectificationRules.chase(stage: .awaitingCallback, chaseLevel: 2, deadline: deadline, escalatedBefore: false,
                                             now: at("2026-12-10T01:00:00Z"), calendar: calendar)
        #expect(later?.steps == [.nextLevelChief])
        #expect(later?.escalates == true)
        #expect(RectificationRules.chase(stage: .awaitingCallback, chaseLevel: 3, deadline: deadline, escalatedBefore: true,
                                         now: at("2026-12-20T01:00:00Z"), calendar: calendar) == nil)
        for closed in [RectificationStage.rectified, .withdrawn] {
            #expect(RectificationRules.chase(stage: closed, chaseLevel: 0, deadline: deadline, escalatedBefore: false,
                                             now: dayAfter, calendar: calendar) == nil)
        }
    }

    @Test("a chief of the serving unit appeals a 差评 once; only the covering call-back office decides")
    func appeals() {
        let unit = TreePlace(unitID: 5, districtID: 2, cityID: 1)
        for role in Role.allCases {
            let own = Actor(officerID: 1, role: role, unitID: 5, unitKind: .station)
            #expect(((try? EvaluationAppealRules.mayFile(own, unitID: 5, rating: .dissatisfied, appeal: nil)) != nil) == role.isChief, "\(role)")
            let districtChief = Actor(officerID: 2, role: role, unitID: 2, unitKind: .district)
            #expect(throws: LedgerError.self) { try EvaluationAppealRules.mayFile(districtChief, unitID: 5, rating: .dissatisfied, appeal: nil) }
        }
        let chief = Actor(officerID: 1, role: .stationChief, unitID: 5, unitKind: .station)
        #expect(throws: LedgerError.self) { try EvaluationAppealRules.mayFile(chief, unitID: 5, rating: .basicallySatisfied, appeal: nil) }
        #expect(throws: LedgerError.self) { try EvaluationAppealRules.mayFile(chief, unitID: 5, rating: .veryDissatisfied, appeal: .rejected) }

        let cityOffice = CallbackCaller(officerID: 9, office: TreePlace(unitID: 90, districtID: nil, cityID: 1))
        let districtOffice = CallbackCaller(officerID: 8, office: TreePlace(unitID: 80, districtID: 2, cityID: 1))
        let otherDistrict = CallbackCaller(officerID: 7, office: TreePlace(unitID: 70, districtID: 3, cityID: 1))
        let otherCity = CallbackCaller(officerID: 6, office: TreePlace(unitID: 60, districtID: nil, cityID: 99))
        #expect(throws: Never.self) { try EvaluationAppealRules.mayDecide(cityOffice, unit: unit, appeal: .pending) }
        #expect(throws: Never.self) { try EvaluationAppealRules.mayDecide(districtOffice, unit: unit, appeal: .pending) }
        #expect(throws: LedgerError.self) { try EvaluationAppealRules.mayDecide(otherDistrict, unit: unit, appeal: .pending) }
        #expect(throws: LedgerError.self) { try EvaluationAppealRules.mayDecide(otherCity, unit: unit, appeal: .pending) }
        #expect(throws: LedgerError.self) { try EvaluationAppealRules.mayDecide(nil, unit: unit, appeal: .pending) }
        #expect(throws: LedgerError.self) { try EvaluationAppealRules.mayDecide(cityOffice, unit: unit, appeal: nil) }
        #expect(throws: LedgerError.self) { try EvaluationAppealRules.mayDecide(cityOffice, unit: unit, appeal: .upheld) }
    }
}

@Suite("The window records a resident served")
struct ServiceDeskRulesTests {
    let today = Day(year: 2026, month: 12, day: 7)

    @Test("only officers of the hall's unit, only a standing booking, not before its day")
    func mayServe() {
        for role in Role.allCases {
            let own = Actor(officerID: 1, role: role, unitID: 5, unitKind: .station)
            let accepted = (try? ServiceDeskRules.mayServe(own, hallUnitID: 5, isBooked: true, slotDay: today, today: today)) != nil
            #expect(accepted == role.worksMatters, "\(role)")
            let above = Actor(officerID: 2, role: role, unitID: 2, unitKind: .district)
            #expect(throws: LedgerError.self) { try ServiceDeskRules.mayServe(above, hallUnitID: 5, isBooked: true, slotDay: today, today: today) }
        }
        let officer = Actor(officerID: 1, role: .officer, unitID: 5, unitKind: .station)
        #expect(throws: LedgerError.self) { try ServiceDeskRules.mayServe(officer, hallUnitID: 5, isBooked: false, slotDay: today, today: today) }
        #expect(throws: LedgerError.self) {
            try ServiceDeskRules.mayServe(officer, hallUnitID: 5, isBooked: true, slotDay: Day(year: 2026, month: 12, day: 8), today: today)
        }
        #expect(throws: Never.self) {
            try ServiceDeskRules.mayServe(officer, hallUnitID: 5, isBooked: true, slotDay: Day(year: 2026, month: 12, day: 4), today: today)
        }
    }
}
