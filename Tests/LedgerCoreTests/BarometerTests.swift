import Testing
@testable import LedgerCore

@Suite("Barometer: spikes")
struct SpikeRuleTests {
    let rule = SpikeRule()

    @Test("a flat series flags nothing, at any level")
    func flat() {
        #expect(rule.spikes(in: Array(repeating: 0, count: 20)).isEmpty)
        #expect(rule.spikes(in: Array(repeating: 12, count: 20)).isEmpty)
        #expect(rule.spikes(in: Array(repeating: 500, count: 20)).isEmpty)
    }

    @Test("a jump from about 10 a week to 40 is flagged in that week, with its baseline and excess")
    func jump() {
        let spikes = rule.spikes(in: [10, 9, 11, 10, 12, 8, 10, 11, 40, 10, 9])
        #expect(spikes == [Spike(index: 8, count: 40, baselineMean: 10.125)])
        #expect(spikes.first?.excess == 29.875)
    }

    @Test("Poisson noise around 20 flags nothing, not even a one-in-a-hundred 31 after a quiet run (the √mean spread)")
    func poissonNoise() {
        // Index 16 (31) follows eight weeks whose own spread is only 1.3: a plain z-score would flag it.
        let series = [23, 17, 25, 14, 21, 26, 19, 16, 19, 21, 20, 22, 18, 20, 21, 19, 31, 17, 24, 15, 26, 22, 13, 27, 20, 18]
        #expect(rule.spikes(in: series).isEmpty)
        // The same quiet run followed by 34 is more than chance.
        #expect(rule.spikes(in: [19, 21, 20, 22, 18, 20, 21, 19, 34]).map(\.index) == [8])
    }

    @Test("a rise from about 1 a week to 4 is not a spike (minimum count), to 5 it is")
    func minimumCount() {
        let quiet = [1, 0, 1, 0, 0, 1, 0, 0]
        #expect(rule.spikes(in: quiet + [4]).isEmpty)
        #expect(rule.spikes(in: quiet + [5]).map(\.index) == [8])
    }

    @Test("a spike in the first weeks never flags: four earlier weeks are needed")
    func noHistory() {
        #expect(rule.spikes(in: [40, 0, 0, 1, 0]).isEmpty)
        #expect(rule.spikes(in: [0, 0, 40, 2, 3]).isEmpty)
        #expect(rule.spikes(in: [2, 3, 2, 40]).isEmpty)
        #expect(rule.spikes(in: [2, 3, 2, 3, 40]).map(\.index) == [4])
    }

    @Test("a gradual trend, 1 to 30 a week, does not flag week after week (the deviation test)")
    func gradualTrend() {
        #expect(rule.spikes(in: Array(1...30)).isEmpty)
    }

    @Test("on a busy, steady unit a 40% rise is not a spike even though it is beyond chance (the ratio), 50% is")
    func ratio() {
        let steady = [100, 98, 102, 101, 99, 100, 97, 103]
        #expect(rule.spikes(in: steady + [140]).isEmpty)
        #expect(rule.spikes(in: steady + [150]).map(\.index) == [8])
    }

    @Test("a week within an erratic unit's usual swing is not a spike (the observed spread)")
    func observedSpread() {
        let erratic = [5, 30, 5, 30, 5, 30, 5, 30]
        #expect(rule.spikes(in: erratic + [40]).isEmpty)
        #expect(rule.spikes(in: erratic + [60]).map(\.index) == [8])
    }

    @Test("the baseline is the previous eight weeks, not all history, so a unit's new normal is learnt")
    func baselineWindow() {
        let spikes = rule.spikes(in: [100, 100, 0, 0, 0, 0, 0, 0, 0, 0, 10])
        #expect(spikes.map(\.index) == [10])
        #expect(spikes.first?.baselineMean == 0)
    }

    @Test("without a minimum count, the floor of one still keeps an all-zero baseline from flagging a 2")
    func floorOfOne() {
        let anyCount = SpikeRule(minimumCount: 0)
        #expect(anyCount.spikes(in: [0, 0, 0, 0, 2]).isEmpty)
        #expect(anyCount.spikes(in: [0, 0, 0, 0, 4]).map(\.index) == [4])
    }

    @Test("the empty series has no spikes")
    func empty() {
        #expect(rule.spikes(in: []).isEmpty)
    }
}

@Suite("Barometer: rates")
struct RateTests {
    @Test("a rate of nothing has no percentage and is shown as a dash, not 0% or 100%")
    func zeroDenominator() {
        #expect(Rate(numerator: 0, denominator: 0).percent == nil)
        #expect(Rate(numerator: 0, denominator: 0).formatted == "—")
        #expect(Rate(numerator: 3, denominator: 0).formatted == "—")
    }

    @Test("rates are shown with one decimal, rounded")
    func formatting() {
        #expect(Rate(numerator: 9_632, denominator: 9_979).formatted == "96.5%")
        #expect(Rate(numerator: 20_634, denominator: 23_789).formatted == "86.7%")
        #expect(Rate(numerator: 2, denominator: 3).formatted == "66.7%")
        #expect(Rate(numerator: 1, denominator: 1).formatted == "100.0%")
        #expect(Rate(numerator: 0, denominator: 5).formatted == "0.0%")
        #expect(Rate(numerator: 1, denominator: 4).percent == 25)
    }
}

@Suite("Barometer: rankings")
struct RankingTests {
    @Test("competition ranking: ties share a rank and the next rank skips (1224); ties keep input order; no score comes last, unranked")
    func tiesAndNils() {
        let units: [(String, Double?)] = [("a", 90), ("b", nil), ("c", 95), ("d", 90), ("e", 80), ("f", nil), ("g", .nan)]
        let ranked = Ranking.competition(units) { $0.1 }
        #expect(ranked.map(\.item.0) == ["c", "a", "d", "e", "b", "f", "g"])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4, nil, nil, nil])
    }

    @Test("all tied share first place; nothing to rank gives nothing")
    func allTied() {
        #expect(Ranking.competition([3, 1, 2]) { _ in 7 }.map(\.rank) == [1, 1, 1])
        #expect(Ranking.competition([3, 1, 2]) { _ in 7 }.map(\.item) == [3, 1, 2])
        #expect(Ranking.competition([Int]()) { Double($0) }.isEmpty)
    }

    @Test("a lower score ranks lower")
    func order() {
        #expect(Ranking.competition([1.0, 3.0, 2.0]) { $0 }.map(\.item) == [3.0, 2.0, 1.0])
        #expect(Ranking.competition([1.0, 3.0, 2.0]) { $0 }.map(\.rank) == [1, 2, 3])
    }
}
