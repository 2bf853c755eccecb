/// The barometer's arithmetic: which weeks stand out, rates that may have no base,
/// and league tables. Pure functions over counts; the reports decide what to count.

/// When does a week's count of matters deserve a chief's attention?
///
/// Counts of complaints behave roughly like Poisson counts: a unit that averages 20 a
/// week sees 13 one week and 28 the next for no reason at all, and a unit that averages
/// 1 sees 0 to 4. A naive "above the average" or plain z-score would therefore flag
/// small units every few weeks and train chiefs to ignore the alarm. So a week is a
/// spike only when it clears all four bars:
///
/// - there is enough history (`minimumHistory` earlier periods) to know what normal
///   looks like — a new unit's first weeks say nothing;
/// - it is at least `minimumCount` matters: a jump from 1 to 4 is not worth a meeting,
///   however large the ratio;
/// - it is at least `minimumRatio` times the baseline: on a busy unit a rise can be
///   statistically certain and still too small to matter;
/// - it exceeds the baseline mean by `deviations` times the larger of the observed
///   spread, the Poisson spread √mean (a quiet run of similar weeks must not make the
///   ordinary noise look alarming), and 1 (so an all-zero baseline still needs a margin).
///
/// The baseline is the `baselinePeriods` periods immediately before, not the whole
/// history, so that a unit whose workload has really changed gets a new normal.
public struct SpikeRule: Sendable, Equatable {
    public var baselinePeriods: Int
    public var minimumHistory: Int
    public var minimumCount: Int
    public var minimumRatio: Double
    public var deviations: Double

    public init(baselinePeriods: Int = 8, minimumHistory: Int = 4, minimumCount: Int = 5,
                minimumRatio: Double = 1.5, deviations: Double = 3) {
        self.baselinePeriods = baselinePeriods
        self.minimumHistory = minimumHistory
        self.minimumCount = minimumCount
        self.minimumRatio = minimumRatio
        self.deviations = deviations
    }

    /// The spikes in a series of counts per period, oldest first.
    public func spikes(in series: [Int]) -> [Spike] {
        series.indices.compactMap { index in
            let history = series[max(0, index - baselinePeriods)..<index]
            guard history.count >= max(1, minimumHistory) else { return nil }
            let count = series[index]
            let mean = Double(history.reduce(0, +)) / Double(history.count)
            let spread = max(Self.sampleStandardDeviation(history, mean: mean), mean.squareRoot(), 1)
            let value = Double(count)
            guard count >= minimumCount, value >= mean * minimumRatio,
                  value > mean + deviations * spread else { return nil }
            return Spike(index: index, count: count, baselineMean: mean)
        }
    }

    static func sampleStandardDeviation(_ values: ArraySlice<Int>, mean: Double) -> Double {
        guard values.count > 1 else { return 0 }
        let squares = values.reduce(0.0) { sum, value in sum + (Double(value) - mean) * (Double(value) - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}

public struct Spike: Sendable, Equatable {
    /// The position of the period in the series given to `SpikeRule.spikes(in:)`.
    public let index: Int
    public let count: Int
    public let baselineMean: Double
    /// How many more matters than usual: what a chief has to explain.
    public var excess: Double { Double(count) - baselineMean }

    public init(index: Int, count: Int, baselineMean: Double) {
        self.index = index
        self.count = count
        self.baselineMean = baselineMean
    }
}

/// A share such as "closed of registered". Kept as the two counts so that totals can be
/// re-added across units; a rate of nothing is shown as a dash, never as 0% or 100%.
public struct Rate: Sendable, Equatable {
    public var numerator: Int
    public var denominator: Int

    public init(numerator: Int, denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public var percent: Double? {
        denominator == 0 ? nil : Double(numerator) * 100 / Double(denominator)
    }

    /// One decimal, e.g. "93.4%"; "—" when there is nothing to divide by. Built by hand
    /// so it never depends on a locale's decimal separator.
    public var formatted: String {
        guard let percent, percent.isFinite else { return "—" }
        let tenths = Int((abs(percent) * 10).rounded())
        return "\(percent < 0 && tenths > 0 ? "-" : "")\(tenths / 10).\(tenths % 10)%"
    }
}

public enum Ranking {
    /// Standard competition ranking ("1224"): tied items share a rank and the next rank
    /// skips, so a unit's rank always says how many units did strictly better. Higher
    /// scores rank first; ties keep their input order; items without a score (nothing to
    /// measure, e.g. a rate of zero matters) come last, unranked, rather than being
    /// ranked as if they had scored zero.
    public static func competition<T>(_ items: [T], score: (T) -> Double?) -> [(rank: Int?, item: T)] {
        let scored = items.enumerated().map { offset, item -> (offset: Int, score: Double?, item: T) in
            let value = score(item)
            return (offset, value.flatMap { $0.isNaN ? nil : $0 }, item)
        }
        let ranked = scored.filter { $0.score != nil }.sorted { a, b in
            a.score! != b.score! ? a.score! > b.score! : a.offset < b.offset
        }
        var result: [(rank: Int?, item: T)] = []
        for (position, entry) in ranked.enumerated() {
            let tiedWithPrevious = position > 0 && ranked[position - 1].score == entry.score
            result.append((tiedWithPrevious ? result[position - 1].rank : position + 1, entry.item))
        }
        return result + scored.filter { $0.score == nil }.map { (nil, $0.item) }
    }
}
