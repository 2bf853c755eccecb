import Foundation

/// A calendar day, independent of time zone arithmetic.
public struct Day: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `YYYY-MM-DD`, and only a date that exists (no 30 February).
    /// (Read byte by byte: every deadline reads the holiday calendar, and a regex literal is
    /// built afresh each time it is evaluated.)
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1...12).contains(month), (1...Day.length(ofMonth: month, in: year)).contains(day) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    static func length(ofMonth month: Int, in year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String { "\(Digits.padded(year, width: 4))-\(Digits.padded(month, width: 2))-\(Digits.padded(day, width: 2))" }
    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// Working days in the bureau's time zone: Monday to Friday, less holidays, plus the
/// weekend days officially worked in exchange for a holiday (调休).
public struct WorkingCalendar: Sendable {
    public var holidays: Set<Day>
    public var extraWorkingDays: Set<Day>
    private let calendar: Calendar

    public static let bureauTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    public init(holidays: Set<Day> = [], extraWorkingDays: Set<Day> = [], timeZone: TimeZone = WorkingCalendar.bureauTimeZone) {
        self.holidays = holidays
        self.extraWorkingDays = extraWorkingDays
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    public func day(of date: Date) -> Day {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return Day(year: c.year!, month: c.month!, day: c.day!)
    }

    public func startOfDay(_ day: Day) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        if extraWorkingDays.contains(day) { return true }
        if holidays.contains(day) { return false }
        let weekday = calendar.component(.weekday, from: startOfDay(day))  // 1 = Sunday, 7 = Saturday
        return weekday != 1 && weekday != 7
    }

    public func nextDay(_ day: Day) -> Day {
        self.day(of: calendar.date(byAdding: .day, value: 1, to: startOfDay(day))!.addingTimeInterval(3600))
    }

    /// The end of the `workingDays`-th working day after the day of `start`: work that
    /// arrives on a Friday with one working day allowed is due by the end of Monday.
    public func deadline(from start: Date, workingDays: Int) -> Date {
        var day = self.day(of: start)
        var remaining = max(workingDays, 0)
        while remaining > 0 {
            day = nextDay(day)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return startOfDay(nextDay(day))
    }

    /// Whole working days that have ended between `deadline` and `now` (0 while not yet overdue).
    public func workingDaysOverdue(deadline: Date, now: Date) -> Int {
        guard now >= deadline else { return 0 }
        var count = 0
        var day = self.day(of: deadline)
        let today = self.day(of: now)
        while day < today {
            if isWorkingDay(day) { count += 1 }
            day = nextDay(day)
        }
        return count
    }
}

/// Working days allowed per stage, configurable per ledger.
public struct DeadlinePolicy: Codable, Sendable, Equatable {
    public var vetDays: Int
    public var replyDays: Int

    public init(vetDays: Int, replyDays: Int) {
        self.vetDays = vetDays
        self.replyDays = replyDays
    }

    /// Vet within 1 working day; reply within 5 for demands and complaints, 10 for suggestions.
    public static func standard(for ledger: Ledger) -> DeadlinePolicy {
        switch ledger {
        case .suggestion: DeadlinePolicy(vetDays: 1, replyDays: 10)
        case .demand, .complaint: DeadlinePolicy(vetDays: 1, replyDays: 5)
        }
    }
}

/// Who is chased when work is overdue, in order (督促回复).
public enum ChaseStep: Int, Codable, CaseIterable, Sendable, Comparable {
    case handler = 1, owningChief = 2, nextLevelChief = 3

    public static func < (a: ChaseStep, b: ChaseStep) -> Bool { a.rawValue < b.rawValue }
}

public enum EscalationLadder {
    /// The stages whose deadline is chased: vetting, and the reply while the matter is open or in hand.
    public static let chasedStatuses: [MatterStatus] = [.registered, .open, .handling]

    /// The highest step due: the handler when the deadline passes, the owning chief one
    /// working day later, the next level up a working day after that.
    public static func dueStep(deadline: Date, now: Date, calendar: WorkingCalendar) -> ChaseStep? {
        guard now >= deadline else { return nil }
        let late = calendar.workingDaysOverdue(deadline: deadline, now: now)
        return ChaseStep(rawValue: min(late + 1, ChaseStep.nextLevelChief.rawValue))
    }

    /// The steps to record now, given the highest step already recorded.
    public static func stepsToRecord(alreadyChased: Int, deadline: Date, now: Date, calendar: WorkingCalendar) -> [ChaseStep] {
        guard let due = dueStep(deadline: deadline, now: now, calendar: calendar) else { return [] }
        return ChaseStep.allCases.filter { $0.rawValue > alreadyChased && $0 <= due }
    }

    /// What the sweep records for one matter now, or nil when nothing is due: the steps not yet
    /// chased; an accountability record when the matter is first found overdue in this round
    /// (一事一问责); and the moment of escalation when the chase first reaches the next level.
    public static func chase(status: MatterStatus, chaseLevel: Int, deadline: Date?, escalatedBefore: Bool,
                             now: Date, calendar: WorkingCalendar) -> OverdueChase? {
        guard chasedStatuses.contains(status), let deadline else { return nil }
        let steps = stepsToRecord(alreadyChased: chaseLevel, deadline: deadline, now: now, calendar: calendar)
        guard let highest = steps.last else { return nil }
        return OverdueChase(steps: steps, chaseLevel: highest.rawValue, opensAccountability: chaseLevel == 0,
                            escalates: highest == .nextLevelChief && !escalatedBefore)
    }
}

/// The sweep's decision for one overdue matter (see `EscalationLadder.chase`).
public struct OverdueChase: Sendable, Equatable {
    public let steps: [ChaseStep]
    public let chaseLevel: Int
    public let opensAccountability: Bool
    public let escalates: Bool
}
