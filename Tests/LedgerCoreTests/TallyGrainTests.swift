import Foundation
import Testing
@testable import LedgerCore
import YearSimulation

/// Week and month starts agree with Foundation's Gregorian calendar, and spans tile a range
/// with whole periods only.
@Suite("Tally grains")
struct TallyGrainTests {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func components(_ day: Int) -> DateComponents {
        utc.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(day) * 86_400))
    }

    @Test("every day from 1990 to 2060: its date, Monday, 1st and next 1st match Foundation's")
    func startsMatchFoundation() {
        for day in 7_305...33_000 {
            let parts = Self.components(day)
            let date = TallyGrain.date(day)
            guard date == (parts.year!, parts.month!, parts.day!) else { Issue.record("day \(day): \(date)"); return }
            #expect(TallyGrain.day(year: date.year, month: date.month, day: date.day) == day)
            let monday = TallyGrain.week.start(of: day)
            #expect((0..<7).contains(day - monday) && Self.components(monday).weekday == 2, "day \(day): a week starts on a Monday")
            let first = TallyGrain.month.start(of: day), next = TallyGrain.month.next(after: day)
            #expect(TallyGrain.date(first) == (parts.year!, parts.month!, 1) && Self.components(next).day == 1
                    && Self.components(next - 1).month == parts.month, "day \(day): its month")
        }
    }

    @Test("spans tile [from, to) exactly, each period whole and inside, never coarser than asked")
    func spansTile() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<3_000 {
            let from = random.int(19_000...20_500), to = from + random.int(0...800)
            let coarsest = TallyGrain.allCases[random.int(0...2)]
            let spans = TallyGrain.spans(from: from, to: to, coarsest: coarsest)
            var at = from
            for span in spans {
                #expect(span.from == at && span.from < span.to, "\(from)..<\(to) \(coarsest): \(spans)")
                #expect(span.grain <= coarsest)
                #expect(span.grain.start(of: span.from) == span.from, "a span starts a period")
                var end = span.from
                while end < span.to { end = span.grain.next(after: end) }
                #expect(end == span.to, "a span is whole periods")
                at = span.to
            }
            #expect(at == max(from, to))
        }
        // A year from the 1st of a month is twelve months in one span.
        let year = TallyGrain.day(year: 2023, month: 1, day: 1)
        #expect(TallyGrain.spans(from: year, to: TallyGrain.day(year: 2024, month: 1, day: 1), coarsest: .month).map(\.grain) == [.month])
        // 2023-01-01 was a Sunday: a day, then whole weeks, then the days left.
        #expect(TallyGrain.spans(from: year, to: year + 17, coarsest: .week).map { [$0.from - year, $0.to - year] } == [[0, 1], [1, 15], [15, 17]])
    }
}
