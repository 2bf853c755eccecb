import Fluent
import Foundation
import LedgerCore
import SQLKit
import Testing
@testable import App

/// The matters' tallies, kept by triggers, always equal counts made here from the records
/// themselves: after a simulated stretch of the year, after folding, and through the edits that
/// could trip the triggers (a second overdue record, annulments, a deleted record, a matter
/// moved to another unit with its ratings and records, a rating changed).
@Suite("Matter tallies", .serialized)
struct TallyTests {
    struct Key: Hashable, CustomStringConvertible {
        let measure: String, day: Int, unit: Int, ledger: String, topic: String
        var description: String { "\(measure) day \(day) unit \(unit) \(ledger) \(topic)" }
    }

    /// Every measure, counted from the rows as `MatterTallies.measures` defines it.
    static func expected(on db: any Database) async throws -> [Key: Int] {
        let matters = try await Matter.query(on: db).all()
        let ratings = try await ComplainantRound.query(on: db).all()
        let records = try await AccountabilityRecord.query(on: db).all()
        var counts: [Key: Int] = [:]
        func count(_ measure: String, _ moment: Date?, _ matter: Matter) {
            let day = moment.map(MatterTallies.dayNumber) ?? 0
            // Only the report's counts tell ledgers apart, and only the topic trend topics.
            let ledger = ["registered", "closed"].contains(measure) ? matter.ledger?.rawValue ?? "" : ""
            let topic = measure == "registeredByTopic" ? matter.topic.rawValue : ""
            counts[Key(measure: measure, day: day, unit: matter.unitID, ledger: ledger, topic: topic), default: 0] += 1
        }
        let open: Set<MatterStatus> = [.registered, .open, .handling, .replied]
        let late = Set(records.filter { $0.cause == .overdue && $0.annulledByAppealID == nil }.map(\.matterID))
        var byID: [Int: Matter] = [:]
        for matter in matters {
            byID[matter.id!] = matter
            if matter.ledger != nil {
                count("registered", matter.registeredAt, matter)
                count("registeredByTopic", matter.registeredAt, matter)
                if matter.status == .closed, let closedAt = matter.closedAt { count("closed", closedAt, matter) }
                if matter.status == .closed { count("closedOfRegistered", matter.registeredAt, matter) }
                if late.contains(matter.id!) { count("late", matter.registeredAt, matter) }
            }
            if let escalatedAt = matter.escalatedAt { count("escalated", escalatedAt, matter) }
            if open.contains(matter.status) {
                count("open", nil, matter)
                if matter.chaseLevel > 0 { count("overdue", nil, matter) }
                if matter.escalatedAt != nil { count("escalatedOpen", nil, matter) }
            }
        }
        for rating in ratings {
            guard let ratedAt = rating.ratedAt, let matter = byID[rating.matterID] else { continue }
            count("rated", ratedAt, matter)
            if [Satisfaction.satisfied, .basicallySatisfied].contains(rating.rating) { count("satisfied", ratedAt, matter) }
        }
        for record in records where record.annulledByAppealID == nil {
            guard let matter = byID[record.matterID] else { continue }
            count("records", record.at, matter)
            if record.cause == .dissatisfied { count("reopenings", record.at, matter) }
        }
        return counts
    }

