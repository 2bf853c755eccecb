import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// Counts of matters per measure, day, unit and ledger (or, for the topic trends, topic), kept by
/// database triggers, so the barometer sums tally rows (at most units × ledgers a day) instead of
/// scanning every matter of the period. Ledger and topic are not crossed: that would make nearly
/// a row per matter.
///
/// Triggers on `matters`, `complainant_rounds` and `accountability_records` append a change row
/// (+1 or −1) for every measure a write moves; they never update a shared row, so concurrent
/// writers on PostgreSQL never wait on each other or deadlock. `fold` moves the changes into
/// `matter_tallies` now and then; readers add the two, so the figures are exact at any moment.
/// Each measure is defined once below; the triggers and the initial fill are generated from it.
package enum MatterTallies {
    /// What a measure counts. `moment` and `condition` are SQL over the counted row, written `$`.
    struct Measure: Sendable {
        enum Source: Sendable {
            /// One per matter (`$` is the matter).
            case matter
            /// One per complainant's answer of a round (`$` is the complainant_rounds row).
            case rating
            /// One per accountability record (`$` is the accountability_records row).
            case record
        }

        let name: String
        let source: Source
        /// SQL for the moment counted (nil: a standing count, kept on day 0).
        let moment: String?
        let condition: String
        /// What a tally row tells apart besides day and unit: the ledger (for the report's table),
        /// the topic (for the trends), or nothing (for the scorecards).
        var detail = Detail.none

        enum Detail: Sendable { case none, ledger, topic }
    }

    static let openStatuses = "('registered', 'open', 'handling', 'replied')"

    /// Mirrors the barometer's definitions (see `Barometer`): registered and closed count vetted
    /// matters (a ledger chosen); "late" matters have a standing overdue accountability record.
    static let measures: [Measure] = [
        Measure(name: "registered", source: .matter, moment: "$.registered_at", condition: "$.ledger IS NOT NULL", detail: .ledger),
        Measure(name: "registeredByTopic", source: .matter, moment: "$.registered_at", condition: "$.ledger IS NOT NULL", detail: .topic),
        Measure(name: "closed", source: .matter, moment: "$.closed_at",
                condition: "$.ledger IS NOT NULL AND $.status = 'closed' AND $.closed_at IS NOT NULL", detail: .ledger),
        Measure(name: "closedOfRegistered", source: .matter, moment: "$.registered_at",
                condition: "$.ledger IS NOT NULL AND $.status = 'closed'"),
        Measure(name: "late", source: .matter, moment: "$.registered_at",
                condition: "$.ledger IS NOT NULL AND EXISTS (SELECT 1 FROM accountability_records late WHERE late.matter_id = $.id AND late.cause = 'overdue' AND late.annulled_by_appeal_id IS NULL)"),
        Measure(name: "escalated", source: .matter, moment: "$.escalated_at", condition: "$.escalated_at IS NOT NULL"),
        Measure(name: "open", source: .matter, moment: nil, condition: "$.status IN \(openStatuses)"),
        Measure(name: "overdue", source: .matter, moment: nil, condition: "$.status IN \(openStatuses) AND $.chase_level > 0"),
        Measure(name: "escalatedOpen", source: .matter, moment: nil, condition: "$.status IN \(openStatuses) AND $.escalated_at IS NOT NULL"),
        Measure(name: "rated", source: .rating, moment: "$.rated_at", condition: "$.rated_at IS NOT NULL"),
        Measure(name: "satisfied", source: .rating, moment: "$.rated_at",
                condition: "$.rated_at IS NOT NULL AND $.rating IN ('satisfied', 'basicallySatisfied')"),
        Measure(name: "records", source: .record, moment: "$.at", condition: "$.annulled_by_appeal_id IS NULL"),
        Measure(name: "reopenings", source: .record, moment: "$.at", condition: "$.annulled_by_appeal_id IS NULL AND $.cause = 'dissatisfied'"),
    ]

    /// The bureau's offset from UTC: Beijing keeps no summer time, so one number serves every day.
    static let bureauOffset = WorkingCalendar.bureauTimeZone.secondsFromGMT()

    /// The bureau's day of a moment, as days since 1970-01-01 in the bureau's time.
    static func dayNumber(_ date: Date) -> Int { Int(((date.timeIntervalSince1970 + Double(bureauOffset)) / 86_400).rounded(.down)) }

    static func dayExpression(_ moment: String?, dialect: String) -> String {
        guard let moment else { return "0" }
        return dialect == "sqlite"
            ? "CAST((\(moment) + \(bureauOffset)) / 86400 AS INTEGER)"
            : "CAST(FLOOR((EXTRACT(EPOCH FROM \(moment)) + \(bureauOffset)) / 86400) AS BIGINT)"
    }

    private static let columns = "measure, day, unit_id, district_id, city_id, ledger, topic, n"

    /// The ledger and topic columns of a measure's tally rows ('' where it does not tell them apart).
    private static func details(_ matter: String, _ measure: Measure) -> [String] {
        switch measure.detail {
        case .none: ["''", "''"]
        case .ledger: ["COALESCE(\(matter).ledger, '')", "''"]
        case .topic: ["''", "\(matter).topic"]
        }
    }

    // The triggers that keep the tallies are frozen in M0032 and M0033 (their SQL as these
    // measures made it on 2026-12-04). A change to a measure needs a migration that replaces
    // them; the generator that wrote them is in git history (`matterChanges` and
    // `childChanges` in this file at commit f6a1284).

    /// A `SELECT` per measure of its day tallies, counted from all the rows.
    static func initialCounts(dialect: String) -> [String] {
        measures.map { measure in
            let counted: String, from: String
            switch measure.source {
            case .matter: (counted, from) = ("m", "matters m")
            case .rating: (counted, from) = ("c", "complainant_rounds c JOIN matters m ON m.id = c.matter_id")
            case .record: (counted, from) = ("c", "accountability_records c JOIN matters m ON m.id = c.matter_id")
            }
            let day = dayExpression(measure.moment, dialect: dialect).replacingOccurrences(of: "$", with: counted)
            let detail = details("m", measure), (ledger, topic) = (detail[0], detail[1])
            return """
                SELECT '\(measure.name)' AS measure, \(day) AS d, m.unit_id AS unit_id, MAX(m.district_id) AS district_id, MAX(m.city_id) AS city_id,
                  \(ledger) AS l, \(topic) AS t, COUNT(*) AS n
                FROM \(from) WHERE \(measure.condition.replacingOccurrences(of: "$", with: counted))
                GROUP BY d, m.unit_id, l, t
                """
        }
    }

    /// A day tally as `count` reads it and `store` writes it.
    package struct Counted: Sendable {
        let measure: String, day: Int, unit: Int, district: Int?, city: Int, ledger: String, topic: String, n: Int
    }

    /// Counts every day tally from the rows, as the migrations first did, and writes nothing: a
    /// bulk load counts on a connection of its own while its writer builds indexes.
    package static func count(on statements: Statements) async throws -> [Counted] {
        var counted: [Counted] = []
        for statement in initialCounts(dialect: statements.dialectName) {
            for row in try await statements.rows(SQLQueryString(statement), as: CountedRow.self) {
                counted.append(Counted(measure: row.measure, day: row.d, unit: row.unitId, district: row.districtId, city: row.cityId,
                                       ledger: row.l, topic: row.t, n: row.n))
            }
        }
        return counted
    }

    private struct CountedRow: Decodable {
        let measure: String, d: Int, unitId: Int, districtId: Int?, cityId: Int, l: String, t: String, n: Int
    }

    /// Replaces every tally with the day tallies `counted` and their weeks and months. For a
    /// bulk load that ran without the tally triggers; the caller holds the only writer, and
    /// nothing was written since the count.
    package static func store(_ counted: [Counted], on statements: Statements) async throws {
        try await statements.run("DELETE FROM matter_tally_changes")
        try await statements.run("DELETE FROM matter_tallies")
        for start in stride(from: 0, to: counted.count, by: 500) {
            try await statements.insert(into: "matter_tallies", columns: ["measure", "day", "unit_id", "district_id", "city_id", "ledger", "topic", "n"],
                                        values: counted[start..<min(start + 500, counted.count)].map { tally in
                [tally.measure, tally.day, tally.unit, tally.district, tally.city, tally.ledger, tally.topic, tally.n]
            })
        }
        for grain in [TallyGrain.week, .month] {
            try await statements.run("INSERT INTO matter_tallies (\(unsafeRaw: columns)) \(unsafeRaw: rollUp("matter_tallies", grain, dialect: statements.dialectName))")
        }
    }

    // MARK: - Weeks and months

    /// Measures counted at a moment. Standing counts (day 0) have no weeks or months.
    static var dated: [String] { measures.filter { $0.moment != nil }.map(\.name) }

    /// Besides each day's tally, `fold` keeps each week's (at its Monday) and month's (at its 1st)
    /// under the measure's name with this suffix: a city's year is then a few thousand rows to
    /// add up, not the hundreds of thousands of its days (most of the dashboard's time at a million matters).
    static func name(_ measure: String, _ grain: TallyGrain) -> String {
        switch grain {
        case .day: measure
        case .week: measure + "/w"
        case .month: measure + "/m"
        }
    }

    /// SQL for the first day of the period holding day number `day`, as `TallyGrain.start(of:)`.
    static func periodStart(_ day: String, _ grain: TallyGrain, dialect: String) -> String {
        switch grain {
        case .day: day
        case .week: "(\(day) - (\(day) + 3) % 7)"
        case .month: dialect == "sqlite"
            ? "CAST(julianday(date(\(day) * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)"
            : "(CAST(date_trunc('month', DATE '1970-01-01' + CAST(\(day) AS INTEGER)) AS DATE) - DATE '1970-01-01')"
        }
    }

    /// `SELECT`s of the week's or month's tallies of day-tally rows `from` (the changes, or the tallies themselves).
    static func rollUp(_ from: String, _ grain: TallyGrain, dialect: String, filter: String = "") -> String {
        let names = dated.map { "'\($0)'" }.joined(separator: ", ")
        return """
            SELECT measure || '\(name("", grain))', \(periodStart("day", grain, dialect: dialect)), unit_id, MAX(district_id), MAX(city_id), ledger, topic, SUM(n)
            FROM \(from) WHERE measure IN (\(names))\(filter) GROUP BY 1, 2, unit_id, ledger, topic HAVING SUM(n) <> 0
            """
    }

    // MARK: - Folding

    /// Takes the fold's lock on PostgreSQL until the transaction ends, if no one holds it. Advisory
    /// locks are per database and the tallies per schema: the key names the schema too, so a fold
    /// in one schema never makes another schema's fold skip.
    static let foldLock: SQLQueryString = "SELECT pg_try_advisory_xact_lock(7310, hashtext(current_schema())) AS locked"

    /// Moves the change rows into the tallies. On PostgreSQL one fold runs at a time (an advisory
    /// lock; a busy fold is skipped), and the rows deleted are exactly the rows added up.
    package static func fold(_ app: Application) async throws {
        try await app.write { db in
            let statements = db.statements
            let upsert = "ON CONFLICT (measure, day, unit_id, ledger, topic) DO UPDATE SET n = matter_tallies.n + excluded.n"
            if statements.dialect == .sqlite {
                // One writer at a time: the ids below the top are all there is.
                guard let top = try await statements.value("SELECT MAX(id) AS top FROM matter_tally_changes", column: "top", as: Int?.self) ?? nil else { return }
                try await statements.run("""
                    INSERT INTO matter_tallies (\(unsafeRaw: columns))
                    SELECT measure, day, unit_id, MAX(district_id), MAX(city_id), ledger, topic, SUM(n) FROM matter_tally_changes
                    WHERE id <= \(bind: top) GROUP BY measure, day, unit_id, ledger, topic HAVING SUM(n) <> 0 \(unsafeRaw: upsert)
                    """)
                for grain in [TallyGrain.week, .month] {
                    let rolled = rollUp("matter_tally_changes", grain, dialect: "sqlite", filter: " AND id <= \(top)")
                    try await statements.run("INSERT INTO matter_tallies (\(unsafeRaw: columns)) \(unsafeRaw: rolled) \(unsafeRaw: upsert)")
                }
                try await statements.run("DELETE FROM matter_tally_changes WHERE id <= \(bind: top)")
            } else {
                let locked = try await statements.value(foldLock, column: "locked", as: Bool.self)
                guard locked == true else { return }
                try await statements.run("""
                    WITH moved AS (DELETE FROM matter_tally_changes RETURNING measure, day, unit_id, district_id, city_id, ledger, topic, n),
                    weeks AS (\(unsafeRaw: rollUp("moved", .week, dialect: "postgresql"))),
                    months AS (\(unsafeRaw: rollUp("moved", .month, dialect: "postgresql")))
                    INSERT INTO matter_tallies (\(unsafeRaw: columns))
                    SELECT measure, day, unit_id, MAX(district_id), MAX(city_id), ledger, topic, SUM(n) FROM moved
                    GROUP BY measure, day, unit_id, ledger, topic HAVING SUM(n) <> 0
                    UNION ALL SELECT * FROM weeks UNION ALL SELECT * FROM months \(unsafeRaw: upsert)
                    """)
            }
        }
    }

    // MARK: - Reading

    /// Sums of `measures` in the scope over days [fromDay, toDay), per measure, value of `group`
    /// (a column of the tallies: ledger, topic, unit_id, district_id; nil for none) and, if
    /// `byDay`, period (else every sum is given `fromDay`). Periods are read as weeks or months
    /// where whole ones lie in the range, never coarser than `coarsest`: a sum's day is then the
    /// first of its period, so callers bucketing by day need buckets made of whole such periods.
    static func sums(_ measures: [String], scope: SQLQueryString, fromDay: Int, toDay: Int, group: String?, byDay: Bool = true,
                     coarsest: TallyGrain = .day, on statements: Statements) async throws -> [(measure: String, key: String?, day: Int, n: Int)] {
        // PostgreSQL refuses a constant in GROUP BY, so without a group the key is left out of it.
        let key: SQLQueryString = group.map { "CAST(\(ident: $0) AS VARCHAR(40))" } ?? "CAST(NULL AS VARCHAR(40))"
        var grouped: [String] = ["measure"]
        if let group { grouped.append(group) }
        if byDay { grouped.append("day") }
        let day: SQLQueryString = byDay ? "day" : "\(bind: fromDay)"
        let grains = Set(measures).isSubset(of: dated) ? coarsest : .day
        // The unfolded changes are days only.
        var reads = TallyGrain.spans(from: fromDay, to: toDay, coarsest: grains).map { (table: "matter_tallies", span: $0) }
        reads.append((table: "matter_tally_changes", span: (grain: .day, from: fromDay, to: toDay)))
        // One statement, one round trip: each table and span grouped on its own (on its index)
        // and the arms concatenated with UNION ALL, which neither sorts nor merges them; the
        // arms' rows for one key are added up here.
        struct Key: Hashable { let measure: String, key: String?, day: Int }
        struct Sum: Decodable { let measure: String, key: String?, day: Int, n: Int }
        let arms: [SQLQueryString] = reads.map { table, span in
            let names = SQLList(measures.map { SQLBind(name($0, span.grain)) })
            return """
                SELECT measure, \(key) AS key, \(day) AS day, CAST(SUM(n) AS BIGINT) AS n FROM \(ident: table)
                WHERE measure IN (\(names)) AND day >= \(bind: span.from) AND day < \(bind: span.to) AND \(scope)
                GROUP BY \(SQLList(grouped.map { SQLIdentifier($0) }))
                """
        }
        var sums: [Key: Int] = [:]
        for row in try await statements.rows(arms.joined(separator: "\nUNION ALL\n"), as: Sum.self) {
            sums[Key(measure: String(row.measure.prefix { $0 != "/" }), key: row.key, day: row.day), default: 0] += row.n
        }
        return sums.map { (measure: $0.key.measure, key: $0.key.key, day: $0.key.day, n: $0.value) }
    }
}
