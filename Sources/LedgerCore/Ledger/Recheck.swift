import Foundation

/// What a resident says when the call-back office calls again about a matter closed as satisfied.
public enum RecheckVerdict: String, Codable, CaseIterable, Sendable {
    /// The resident confirms they are satisfied.
    case confirmed
    /// The resident is not satisfied after all: the matter reopens in a new round.
    case disagreed
}

/// Where a re-check stands: waiting for the office's call, or settled one way or the other.
public enum RecheckState: String, Codable, CaseIterable, Sendable {
    case pending, confirmed, disagreed
    /// The office could not reach the resident (the same calls that justify an unreachable
    /// report); the closure stands and nothing counts for or against the unit.
    case unreached
}

/// A matter closed as satisfied, as the daily draw sees it.
public struct RecheckCandidate: Sendable, Equatable {
    public let matterID: Int
    /// The unit that owned the matter when it closed: each such unit gets at least one re-check.
    public let unitID: Int

    public init(matterID: Int, unitID: Int) {
        self.matterID = matterID
        self.unitID = unitID
    }
}

/// 随机复核: each day the call-back office calls back a sample of the matters closed as
/// satisfied since the last draw, so a unit cannot count on an unchecked "满意".
public enum RecheckRules {
    /// The share of closures drawn each day unless the bureau sets another.
    public static let defaultFraction = 0.10
    /// How far back a draw looks: closures older than this are never drawn, even when the
    /// draws stopped for a while.
    public static let windowDays = 30

    /// How many of `count` closures a draw takes: the fraction rounded up, and never fewer than
    /// one per unit with closures (`units`), nor more than there are.
    public static func sampleSize(count: Int, units: Int, fraction: Double) -> Int {
        guard count > 0 else { return 0 }
        let share = Int((Double(count) * fraction).rounded(.up))
        return min(count, max(share, units))
    }

    /// The matters drawn from `candidates`: first one per unit, then the rest of the share,
    /// each pick decided by `seed` so the same day's draw is the same on every instance and a
    /// unit cannot predict which of its closures will be called.
    public static func sample(_ candidates: [RecheckCandidate], fraction: Double, seed: UInt64) -> [Int] {
        let units = Set(candidates.map(\.unitID))
        let size = sampleSize(count: candidates.count, units: units.count, fraction: fraction)
        var generator = SplitMix64(seed: seed)
        // A random order; the first candidate of each unit in it is that unit's pick.
        var order = candidates
        order.shuffle(using: &generator)
        var picked: [Int] = []
        var seenUnits = Set<Int>()
        var rest: [Int] = []
        for candidate in order {
            if seenUnits.insert(candidate.unitID).inserted { picked.append(candidate.matterID) } else { rest.append(candidate.matterID) }
        }
        picked += rest.prefix(max(0, size - picked.count))
        return picked
    }

    /// The seed of one city's draw on one day.
    public static func seed(cityID: Int, day: Day) -> UInt64 {
        UInt64(cityID) &* 1_000_003 &+ UInt64(day.year * 10_000 + day.month * 100 + day.day)
    }

    /// Share of settled re-checks the resident confirmed; nil when none is settled.
    public static func confirmationRate(confirmed: Int, disagreed: Int) -> Double? {
        confirmed + disagreed == 0 ? nil : Double(confirmed) / Double(confirmed + disagreed)
    }
}

/// A small seeded generator (SplitMix64): the draw must be reproducible, which the system
/// generator is not.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
