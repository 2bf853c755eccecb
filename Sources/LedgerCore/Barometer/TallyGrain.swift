/// The periods tallies are kept for. Days are numbered from 1970-01-01 in the bureau's own
/// time (day 0), so a day number is a calendar date and these are plain arithmetic.
public enum TallyGrain: Int, Comparable, CaseIterable, Sendable {
    case day, week, month

    public static func < (lhs: TallyGrain, rhs: TallyGrain) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The first day of the period holding `day`: itself, its Monday, or the 1st of its month.
    public func start(of day: Int) -> Int {
        switch self {
        case .day: day
        case .week: day - Self.weekday(day)
        case .month: day - (Self.date(day).day - 1)
        }
    }

    /// The first day of the period after the one holding `day`.
    public func next(after day: Int) -> Int {
        switch self {
        case .day: return day + 1
        case .week: return start(of: day) + 7
        case .month:
            let date = Self.date(day)
            return date.month == 12 ? Self.day(year: date.year + 1, month: 1, day: 1) : Self.day(year: date.year, month: date.month + 1, day: 1)
        }
    }

    /// Splits days [from, to) into spans, each to be read at the coarsest grain not above
    /// `coarsest` whose whole periods it is made of: the months inside, then the whole weeks
    /// inside what is left at either end, then single days. Periods never cross a span's edge,
    /// so a week's or month's tally lies wholly inside [from, to).
    public static func spans(from: Int, to: Int, coarsest: TallyGrain) -> [(grain: TallyGrain, from: Int, to: Int)] {
        guard from < to else { return [] }
        guard coarsest > .day else { return [(.day, from, to)] }
        let first = coarsest.start(of: from) == from ? from : coarsest.next(after: from)
        var last = first
        while last < to, coarsest.next(after: last) <= to { last = coarsest.next(after: last) }
        let finer = TallyGrain(rawValue: coarsest.rawValue - 1)!
        guard first < last else { return spans(from: from, to: to, coarsest: finer) }
        return spans(from: from, to: first, coarsest: finer) + [(coarsest, first, last)] + spans(from: last, to: to, coarsest: finer)
    }

    /// Monday is 0. Day 0 (1970-01-01) was a Thursday.
    static func weekday(_ day: Int) -> Int { ((day + 3) % 7 + 7) % 7 }

    /// The calendar date of a day number (proleptic Gregorian; H. Hinnant's civil-from-days).
    static func date(_ day: Int) -> (year: Int, month: Int, day: Int) {
        let z = day + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, dayOfYear - (153 * shifted + 2) / 5 + 1)
    }

    /// The day number of a calendar date (the inverse of `date`).
    static func day(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
