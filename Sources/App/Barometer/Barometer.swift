import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 晴雨表: every figure of the annual report, the scorecards and the trends, computed from the
/// records by aggregate queries over date ranges (each on an index), never by loading rows. The
/// matters' figures are read from their tallies (`MatterTallies`), a row per unit, ledger, topic
/// and day, so a year of a million matters is a few thousand rows to add up. Periods start and
/// end at the bureau's midnight.
package struct Barometer: Sendable {
    let app: Application
    let scope: BarometerScope

    /// The bureau keeps its books in Beijing time: a month or a year starts at midnight there.
    static let timeZone = WorkingCalendar.bureauTimeZone

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    package static func start(year: Int, month: Int = 1, day: Int = 1) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    package static func dayString(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!).description
    }

    private var statements: Statements { app.db.statements }

    // MARK: - The report's table

    struct LedgerCounts: Content, Equatable {
        var suggestion = 0, demand = 0, complaint = 0
        var total: Int { suggestion + demand + complaint }

        subscript(ledger: Ledger) -> Int {
            get { switch ledger { case .suggestion: suggestion; case .demand: demand; case .complaint: complaint } }
            set { switch ledger { case .suggestion: suggestion = newValue; case .demand: demand = newValue; case .complaint: complaint = newValue } }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(suggestion, forKey: .suggestion)
            try container.encode(demand, forKey: .demand)
            try container.encode(complaint, forKey: .complaint)
            try container.encode(total, forKey: .total)
        }
        init() {}
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            suggestion = try container.decode(Int.self, forKey: .suggestion)
            demand = try container.decode(Int.self, forKey: .demand)
            complaint = try container.decode(Int.self, forKey: .complaint)
        }
        private enum Keys: String, CodingKey { case suggestion, demand, complaint, total }
    }

    struct MessageCounts: Content, Equatable { var received = 0, answered = 0, escalated = 0 }
    private struct RoomCount: Decodable { let rooms: Int, modelSites: Int }
    private struct ServiceCount: Decodable {
        let residentsServed: Int, consultationHelp: Int, disputeMediation: Int, emergencyHelp: Int, businessOnBehalf: Int, otherService: Int
    }
    struct ReceptionCounts: Content, Equatable {
        var rooms = 0, modelSites = 0, residentsServed = 0
        var consultationHelp = 0, disputeMediation = 0, emergencyHelp = 0, businessOnBehalf = 0, otherService = 0
        var servicesGiven: Int { consultationHelp + disputeMediation + emergencyHelp + businessOnBehalf + otherService }

        subscript(kind: ReceptionServiceKind) -> Int {
            switch kind {
            case .consultationHelp: consultationHelp
            case .disputeMediation: disputeMediation
            case .emergencyHelp: emergencyHelp
            case .businessOnBehalf: businessOnBehalf
            case .otherService: otherService
            }
        }
    }
    struct EngagementCounts: Content, Equatable { var activities = 0, thinkTankMembers = 0 }
    struct LiaisonCounts: Content, Equatable { var officers = 0, contacts = 0, itemsCollected = 0, itemsSolved = 0 }
    struct MonthRow: Content, Equatable { let month: String; let registered: LedgerCounts; let closed: LedgerCounts }

    /// Satisfaction as only residents and the call-back office give it, and the random
    /// re-checks settled in the period (a disagreement is counted against the unit).
    struct SatisfactionCounts: Content, Equatable {
        var ratings = 0, satisfied = 0, rechecksConfirmed = 0, rechecksDisagreed = 0
        var satisfactionRate: Rate { Rate(numerator: max(0, satisfied - rechecksDisagreed), denominator: ratings) }
        var recheckConfirmationRate: Rate { Rate(numerator: rechecksConfirmed, denominator: rechecksConfirmed + rechecksDisagreed) }
    }

    /// The figures of the annual report (DESIGN §1) for [from, to).
    struct Figures: Content, Equatable {
        let unitId: Int
        let unitName: String
        let from: String
        let to: String
        var registered = LedgerCounts()
        var closed = LedgerCounts()
        var messages = MessageCounts()
        var reception = ReceptionCounts()
        var engagement = EngagementCounts()
        var liaison = LiaisonCounts()
        var satisfaction = SatisfactionCounts()
        var months: [MonthRow] = []
    }

    func figures(from: Date, to: Date) async throws -> Figures {
        var figures = Figures(unitId: scope.unitID, unitName: scope.name, from: Self.dayString(from), to: Self.dayString(to))
        let months = Self.monthStarts(from: from, to: to)
        let registered = try await tallyByBuckets("registered", boundaries: months, group: "ledger", coarsest: .month)
        let closed = try await tallyByBuckets("closed", boundaries: months, group: "ledger", coarsest: .month)
        for ledger in Ledger.allCases {
            figures.registered[ledger] = registered[ledger.rawValue]?.reduce(0, +) ?? 0
            figures.closed[ledger] = closed[ledger.rawValue]?.reduce(0, +) ?? 0
        }
        figures.months = months.dropLast().indices.map { index in
            var inMonth = LedgerCounts(), closedInMonth = LedgerCounts()
            for ledger in Ledger.allCases {
                inMonth[ledger] = registered[ledger.rawValue]?[index] ?? 0
                closedInMonth[ledger] = closed[ledger.rawValue]?[index] ?? 0
            }
            return MonthRow(month: String(Self.dayString(months[index]).prefix(7)), registered: inMonth, closed: closedInMonth)
        }

        let scoped = scope.condition()
        for sum in try await MatterTallies.sums(["rated", "satisfied"], scope: scoped, fromDay: MatterTallies.dayNumber(from),
                                                toDay: MatterTallies.dayNumber(to), group: nil, byDay: false, coarsest: .month, on: statements) {
            if sum.measure == "rated" { figures.satisfaction.ratings += sum.n } else { figures.satisfaction.satisfied += sum.n }
        }
        for settled in try await RecheckStore.settled(scope: scoped, group: "city_id", from: from, to: to, on: app.db) {
            if settled.state == .confirmed { figures.satisfaction.rechecksConfirmed += settled.n }
            if settled.state == .disagreed { figures.satisfaction.rechecksDisagreed += settled.n }
        }
        if let row = try await statements.row("""
            SELECT COUNT(*) AS received,
                   CAST(COALESCE(SUM(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS answered,
                   CAST(COALESCE(SUM(CASE WHEN status = 'escalated' THEN 1 ELSE 0 END), 0) AS BIGINT) AS escalated
            FROM messages WHERE \(scoped) AND created_at >= \(bind: from) AND created_at < \(bind: to)
            """, as: MessageCounts.self) {
            figures.messages = row
        }

        if let row = try await statements.row("""
            SELECT COUNT(*) AS rooms, CAST(COALESCE(SUM(CASE WHEN model_site THEN 1 ELSE 0 END), 0) AS BIGINT) AS model_sites
            FROM reception_rooms WHERE \(scoped) AND created_at < \(bind: to)
            """, as: RoomCount.self) {
            (figures.reception.rooms, figures.reception.modelSites) = (row.rooms, row.modelSites)
        }
        func kind(_ kind: ReceptionServiceKind) -> SQLQueryString {
            "CAST(COALESCE(SUM(CASE WHEN service_kind = \(bind: kind.rawValue) THEN 1 ELSE 0 END), 0) AS BIGINT)"
        }
        if let row = try await statements.row("""
            SELECT CAST(COALESCE(SUM(residents_served), 0) AS BIGINT) AS residents_served,
                   \(kind(.consultationHelp)) AS consultation_help, \(kind(.disputeMediation)) AS dispute_mediation,
                   \(kind(.emergencyHelp)) AS emergency_help, \(kind(.businessOnBehalf)) AS business_on_behalf,
                   \(kind(.otherService)) AS other_service
            FROM reception_log WHERE \(scoped) AND at >= \(bind: from) AND at < \(bind: to)
            """, as: ServiceCount.self) {
            figures.reception.residentsServed = row.residentsServed
            (figures.reception.consultationHelp, figures.reception.disputeMediation) = (row.consultationHelp, row.disputeMediation)
            (figures.reception.emergencyHelp, figures.reception.businessOnBehalf) = (row.emergencyHelp, row.businessOnBehalf)
            figures.reception.otherService = row.otherService
        }

        let fromDay = Self.dayString(from), toDay = Self.dayString(to)
        figures.engagement.activities = try await count("""
            SELECT COUNT(*) AS n FROM engagement_meetings WHERE \(scoped) AND day >= \(bind: fromDay) AND day < \(bind: toDay)
            """)
        // Members serving at some time in the period, counted once each.
        figures.engagement.thinkTankMembers = try await count("""
            SELECT COUNT(*) AS n FROM think_tank_members
            WHERE unit_id IN (SELECT id FROM units u WHERE \(scope.reach.sql(.units(alias: "u"))))
              AND appointed_on < \(bind: toDay) AND term_ends_on >= \(bind: fromDay)
            """)

        let counts = try await LiaisonStore.counts(within: scope.reach, from: fromDay, to: toDay, on: app.db)
        figures.liaison = LiaisonCounts(officers: counts.officers, contacts: counts.contacts,
                                        itemsCollected: counts.itemsCollected, itemsSolved: counts.itemsSolved)
        return figures
    }

    // MARK: - Scorecards

    /// One unit's record for a period. Rates are nil when there is nothing to rate.
    struct Scorecard: Content {
        let unitId: Int
        let unitName: String
        var registered = 0
        var closed = 0
        var onTime = 0
        var ratings = 0
        var satisfied = 0
        var rechecksConfirmed = 0
        var rechecksDisagreed = 0
        var reopenings = 0
        var escalations = 0
        var accountabilityRecords = 0
        var rank: Int?

        var closureRate: Rate { Rate(numerator: closed, denominator: registered) }
        var onTimeRate: Rate { Rate(numerator: onTime, denominator: registered) }
        /// Certified ratings only (resident or call-back office); each re-check the resident
        /// disagreed with takes one satisfied rating back.
        var satisfactionRate: Rate { Rate(numerator: max(0, satisfied - rechecksDisagreed), denominator: ratings) }
        var recheckConfirmationRate: Rate { Rate(numerator: rechecksConfirmed, denominator: rechecksConfirmed + rechecksDisagreed) }

        /// The ranking weighs what the programme asks of a unit: residents satisfied first,
        /// then work on time, then matters settled.
        var score: Double? {
            guard registered > 0 else { return nil }
            return 0.4 * (satisfactionRate.percent ?? 0) + 0.3 * (onTimeRate.percent ?? 0) + 0.3 * (closureRate.percent ?? 0)
        }
    }

    /// Scorecards of the units one level below the scope (the districts of the city, the stations
    /// of a district), or of the station itself, ranked against each other.
    func scorecards(from: Date, to: Date) async throws -> [Scorecard] {
        let groupColumn: String = switch scope.kind {
        case .city: "district_id"
        default: "unit_id"
        }
        let childKind: UnitKind = scope.kind == .city ? .district : .station
        let units = try await UnitStore.units(kind: childKind, on: app.db).filter { scope.reach.contains($0.place) }
        var cards = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, Scorecard(unitId: $0.id!, unitName: $0.name)) })
        let sums = try await MatterTallies.sums(["registered", "closedOfRegistered", "late", "rated", "satisfied", "records", "reopenings", "escalated"],
                                                scope: scope.condition(), fromDay: MatterTallies.dayNumber(from), toDay: MatterTallies.dayNumber(to),
                                                group: groupColumn, byDay: false, coarsest: .month, on: statements)
        var late: [Int: Int] = [:]
        for sum in sums {
            guard let unit = sum.key.flatMap(Int.init), cards[unit] != nil else { continue }
            switch sum.measure {
            case "registered": cards[unit]!.registered += sum.n
            case "closedOfRegistered": cards[unit]!.closed += sum.n
            case "late": late[unit, default: 0] += sum.n
            case "rated": cards[unit]!.ratings += sum.n
            case "satisfied": cards[unit]!.satisfied += sum.n
            case "records": cards[unit]!.accountabilityRecords += sum.n
            case "reopenings": cards[unit]!.reopenings += sum.n
            case "escalated": cards[unit]!.escalations += sum.n
            default: break
            }
        }
        for settled in try await RecheckStore.settled(scope: scope.condition(), group: groupColumn, from: from, to: to, on: app.db) {
            guard let unit = settled.key, cards[unit] != nil else { continue }
            if settled.state == .confirmed { cards[unit]!.rechecksConfirmed += settled.n }
            if settled.state == .disagreed { cards[unit]!.rechecksDisagreed += settled.n }
        }
        // On time: registered in the period and never overdue (no standing overdue record).
        for unit in cards.keys { cards[unit]!.onTime = cards[unit]!.registered - (late[unit] ?? 0) }
        let ordered = cards.values.sorted { $0.unitId < $1.unitId }
        return Ranking.competition(ordered, score: \.score).map { ranked in
            var card = ranked.item
            card.rank = ranked.rank
            return card
        }
    }

    // MARK: - Now: open, overdue, escalated

    struct Standing: Content { var open = 0, overdue = 0, escalated = 0 }

    func standing() async throws -> Standing {
        var standing = Standing()
        for sum in try await MatterTallies.sums(["open", "overdue", "escalatedOpen"], scope: scope.condition(), fromDay: 0, toDay: 1, group: nil, byDay: false, on: statements) {
            switch sum.measure {
            case "open": standing.open += sum.n
            case "overdue": standing.overdue += sum.n
            default: standing.escalated += sum.n
            }
        }
        return standing
    }

    // MARK: - Trends and spikes

    enum Period: String, Codable, Sendable { case week, month }

    struct Trend: Content {
        let period: Period
        let labels: [String]
        let byLedger: [String: [Int]]
        let byTopic: [String: [Int]]
    }

    func trend(from: Date, to: Date, period: Period) async throws -> Trend {
        var boundaries = period == .week ? Self.weekStarts(from: from, to: to) : Self.monthStarts(from: from, to: to)
        // Only the period counts: the first and last weeks may be partial.
        boundaries[0] = max(boundaries[0], from)
        boundaries[boundaries.count - 1] = min(boundaries[boundaries.count - 1], to)
        let grain: TallyGrain = period == .week ? .week : .month
        let byLedger = try await tallyByBuckets("registered", boundaries: boundaries, group: "ledger", coarsest: grain)
        let byTopic = try await tallyByBuckets("registeredByTopic", boundaries: boundaries, group: "topic", coarsest: grain)
        let labels = boundaries.dropLast().map { start in
            period == .week ? String(Self.dayString(start).dropFirst(5)) : String(Self.dayString(start).prefix(7))
        }
        return Trend(period: period, labels: labels, byLedger: byLedger, byTopic: byTopic)
    }

    struct Flag: Content {
        let dimension: String  // "topic" or "district"
        let key: String
        let label: String
        let weekStarting: String
        let count: Int
        let baseline: Double
    }

    /// Weeks in which a topic (or, for the city, a district) rose well above its own recent
    /// baseline, by `SpikeRule`; only the weeks in [from, to) are reported.
    func spikes(from: Date, to: Date, language: PageLanguage) async throws -> [Flag] {
        let rule = SpikeRule()
        // Enough weeks before the period for the first weeks to have a baseline.
        let lookBack = Self.calendar.date(byAdding: .day, value: -7 * rule.baselinePeriods, to: from)!
        let boundaries = Self.weekStarts(from: lookBack, to: to)
        var flags: [Flag] = []
        func scan(_ series: [String: [Int]], dimension: String, label: (String) -> String) {
            for (key, counts) in series.sorted(by: { $0.key < $1.key }) {
                for spike in rule.spikes(in: counts) where boundaries[spike.index] >= Self.weekStart(of: from) {
                    flags.append(Flag(dimension: dimension, key: key, label: label(key), weekStarting: Self.dayString(boundaries[spike.index]),
                                      count: spike.count, baseline: (spike.baselineMean * 10).rounded() / 10))
                }
            }
        }
        let byTopic = try await tallyByBuckets("registeredByTopic", boundaries: boundaries, group: "topic", coarsest: .week)
        scan(byTopic, dimension: "topic") { language.topic(MatterTopic(rawValue: $0) ?? .other) }
        if scope.kind == .city {
            let byDistrict = try await tallyByBuckets("registered", boundaries: boundaries, group: "district_id", coarsest: .week)
            let names = try await UnitStore.units(kind: .district, on: app.db)
                .reduce(into: [String: String]()) { $0[String($1.id!)] = $1.name }
            scan(byDistrict, dimension: "district") { names[$0] ?? $0 }
        }
        return flags.sorted { ($0.weekStarting, $0.dimension, $0.key) > ($1.weekStarting, $1.dimension, $1.key) }
    }

    // MARK: - Counting

    private func count(_ query: SQLQueryString) async throws -> Int {
        try await statements.value(query, column: "n", as: Int.self) ?? 0
    }

    /// Sums a measure of the matters' tallies in the scope per value of `group` (rows without one
    /// are left out) and per period between consecutive `boundaries` (the bureau's midnights),
    /// which are the starts of `coarsest` periods, but for the first and last.
    func tallyByBuckets(_ measure: String, boundaries: [Date], group: String, coarsest: TallyGrain) async throws -> [String: [Int]] {
        guard boundaries.count >= 2 else { return [:] }
        let days = boundaries.map(MatterTallies.dayNumber)
        // Each day's bucket, looked up directly: a year of tallies at a million matters is
        // hundreds of thousands of sums, and searching the boundaries for each was most of the work.
        var bucketOfDay: [Int] = []
        for bucket in 0..<days.count - 1 {
            bucketOfDay += Array(repeating: bucket, count: max(0, days[bucket + 1] - days[bucket]))
        }
        var result: [String: [Int]] = [:]
        for sum in try await MatterTallies.sums([measure], scope: scope.condition(), fromDay: days.first!, toDay: days.last!, group: group, coarsest: coarsest, on: statements) {
            let offset = sum.day - days.first!
            guard let key = sum.key, bucketOfDay.indices.contains(offset) else { continue }
            result[key, default: Array(repeating: 0, count: days.count - 1)][bucketOfDay[offset]] += sum.n
        }
        return result.filter { $0.value.contains { $0 != 0 } }
    }

    static func monthStarts(from: Date, to: Date) -> [Date] {
        var parts = calendar.dateComponents([.year, .month], from: from)
        parts.day = 1
        var starts = [max(from, calendar.date(from: parts)!)]
        while true {
            let next = calendar.date(byAdding: .month, value: 1, to: calendar.date(from: parts)!)!
            parts = calendar.dateComponents([.year, .month], from: next)
            parts.day = 1
            if next >= to { break }
            starts.append(next)
        }
        starts.append(to)
        return starts
    }

    /// Weeks start on Monday, as the bureau's working week does.
    static func weekStart(of date: Date) -> Date {
        let day = calendar.startOfDay(for: date)
        let weekday = calendar.component(.weekday, from: day)  // 1 = Sunday
        return calendar.date(byAdding: .day, value: -((weekday + 5) % 7), to: day)!
    }

    static func weekStarts(from: Date, to: Date) -> [Date] {
        var starts: [Date] = []
        var start = weekStart(of: from)
        while start < to {
            starts.append(start)
            start = calendar.date(byAdding: .day, value: 7, to: start)!
        }
        starts.append(calendar.date(byAdding: .day, value: 7, to: starts.last ?? weekStart(of: from))!)
        return starts
    }
}

/// The part of the unit tree a barometer covers: a unit and everything under it.
struct BarometerScope: Sendable {
    let unitID: Int
    let kind: UnitKind
    let name: String

    init(_ unit: Unit) {
        unitID = unit.id!
        kind = unit.kind
        name = unit.name
    }

    /// The unit `unitID` (default: the officer's own), if the officer may see it.
    static func resolve(_ unitID: Int?, for who: SignedIn, on db: any Database) async throws -> BarometerScope {
        let placement = try await UnitPlacement.resolve(unitID, for: who, on: db, field: "unit")
        guard let unit = try await Unit.fetch(placement.unitID, on: db) else { throw AppError.notFound("unit") }
        return BarometerScope(unit)
    }

    var reach: Reach { Reach(unitID: unitID, kind: kind) }

    /// Records placed under this unit (`unit_id`, `district_id`, `city_id`).
    func condition(alias: String = "") -> SQLQueryString { reach.sql(.records(alias: alias)) }
}
