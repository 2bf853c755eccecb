import Foundation
import Testing
@testable import LedgerCore

/// Wall-clock times in Asia/Shanghai, built independently of WorkingCalendar.
private func shanghai(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

private func day(_ year: Int, _ month: Int, _ day: Int) -> Day { Day(year: year, month: month, day: day) }

@Suite("Working calendar: deadlines")
struct WorkingCalendarDeadlineTests {
    let plain = WorkingCalendar()

    @Test("work arriving on a Friday with one working day is due by the end of Monday (Tuesday 00:00 Shanghai)")
    func fridayPlusOne() {
        // 2024-03-08 is a Friday.
        #expect(plain.deadline(from: shanghai(2024, 3, 8, 10, 30), workingDays: 1) == shanghai(2024, 3, 12))
        #expect(plain.deadline(from: shanghai(2024, 3, 8, 0, 0), workingDays: 1) == shanghai(2024, 3, 12))
        #expect(plain.deadline(from: shanghai(2024, 3, 8, 23, 59, 59), workingDays: 1) == shanghai(2024, 3, 12))
    }

    @Test("the day of arrival is the day in Shanghai, not in UTC")
    func arrivalDayIsInShanghai() {
        // Thursday 2024-03-07 17:30 UTC is already Friday 01:30 in Shanghai.
        let utcThursdayEvening = Date(timeIntervalSince1970: 1_709_832_600)
        #expect(plain.day(of: utcThursdayEvening) == day(2024, 3, 8))
        #expect(plain.deadline(from: utcThursdayEvening, workingDays: 1) == shanghai(2024, 3, 12))
        // A UTC-based calendar would still see a Thursday and give the end of Friday.
        let utc = WorkingCalendar(timeZone: TimeZone(identifier: "UTC")!)
        #expect(utc.deadline(from: utcThursdayEvening, workingDays: 1) != shanghai(2024, 3, 12))
    }

    @Test("several working days skip the weekend; zero days means the end of the same day")
    func severalDaysAndZero() {
        // Wednesday 2024-03-06 + 5 working days → Wednesday 03-13 ends → 03-14 00:00.
        #expect(plain.deadline(from: shanghai(2024, 3, 6, 9), workingDays: 5) == shanghai(2024, 3, 14))
        // Suggestion ledger: 10 working days from Friday 03-08 → Friday 03-22 ends.
        #expect(plain.deadline(from: shanghai(2024, 3, 8, 9), workingDays: 10) == shanghai(2024, 3, 23))
        #expect(plain.deadline(from: shanghai(2024, 3, 8, 9), workingDays: 0) == shanghai(2024, 3, 9))
        #expect(plain.deadline(from: shanghai(2024, 3, 8, 9), workingDays: -3) == shanghai(2024, 3, 9))
    }

    @Test("holidays are skipped")
    func holidaysSkipped() {
        // Qingming 2024: Thursday 04-04 and Friday 04-05 off. Arrives Wednesday 04-03.
        let qingming = WorkingCalendar(holidays: [day(2024, 4, 4), day(2024, 4, 5), day(2024, 4, 6)])
        #expect(plain.deadline(from: shanghai(2024, 4, 3, 15), workingDays: 1) == shanghai(2024, 4, 5))
        #expect(qingming.deadline(from: shanghai(2024, 4, 3, 15), workingDays: 1) == shanghai(2024, 4, 9))
        #expect(!qingming.isWorkingDay(day(2024, 4, 4)))
        #expect(qingming.isWorkingDay(day(2024, 4, 3)))
    }

    @Test("a configured extra working weekend day counts")
    func extraWorkingDayCounts() {
        // National Day 2024: Saturday 10-12 is worked. Arrives Friday 10-11.
        let adjusted = WorkingCalendar(extraWorkingDays: [day(2024, 10, 12)])
        #expect(plain.deadline(from: shanghai(2024, 10, 11, 16), workingDays: 1) == shanghai(2024, 10, 15))
        #expect(adjusted.deadline(from: shanghai(2024, 10, 11, 16), workingDays: 1) == shanghai(2024, 10, 13))
        #expect(adjusted.isWorkingDay(day(2024, 10, 12)))
        #expect(!plain.isWorkingDay(day(2024, 10, 12)))
        #expect(!plain.isWorkingDay(day(2024, 10, 13)))
        // Qingming 2024 with Sunday 04-07 worked: Wednesday 04-03 + 1 → end of Sunday.
        let qingming = WorkingCalendar(holidays: [day(2024, 4, 4), day(2024, 4, 5), day(2024, 4, 6)], extraWorkingDays: [day(2024, 4, 7)])
        #expect(qingming.deadline(from: shanghai(2024, 4, 3, 15), workingDays: 1) == shanghai(2024, 4, 8))
    }

    @Test("nextDay crosses month and year ends")
    func nextDay() {
        #expect(plain.nextDay(day(2024, 2, 28)) == day(2024, 2, 29))
        #expect(plain.nextDay(day(2023, 2, 28)) == day(2023, 3, 1))
        #expect(plain.nextDay(day(2024, 12, 31)) == day(2025, 1, 1))
    }
}

@Suite("Working calendar: overdue and the escalation ladder")
struct EscalationTests {
    let plain = WorkingCalendar()
    /// Due by the end of Monday 2024-03-11.
    let deadline = shanghai(2024, 3, 12)
    /// Due by the end of Friday 2024-03-08, so a weekend follows.
    let fridayDeadline = shanghai(2024, 3, 9)

    @Test("working days overdue count whole working days ended since the deadline")
    func workingDaysOverdue() {
        #expect(plain.workingDaysOverdue(deadline: deadline, now: shanghai(2024, 3, 11, 18)) == 0)
        #expect(plain.workingDaysOverdue(deadline: deadline, now: deadline) == 0)
        #expect(plain.workingDaysOverdue(deadline: deadline, now: shanghai(2024, 3, 12, 23, 59)) == 0)
        #expect(plain.workingDaysOverdue(deadline: deadline, now: shanghai(2024, 3, 13)) == 1)
        #expect(plain.workingDaysOverdue(deadline: deadline, now: shanghai(2024, 3, 14, 9)) == 2)
        // Tuesday 03-12 to Monday 03-18: Tue, Wed, Thu, Fri ended; the weekend does not count.
        #expect(plain.workingDaysOverdue(deadline: deadline, now: shanghai(2024, 3, 18, 9)) == 4)
        #expect(plain.workingDaysOverdue(deadline: fridayDeadline, now: shanghai(2024, 3, 11, 9)) == 0)
        #expect(plain.workingDaysOverdue(deadline: fridayDeadline, now: shanghai(2024, 3, 12, 9)) == 1)
        let holiday = WorkingCalendar(holidays: [day(2024, 3, 12)])
        #expect(holiday.workingDaysOverdue(deadline: deadline, now: shanghai(2024, 3, 14, 9)) == 1)
    }

    @Test("nobody is chased before the deadline; the handler at the deadline")
    func beforeAndAtDeadline() {
        #expect(EscalationLadder.dueStep(deadline: deadline, now: deadline.addingTimeInterval(-1), calendar: plain) == nil)
        #expect(EscalationLadder.dueStep(deadline: deadline, now: shanghai(2024, 3, 8), calendar: plain) == nil)
        #expect(EscalationLadder.dueStep(deadline: deadline, now: deadline, calendar: plain) == .handler)
        #expect(EscalationLadder.dueStep(deadline: deadline, now: shanghai(2024, 3, 12, 23, 59), calendar: plain) == .handler)
    }

    @Test("the owning chief one working day later, the next level after two, and no further")
    func ladderClimbs() {
        #expect(EscalationLadder.dueStep(deadline: deadline, now: shanghai(2024, 3, 13), calendar: plain) == .owningChief)
        #expect(EscalationLadder.dueStep(deadline: deadline, now: shanghai(2024, 3, 13, 17), calendar: plain) == .owningChief)
        #expect(EscalationLadder.dueStep(deadline: deadline, now: shanghai(2024, 3, 14), calendar: plain) == .nextLevelChief)
        #expect(EscalationLadder.dueStep(deadline: deadline, now: shanghai(2024, 4, 30), calendar: plain) == .nextLevelChief)
    }

    @Test("a weekend in between does not count")
    func weekendDoesNotCount() {
        #expect(EscalationLadder.dueStep(deadline: fridayDeadline, now: shanghai(2024, 3, 9, 12), calendar: plain) == .handler)
        #expect(EscalationLadder.dueStep(deadline: fridayDeadline, now: shanghai(2024, 3, 11, 10), calendar: plain) == .handler)
        #expect(EscalationLadder.dueStep(deadline: fridayDeadline, now: shanghai(2024, 3, 12), calendar: plain) == .owningChief)
        #expect(EscalationLadder.dueStep(deadline: fridayDeadline, now: shanghai(2024, 3, 13), calendar: plain) == .nextLevelChief)
    }

    @Test("stepsToRecord lists the steps now due that were not chased yet")
    func stepsToRecord() {
        func steps(_ alreadyChased: Int, _ now: Date) -> [ChaseStep] {
            EscalationLadder.stepsToRecord(alreadyChased: alreadyChased, deadline: deadline, now: now, calendar: plain)
        }
        #expect(steps(0, shanghai(2024, 3, 11, 12)) == [])
        #expect(steps(0, deadline) == [.handler])
        #expect(steps(0, shanghai(2024, 3, 13)) == [.handler, .owningChief])
        #expect(steps(0, shanghai(2024, 3, 14)) == [.handler, .owningChief, .nextLevelChief])
        #expect(steps(1, shanghai(2024, 3, 14)) == [.owningChief, .nextLevelChief])
        #expect(steps(2, shanghai(2024, 3, 14)) == [.nextLevelChief])
        #expect(steps(3, shanghai(2024, 3, 14)) == [])
        #expect(steps(1, deadline) == [])
        #expect(steps(2, shanghai(2024, 3, 13)) == [])
    }

    @Test("chase: only vetting and open work is chased; accountability opens at the first chase; escalation happens once")
    func chaseDecision() {
        func chase(_ status: MatterStatus, _ level: Int, escalated: Bool = false, _ now: Date) -> OverdueChase? {
            EscalationLadder.chase(status: status, chaseLevel: level, deadline: deadline, escalatedBefore: escalated, now: now, calendar: plain)
        }
        for status in MatterStatus.allCases where !EscalationLadder.chasedStatuses.contains(status) {
            #expect(chase(status, 0, shanghai(2024, 3, 14)) == nil, "\(status) is not chased")
        }
        #expect(EscalationLadder.chase(status: .open, chaseLevel: 0, deadline: nil, escalatedBefore: false, now: shanghai(2024, 3, 14), calendar: plain) == nil)
        #expect(chase(.open, 0, shanghai(2024, 3, 11, 12)) == nil)
        let first = chase(.handling, 0, deadline)
        #expect(first == OverdueChase(steps: [.handler], chaseLevel: 1, opensAccountability: true, escalates: false))
        let later = chase(.handling, 1, shanghai(2024, 3, 14))
        #expect(later == OverdueChase(steps: [.owningChief, .nextLevelChief], chaseLevel: 3, opensAccountability: false, escalates: true))
        // A matter escalated before (a dissatisfied rating) keeps its first escalation time.
        #expect(chase(.handling, 1, escalated: true, shanghai(2024, 3, 14))?.escalates == false)
        #expect(chase(.registered, 3, shanghai(2024, 3, 14)) == nil)
    }

    @Test("chase steps are ordered handler < owning chief < next level")
    func stepOrder() {
        #expect(ChaseStep.allCases.sorted() == [.handler, .owningChief, .nextLevelChief])
        #expect(ChaseStep.handler < .owningChief && ChaseStep.owningChief < .nextLevelChief)
    }
}

@Suite("Working calendar: policy and days")
struct DeadlinePolicyAndDayTests {
    @Test("standard policy: vet in 1 working day; reply in 10 for suggestions, 5 for demands and complaints")
    func standardPolicy() {
        #expect(DeadlinePolicy.standard(for: .suggestion) == DeadlinePolicy(vetDays: 1, replyDays: 10))
        #expect(DeadlinePolicy.standard(for: .demand) == DeadlinePolicy(vetDays: 1, replyDays: 5))
        #expect(DeadlinePolicy.standard(for: .complaint) == DeadlinePolicy(vetDays: 1, replyDays: 5))
    }

    @Test("real days parse", arguments: [
        ("2024-03-08", Day(year: 2024, month: 3, day: 8)),
        ("2024-02-29", Day(year: 2024, month: 2, day: 29)),
        ("2000-02-29", Day(year: 2000, month: 2, day: 29)),
        ("2023-01-31", Day(year: 2023, month: 1, day: 31)),
        ("2024-12-31", Day(year: 2024, month: 12, day: 31)),
    ])
    func parses(text: String, expected: Day) {
        #expect(Day(text) == expected)
    }

    @Test("malformed days do not parse", arguments: ["2023-13-01", "2023-00-10", "2023-01-32", "2023-01-00", "20230101", "2023-01", "", "abc",
                                                 "2023-02-29", "2023-02-30", "2100-02-29", "2023-04-31", "2023-06-31", "2023-09-31", "2023-11-31", "2024-xx-03-08", "2024-03-08-junk", " 2024-03-08",
                                                 "2024/03/08", "2024-0a-08", "2024-03-0 ", "+024-03-08", "２０２４-03-08", "2024-03-8 "])
    func rejects(text: String) {
        #expect(Day(text) == nil)
    }

    @Test("days print as YYYY-MM-DD and order chronologically")
    func descriptionAndOrder() {
        #expect(Day(year: 2024, month: 3, day: 8).description == "2024-03-08")
        #expect(Day(year: 2023, month: 12, day: 31) < Day(year: 2024, month: 1, day: 1))
        #expect(Day(year: 2024, month: 1, day: 31) < Day(year: 2024, month: 2, day: 1))
        #expect(Day(year: 2024, month: 2, day: 1) < Day(year: 2024, month: 2, day: 2))
        #expect(!(Day(year: 2024, month: 2, day: 2) < Day(year: 2024, month: 2, day: 2)))
    }

}