    /// What the tallies and the unfolded changes add up to, by key.
    static func stored(on db: any Database) async throws -> [Key: Int] {
        let rows = try await db.sql.raw("""
            SELECT measure, day, unit_id, ledger, topic, CAST(SUM(n) AS BIGINT) AS n FROM (
              SELECT measure, day, unit_id, ledger, topic, n FROM matter_tallies WHERE measure NOT LIKE '%/%'
              UNION ALL SELECT measure, day, unit_id, ledger, topic, n FROM matter_tally_changes
            ) t GROUP BY measure, day, unit_id, ledger, topic
            """).all()
        var counts: [Key: Int] = [:]
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            guard n != 0 else { continue }
            counts[Key(measure: try row.decode(column: "measure", as: String.self), day: try row.decode(column: "day", as: Int.self),
                       unit: try row.decode(column: "unit_id", as: Int.self), ledger: try row.decode(column: "ledger", as: String.self),
                       topic: try row.decode(column: "topic", as: String.self))] = n
        }
        return counts
    }

    static func compare(_ db: any Database, _ moment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let expected = try await expected(on: db), stored = try await stored(on: db)
        let wrong = Set(expected.keys).union(stored.keys).filter { expected[$0] != stored[$0] }
        #expect(wrong.count == 0, "\(moment): \(wrong.count) tallies differ, e.g. \(wrong.prefix(5).map { "\($0): expected \(expected[$0] ?? 0), stored \(stored[$0] ?? 0)" })",
                sourceLocation: sourceLocation)
        #expect(!expected.isEmpty, "\(moment): there is something to count", sourceLocation: sourceLocation)
        try await compareWeeksAndMonths(db, moment, sourceLocation: sourceLocation)
    }

    /// Each week's and month's tallies equal the sums of their folded days, by Foundation's calendar.
    static func compareWeeksAndMonths(_ db: any Database, _ moment: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let rows = try await db.sql.raw("SELECT measure, day, unit_id, ledger, topic, n FROM matter_tallies").all()
        var expected: [Key: Int] = [:], stored: [Key: Int] = [:]
        for row in rows {
            let measure = try row.decode(column: "measure", as: String.self), day = try row.decode(column: "day", as: Int.self)
            let n = try row.decode(column: "n", as: Int.self)
            func key(_ name: String, _ start: Int) throws -> Key {
                Key(measure: name, day: start, unit: try row.decode(column: "unit_id", as: Int.self),
                    ledger: try row.decode(column: "ledger", as: String.self), topic: try row.decode(column: "topic", as: String.self))
            }
            if measure.contains("/") {
                if n != 0 { stored[try key(measure, day)] = n }
            } else if MatterTallies.dated.contains(measure) {
                let parts = utc.dateComponents([.weekday, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
                expected[try key(measure + "/w", day - (parts.weekday! + 5) % 7), default: 0] += n
                expected[try key(measure + "/m", day - (parts.day! - 1)), default: 0] += n
            }
        }
        expected = expected.filter { $0.value != 0 }
        let wrong = Set(expected.keys).union(stored.keys).filter { expected[$0] != stored[$0] }
        #expect(wrong.count == 0, "\(moment): \(wrong.count) week or month tallies differ, e.g. \(wrong.prefix(5).map { "\($0): expected \(expected[$0] ?? 0), stored \(stored[$0] ?? 0)" })",
                sourceLocation: sourceLocation)
        #expect(stored.isEmpty == expected.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("tallies equal counts from the records through a simulated stretch, folding, and edits that could trip the triggers")
    func talliesMatchRecords() async throws {
        try await withWorld { world in
            let db = world.app.db
            _ = try await BarometerTests.simulate(world, scale: 300)
            try await Self.compare(db, "after the simulation")
            // Work not yet folded, then folded.
            let fresh = try await world.register(summary: "夜间施工噪音扰民")
            try await world.expectOK(world.act(fresh, "vet", as: "a-chief", ["ledger": "complaint"]))
            #expect(try await db.sql.raw("SELECT COUNT(*) AS n FROM matter_tally_changes").first()?.decode(column: "n", as: Int.self) ?? 0 > 0)
            try await Self.compare(db, "with changes not yet folded")
            try await MatterTallies.fold(world.app)
            #expect(try await db.sql.raw("SELECT COUNT(*) AS n FROM matter_tally_changes").first()?.decode(column: "n", as: Int.self) == 0)
            try await Self.compare(db, "after folding")

            // Two overdue records on one vetted matter: late once; annul one, still late; annul both, not late.
            let vetted = try #require(try await Matter.query(on: db).filter(\.$ledger != nil).filter(\.$unitID == world.stationA).first())
            func record(_ cause: AccountabilityRecord.Cause) async throws -> AccountabilityRecord {
                let record = AccountabilityRecord()
                record.matterID = vetted.id!; record.round = vetted.round; record.cause = cause; record.unitID = vetted.unitID
                record.oversightUnitID = world.d1; record.at = TestWorld.t0
                try await record.create(on: db)
                return record
            }
            let first = try await record(.overdue), second = try await record(.overdue)
            try await Self.compare(db, "two overdue records")
            first.annulledByAppealID = 1
            try await first.update(on: db)
            try await Self.compare(db, "one of two annulled")
            second.annulledByAppealID = 1
            try await second.update(on: db)
            try await Self.compare(db, "both annulled")
            let third = try await record(.dissatisfied)
            try await Self.compare(db, "a reopening record")
            try await third.delete(on: db)
            try await first.delete(on: db)
            try await Self.compare(db, "records deleted")

            // A matter with ratings and records moved to another unit takes its tallies with it.
            let rated = try #require(try await ComplainantRound.query(on: db).filter(\.$ratedAt != nil).first())
            let moved = try #require(try await Matter.find(rated.matterID, on: db))
            let target = try #require(try await App.Unit.query(on: db).filter(\.$kind == .station).filter(\.$id != moved.unitID).first())
            moved.unitID = target.id!; moved.districtID = target.districtID
            try await moved.update(on: db)
            try await Self.compare(db, "a matter moved to another station")
            rated.rating = rated.rating == .satisfied ? .dissatisfied : .satisfied
            try await rated.update(on: db)
            try await Self.compare(db, "a rating changed")
            try await MatterTallies.fold(world.app)
            try await Self.compare(db, "folded again")

            // The barometer reads whole weeks and months where it can; its buckets still equal
            // counts from the matters, over a range that starts and ends mid-week and mid-month.
            let city = try #require(try await App.Unit.find(world.city, on: db))
            let barometer = Barometer(app: world.app, scope: BarometerScope(city))
            let vettedMatters = try await Matter.query(on: db).filter(\.$ledger != nil).all()
            let from = Barometer.start(year: 2023, month: 2, day: 15), to = Barometer.start(year: 2023, month: 11, day: 9)
            for period in [Barometer.Period.week, .month] {
                let trend = try await barometer.trend(from: from, to: to, period: period)
                var bounds = period == .week ? Barometer.weekStarts(from: from, to: to) : Barometer.monthStarts(from: from, to: to)
                bounds[0] = max(bounds[0], from)
                bounds[bounds.count - 1] = min(bounds[bounds.count - 1], to)
                var byLedger: [String: [Int]] = [:], byTopic: [String: [Int]] = [:]
                for matter in vettedMatters {
                    guard let bucket = bounds.indices.dropLast().first(where: { bounds[$0] <= matter.registeredAt && matter.registeredAt < bounds[$0 + 1] })
                    else { continue }
                    byLedger[matter.ledger!.rawValue, default: Array(repeating: 0, count: bounds.count - 1)][bucket] += 1
                    byTopic[matter.topic.rawValue, default: Array(repeating: 0, count: bounds.count - 1)][bucket] += 1
                }
                #expect(trend.byLedger == byLedger, "\(period): registered by ledger")
                #expect(trend.byTopic == byTopic, "\(period): registered by topic")
                #expect(byLedger.values.joined().reduce(0, +) > 0)
            }

            // The migration rolls up the days already there.
            let migration = M0035_CreateWeekAndMonthTallies()
            try await migration.revert(on: db)
            let weeks = try await db.sql.raw("SELECT COUNT(*) AS n FROM matter_tallies WHERE measure LIKE '%/w'").first()
            #expect(try weeks?.decode(column: "n", as: Int.self) == 0)
            try await migration.prepare(on: db)
            try await Self.compare(db, "weeks and months rolled up by the migration")
        }
    }

    @Test("on PostgreSQL a fold is skipped while a fold of the same schema runs, and only then")
    func foldLockIsPerSchema() async throws {
        guard TestWorld.usesPostgres else { return }
        try await withWorld { world in
            try await withWorld { other in
                let sql = world.app.db.sql
                func pending() async throws -> Int {
                    try await sql.raw("SELECT COUNT(*) AS n FROM matter_tally_changes").first()!.decode(column: "n", as: Int.self)
                }
                let first = try await world.register(summary: "楼道堆物占用消防通道")
                try await world.expectOK(world.act(first, "vet", as: "a-chief", ["ledger": "complaint"]))
                #expect(try await pending() > 0)
                // Another schema's fold holds its lock: ours goes ahead.
                try await other.app.db.transaction { tx in
                    #expect(try await tx.sql.raw(MatterTallies.foldLock).first()?.decode(column: "locked", as: Bool.self) == true)
                    try await MatterTallies.fold(world.app)
                }
                #expect(try await pending() == 0)
                // A fold of our own schema holds it: ours is skipped, and the figures stay exact.
                let second = try await world.register(summary: "小区门口违停严重")
                try await world.expectOK(world.act(second, "vet", as: "a-chief", ["ledger": "complaint"]))
                try await world.app.db.transaction { tx in
                    #expect(try await tx.sql.raw(MatterTallies.foldLock).first()?.decode(column: "locked", as: Bool.self) == true)
                    try await MatterTallies.fold(world.app)
                }
                #expect(try await pending() > 0)
                try await Self.compare(world.app.db, "after a skipped fold")
            }
        }
    }
}
