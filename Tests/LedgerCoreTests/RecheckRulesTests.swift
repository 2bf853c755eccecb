import PropertyBased
import Testing
@testable import LedgerCore

@Suite("Random re-checks: the daily draw")
struct RecheckRulesTests {
    @Test("the draw takes the share rounded up, at least one per unit with closures, never more than there are")
    func sampleSize() {
        #expect(RecheckRules.sampleSize(count: 0, units: 0, fraction: 0.1) == 0)
        #expect(RecheckRules.sampleSize(count: 1, units: 1, fraction: 0.1) == 1)
        #expect(RecheckRules.sampleSize(count: 101, units: 2, fraction: 0.1) == 11)
        #expect(RecheckRules.sampleSize(count: 30, units: 7, fraction: 0.1) == 7)
        #expect(RecheckRules.sampleSize(count: 5, units: 5, fraction: 0) == 5)
        #expect(RecheckRules.sampleSize(count: 10, units: 1, fraction: 1) == 10)
    }

    @Test("every draw has one matter of each unit, the share in all, no repeats, and the same seed draws the same")
    func drawProperties() async {
        await propertyCheck(count: 200, input: Gen.int(in: 1...8).array(of: 1...120), Gen.int(in: 0...100), Gen.int(in: 0...1_000_000)) { units, percent, seed in
            let candidates = units.enumerated().map { RecheckCandidate(matterID: 1_000 + $0.offset, unitID: $0.element) }
            let fraction = Double(percent) / 100
            let drawn = RecheckRules.sample(candidates, fraction: fraction, seed: UInt64(seed))
            let unitCount = Set(units).count
            #expect(drawn.count == RecheckRules.sampleSize(count: candidates.count, units: unitCount, fraction: fraction))
            #expect(Set(drawn).count == drawn.count)
            let unitsDrawn = Set(drawn.map { id in candidates.first { $0.matterID == id }!.unitID })
            #expect(unitsDrawn == Set(units))
            #expect(RecheckRules.sample(candidates, fraction: fraction, seed: UInt64(seed)) == drawn)
        }
    }

    @Test("different days draw different matters: a unit cannot predict which closure is called")
    func seedsDiffer() {
        let candidates = (0..<200).map { RecheckCandidate(matterID: $0, unitID: $0 % 4) }
        let days = (1...10).map { RecheckRules.sample(candidates, fraction: 0.1, seed: RecheckRules.seed(cityID: 1, day: Day(year: 2026, month: 12, day: $0))) }
        #expect(Set(days.map { Set($0) }).count == days.count)
    }

    @Test("the confirmation rate counts only settled re-checks")
    func confirmationRate() {
        #expect(RecheckRules.confirmationRate(confirmed: 0, disagreed: 0) == nil)
        #expect(RecheckRules.confirmationRate(confirmed: 9, disagreed: 1) == 0.9)
    }
}
