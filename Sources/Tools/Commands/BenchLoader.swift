import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import App
import Foundation
import LedgerCore
import YearSimulation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Writes matters in bulk with their complainants, rounds and chained audit events.
final class BenchLoader: @unchecked Sendable {
    private static let rowsPerStatement = 400
    /// Matters per transaction.
    let batchSize: Int

    let app: Application
    private var random: SeededRandom
    private let stations: [Unit]
    private let officers: [Int: (chief: Int, officer: Int)]
    private var nextMatter: Int
    private var nextComplainant: Int
    /// The end of the audit chain as this load has sealed it: events are sealed while their
    /// batch is made, and `write` moves the head only if no one else has.
    private var chainHead: (seq: Int, hash: String)
    private let now: Date
    /// How long each step of the last load took, in order, for the benchmark's report.
    private(set) var phases: [(name: String, seconds: Double)] = []

    private func timed<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        let started = Date()
        defer { phases.append((name, Date().timeIntervalSince(started))) }
        return try await body()
    }

    init(app: Application, seed: UInt64, batchSize: Int = 10_000) async throws {
        self.app = app
        self.batchSize = batchSize
        random = SeededRandom(seed: seed)
        let allStations = try await Unit.query(on: app.db).filter(\.$kind == .station).sort(\.$id).all()
        let all = try await Officer.query(on: app.db).all()
        var officers: [Int: (chief: Int, officer: Int)] = [:]
        for station in allStations {
            let own = all.filter { $0.unitID == station.id }
            if let chief = own.first(where: { $0.role == .stationChief }), let officer = own.first(where: { $0.role == .officer }) {
                officers[station.id!] = (chief.id!, officer.id!)
            }
        }
        self.officers = officers
        // Only stations with a chief and an officer to work their matters.
        stations = allStations.filter { officers[$0.id!] != nil }
        guard !stations.isEmpty else { throw AppError.conflict("no station has both a chief and an officer") }
        let sql = app.db.sql
        nextMatter = (try await sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM matters").first()?.decode(column: "n", as: Int.self) ?? 0) + 1
        nextComplainant = (try await sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM complainants").first()?.decode(column: "n", as: Int.self) ?? 0) + 1
        guard let head = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first() else {
            throw AppError(status: .internalServerError, title: "Audit log missing", detail: "the audit head row is missing")
        }
        chainHead = (try head.decode(column: "seq", as: Int.self), try head.decode(column: "hash", as: String.self))
        now = app.clock.now()
    }

    /// Adds `count` matters, telling `progress` how many are written after each batch. The next
    /// batches are made (text, search words, encoded values) on pool threads while this one is
    /// written, and sealed onto the chain in order. (On an event loop the making would share a
    /// thread with the write's own work, and the load would use one core.)
    func load(_ count: Int, progress: (Int) -> Void = { _ in }) async throws {
        // A benchmark data set is reloaded, not recovered. Its indexes' keys are scattered: with
        // 32 MB of cache, a million matters reread index pages from the kernel for every insert.
        try await app.relaxSQLiteDurability(cacheMB: 1024)
        let sql = app.db.sql
        var deferredIndexes: DeferredIndexes?, suspendedTallies: SuspendedTallyTriggers?, deferredKeys: DeferredForeignKeys?
        var searchIndex = SearchIndexByBatch(trigger: nil)
        // Indexes built, tallies counted and foreign keys checked once at the end, from all the rows
        // at once, two jobs at a time, longest first: the full-text index, the count (on a
        // connection that only reads) and its store, the B-trees, then the keys, and on
        // PostgreSQL each table's vacuum after its keys (`matters` last: the full-text build holds it).
        func catchUp() async throws {
            var jobs = deferredIndexes?.builds ?? []
            if suspendedTallies != nil {
                let count = SideJob(name: "tally count and store", table: nil, place: .reader) { [app] reader in
                    let tallies = try await MatterTallies.count(on: Statements(reader))
                    try await app.write { try await MatterTallies.store(tallies, on: $0.statements) }
                }
                jobs.insert(count, at: deferredIndexes?.definitions.firstIndex { $0.sql.contains("USING gin") } == nil ? 0 : 1)
            }
            if let deferredKeys {
                try await app.write { try await deferredKeys.addUnchecked(on: $0.sql) }
                let checks = deferredKeys.checks, vacuums = app.isSQLite ? [] : Self.tables.map(Self.vacuum)
                jobs += checks.filter { $0.table != "matters" } + vacuums.filter { $0.table != "matters" }
                    + checks.filter { $0.table == "matters" } + vacuums.filter { $0.table == "matters" }
            }
            try await timed("indexes, tallies and keys") { try await runSideBySide(jobs) }
            try await timed("triggers back") { [suspendedTallies, searchIndex] in
                try await app.write { db in
                    try await suspendedTallies?.resume(on: db.sql)
                    try await searchIndex.resume(on: db.sql)
                }
            }
        }
        do {
            deferredIndexes = try await DeferredIndexes.drop(on: sql, tables: Self.tables)
            suspendedTallies = try await SuspendedTallyTriggers.suspend(on: sql)
            deferredKeys = try await DeferredForeignKeys.drop(on: sql, tables: Self.tables)
            searchIndex = try await SearchIndexByBatch.take(on: sql)
            phases = []
            try await timed("batches") {
                var remaining = count
                func startMaking() -> Task<Made, any Error>? {
                    guard remaining > 0 else { return nil }
                    let draft = self.draft(min(batchSize, remaining))
                    remaining -= draft.count
                    return Task { try await self.makeAside(draft) }
                }
                // On PostgreSQL the database's work is another process's: two batches are made
                // while one is written. On SQLite the write is this process's own work and the
                // slower part: one is made while one is written, or the second would take its core.
                var making = (0..<(app.isSQLite ? 1 : 2)).compactMap { _ in startMaking() }
                defer { for task in making { task.cancel() } }
                var batch = try seal(await making.removeFirst().value)
                var done = 0
                while true {
                    if let task = startMaking() { making.append(task) }
                    let next = making.isEmpty ? nil : making.removeFirst()
                    async let upcoming: Batch? = next == nil ? nil : try self.seal(await next!.value)
                    try await write(batch, searchIndex)
                    done += batch.count
                    progress(done)
                    guard let sealed = try await upcoming else { break }
                    batch = sealed
                }
            }
            try await catchUp()
            try await timed("finish") { try await finish() }
        } catch {
            try? await catchUp()
            try? await app.restoreSQLiteDurability()
            throw error
        }
        try await timed("durability") { try await app.restoreSQLiteDurability() }
    }

    /// A step of the load's catching up, and the table it works on, if one.
    struct SideJob: Sendable {
        let name: String
        let table: String?
        let place: Place
        let run: @Sendable (any SQLDatabase) async throws -> Void

        enum Place: Sendable {
            /// A connection of its own that only reads, beside the writer.
            case reader
            /// The writer, in a transaction of the job's own.
            case writer
            /// Any connection, outside a transaction (PostgreSQL's VACUUM refuses to run in one).
            case outsideTransaction
        }
    }

    /// VACUUM and ANALYZE of a loaded table, as autovacuum would soon do on a database in service:
    /// rows written by COPY carry no hint bits and no page is marked all-visible, so until then
    /// every read rechecks each row's transaction and no index-only scan skips the table; and the
    /// planner plans for nearly empty tables (at 100,000 matters the dashboard served 16
    /// requests/s, not 61).
    private static func vacuum(_ table: String) -> SideJob {
        SideJob(name: "vacuum \(table)", table: table, place: .outsideTransaction) { sql in
            try await sql.raw("VACUUM (ANALYZE) \(ident: table)").run()
        }
    }

    /// Runs the jobs two at a time, in order, each on the connection its place names: on two
    /// cores, an index build beside another or beside the count. (On SQLite the builds still take turns: one writer.)
    private func runSideBySide(_ jobs: [SideJob]) async throws {
        let next = NIOLockedValueBox(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    while true {
                        let index = next.withLockedValue { index in defer { index += 1 }; return index }
                        guard index < jobs.count else { return }
                        let job = jobs[index], started = Date()
                        defer { self.app.logger.debug("bench-load: \(job.name) took \(String(format: "%.1f", Date().timeIntervalSince(started))) s") }
                        switch job.place {
                        case .reader: try await self.withReader { try await job.run($0) }
                        case .writer: try await self.app.write { try await job.run($0.sql) }
                        case .outsideTransaction: try await job.run(self.app.db.sql)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs `body` on a connection that only reads, beside the writer: on SQLite a connection of
    /// its own to the file (the pool's one per event loop may be the writer's), on PostgreSQL one from the pool.
    private func withReader<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard case .sqlite(let path) = app.config.storage else { return try await body(app.db.sql) }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: app.threadPool, logger: app.logger,
                                                         on: app.eventLoopGroup.any()).get()
        do {
            // Its sorts (the tallies' GROUP BYs) stay in memory, as the writer's do during a load.
            try await connection.sql().raw("PRAGMA temp_store = MEMORY").run()
            let value = try await body(connection.sql())
            try await connection.close()
            return value
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// The tables a load writes to.
    static let tables = ["matters", "complainants", "matter_rounds", "complainant_rounds", "audit_events"]

    /// One batch of rows, made and written out ready to run.
    struct Batch: Sendable {
        let count: Int
        let matters: ClosedRange<Int>
        /// The matters', complainants', rounds', answers' and events' rows, in that order.
        let writes: [PreparedWrite]
        /// The batch's events are sealed onto the chain after `chainedFrom`.
        let chainedFrom: (seq: Int, hash: String), chainedTo: (seq: Int, hash: String)
    }

    /// Rows of one table as SQLite inserts them (statements of many rows each), or as
    /// PostgreSQL's `COPY` reads them: without parsing and planning a statement per few hundred
    /// rows, which was most of PostgreSQL's work in the load.
    enum PreparedWrite: Sendable {
        case inserts([SQLiteInsert])
        case copy(table: String, columns: [String], data: ByteBuffer)
    }

    /// A statement written out and its values encoded while its batch is made, off the writer's
    /// path, and handed to SQLite as they are. Through SQLKit, each value was encoded on the
    /// writer's event loop between one statement and the next (a fifth of a load's time).
    struct SQLiteInsert: Sendable {
        let sql: String
        let binds: [SQLiteData]
    }

    /// An audit event before it is sealed onto the chain.
    struct Event: Sendable {
        let kind: String, matter: Int, actor: Int, payload: String, at: String
        init(_ kind: String, _ matter: Int, _ actor: Int, _ fields: [String: String], _ at: Date) {
            self.kind = kind; self.matter = matter; self.actor = actor
            payload = AuditChain.canonicalPayload(fields)
            self.at = AuditLog.timestamp(at)
        }
    }

    /// The next batch's first ids and its own randomness, drawn in order; the rest of its making
    /// depends only on these, so batches can be made side by side.
    struct Draft: Sendable {
        let count: Int, firstMatter: Int, firstComplainant: Int, seed: UInt64
    }

    /// A batch's rows, made but not yet on the chain: its events are sealed in order by `seal`.
    struct Made: Sendable {
        let count: Int
        let matters: ClosedRange<Int>
        let writes: [PreparedWrite]
        let events: [Event]
    }

    private func draft(_ count: Int) -> Draft {
        defer { nextMatter += count; nextComplainant += count }
        return Draft(count: count, firstMatter: nextMatter, firstComplainant: nextComplainant, seed: random.next())
    }

    /// Makes a batch on a pool thread while the database writes the one before (on PostgreSQL two
    /// at a time: at a million matters, making batches on one thread was what the load waited for).
    private func makeAside(_ draft: Draft) async throws -> Made {
        try await app.threadPool.runIfActive { try self.make(draft) }
    }

    /// Makes the rows of the matters `draft` names. Reads nothing the load changes, so two may run at once.
    private func make(_ draft: Draft) throws -> Made {
        var random = SeededRandom(seed: draft.seed)
        let count = draft.count
        let cipher = app.cipher
        let calendar = WorkingCalendar()
        var matters: [[LoadValue]] = [], complainants: [[LoadValue]] = []
        var rounds: [[LoadValue]] = [], answers: [[LoadValue]] = []
        var events: [Event] = []
        for offset in 0..<count {
            let id = draft.firstMatter + offset, complainant = draft.firstComplainant + offset
            let station = stations[random.int(0...(stations.count - 1))]
            let staff = officers[station.id!]!
            let ledger = Ledger.allCases[random.weighted([29, 44, 27])]
            let topic = MatterTopic.allCases[random.int(0...(MatterTopic.allCases.count - 1))]
            let (summary, details) = SimulatedText.ask(topic: topic, &random)
            let registered = now.addingTimeInterval(-Double(random.int(3_600...(365 * 86_400))))
            let stage = random.weighted([10, 15, 15, 60])  // open, handling, replied, closed
            let status: MatterStatus = [.open, .handling, .replied, .closed][stage]
            let reference = LedgerService.reference(id: id, at: registered, calendar: calendar)
            let closedAt = status == .closed ? registered.addingTimeInterval(Double(random.int(86_400...(20 * 86_400)))) : nil
            let person = SimulatedText.person(&random, withID: false, withAddress: false)
            matters.append([
                .int(id), .text(reference), .text(ledger.rawValue), .text(status.rawValue), .int(stage + 2), .int(1), .int(0),
                .text(SourceChannel.walkIn.rawValue), .text(summary), .text(details), .int(station.id!), LoadValue(station.districtID),
                .int(station.cityRootID), LoadValue(stage >= 1 ? staff.officer : nil), .date(registered),
                LoadValue(status == .closed || status == .replied ? nil : registered.addingTimeInterval(15 * 86_400)), .int(0),
                LoadValue(closedAt), .int(staff.officer), .text(topic.rawValue),
                .text(SearchGrams.document(summary + " " + details)),
            ])
            complainants.append([.int(complainant), .int(id), .text(try cipher.seal(person.name)), .text(try cipher.seal(person.phone)),
                                 .text(cipher.digest(person.phone))])
            let result = stage >= 2 ? SimulatedText.result(&random) : nil
            let closed = status == .closed
            rounds.append([.int(id), .int(1), .date(registered), LoadValue(result), LoadValue(result == nil ? nil : staff.officer),
                           LoadValue(closed ? true : nil), LoadValue(closed ? summary : nil), LoadValue(closed ? "已办结：" + (result ?? "") : nil),
                           LoadValue(closed ? staff.chief : nil), LoadValue(closed ? staff.officer : nil), LoadValue(closed ? "按期办结" : nil),
                           LoadValue(closed ? staff.chief : nil)])
            let replied = stage >= 2
            answers.append([.int(id), .int(1), .int(complainant), LoadValue(replied ? SimulatedText.reply(result: result ?? "", &random) : nil),
                            LoadValue(replied ? staff.officer : nil), LoadValue(replied ? registered.addingTimeInterval(3 * 86_400) : nil),
                            LoadValue(closed ? Satisfaction.satisfied.rawValue : nil), LoadValue(closed ? "" : nil),
                            LoadValue(closed ? registered.addingTimeInterval(4 * 86_400) : nil)])
            events.append(Event("registered", id, staff.officer, ["reference": reference, "unit": String(station.id!), "summary": AuditLog.digest(summary)], registered))
            events.append(Event("vetted", id, staff.chief, ["round": "1", "ledger": ledger.rawValue], registered.addingTimeInterval(3_600)))
            if let closedAt { events.append(Event("closed", id, staff.chief, ["round": "1"], closedAt)) }
        }
        let writes = [("matters", Self.matterColumns, matters), ("complainants", Self.complainantColumns, complainants),
                      ("matter_rounds", Self.roundColumns, rounds), ("complainant_rounds", Self.answerColumns, answers)].map { table, columns, rows in
            prepared(table, columns, rows)
        }
        return Made(count: count, matters: draft.firstMatter...(draft.firstMatter + count - 1), writes: writes, events: events)
    }

    /// Seals a made batch's events onto the chain after the last batch sealed. Batches are sealed
    /// one at a time, in the order they were drafted.
    func seal(_ made: Made) throws -> Batch {
        let chainedFrom = chainHead
        var sealed: [[LoadValue]] = []
        sealed.reserveCapacity(made.events.count)
        for event in made.events {
            let record = AuditChain.seal(seq: chainHead.seq + 1, at: event.at, kind: event.kind, matterID: event.matter, actorID: event.actor,
                                         payload: event.payload, previous: chainHead.hash)
            chainHead = (record.seq, record.hash)
            sealed.append([.int(record.seq), .text(record.at), .text(record.kind), LoadValue(record.matterID), LoadValue(record.actorID),
                           .text(record.payload), .text(record.prevHash), .text(record.hash)])
        }
        let writes = made.writes + [prepared("audit_events", Self.eventColumns, sealed)]
        return Batch(count: made.count, matters: made.matters, writes: writes, chainedFrom: chainedFrom, chainedTo: chainHead)
    }

    /// `rows` as SQLite inserts them or as PostgreSQL copies them.
    private func prepared(_ table: String, _ columns: [String], _ rows: [[LoadValue]]) -> PreparedWrite {
        app.isSQLite ? .inserts(inserts(table, columns, rows)) : .copy(table: table, columns: columns, data: CopyText.rows(rows))
    }

    private static let matterColumns = ["id", "reference", "ledger", "status", "version", "round", "oversight_level", "channel", "summary", "details",
                                        "unit_id", "district_id", "city_id", "handler_id", "registered_at", "deadline_at", "chase_level", "closed_at",
                                        "registered_by", "topic", "search_text"]
    private static let complainantColumns = ["id", "matter_id", "name_sealed", "phone_sealed", "phone_digest"]
    private static let roundColumns = ["matter_id", "round", "started_at", "result", "result_by", "published", "public_asked", "public_summary",
                                       "publication_by", "answerable_officer_id", "accountability_finding", "accountability_by"]
    private static let answerColumns = ["matter_id", "round", "complainant_id", "reply", "replied_by", "replied_at", "rating", "rating_comment", "rated_at"]
    private static let eventColumns = ["seq", "at", "kind", "matter_id", "actor_id", "payload", "prev_hash", "hash"]

    /// `rows` as insert statements of up to `rowsPerStatement` rows each. A statement's text
    /// depends only on its table and row count, so it is written once (SQLKit spent more time
    /// writing out a million matters' statements than SQLite spent inserting them).
    private func inserts(_ table: String, _ columns: [String], _ rows: [[LoadValue]]) -> [SQLiteInsert] {
        stride(from: 0, to: rows.count, by: Self.rowsPerStatement).map { start in
            let chunk = rows[start..<min(start + Self.rowsPerStatement, rows.count)]
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columns.count)
            for row in chunk { for value in row { binds.append(value.sqliteData) } }
            return SQLiteInsert(sql: insertText(table, columns, rows: chunk.count), binds: binds)
        }
    }

    /// Batches are made side by side: the texts written so far are shared under a lock.
    private let insertTexts = NIOLockedValueBox([String: String]())

    private func insertText(_ table: String, _ columns: [String], rows: Int) -> String {
        let key = "\(table) \(rows)"
        if let text = insertTexts.withLockedValue({ $0[key] }) { return text }
        let sql = app.db.sql
        var builder = sql.insert(into: table).columns(columns)
        let placeholders = columns.map { _ in SQLBind(0) }
        for _ in 0..<rows { builder = builder.values(placeholders) }
        var serializer = SQLSerializer(database: sql)
        builder.query.serialize(to: &serializer)
        insertTexts.withLockedValue { $0[key] = serializer.sql }
        return serializer.sql
    }

    /// Writes a batch in one transaction, if the audit chain still ends where its events were sealed after.
    func write(_ batch: Batch, _ searchIndex: SearchIndexByBatch) async throws {
        try await app.write { db in
            let sql = db.sql
            let moved = try await sql.raw("""
                UPDATE audit_head SET seq = \(bind: batch.chainedTo.seq), hash = \(bind: batch.chainedTo.hash)
                WHERE id = 1 AND seq = \(bind: batch.chainedFrom.seq) AND hash = \(bind: batch.chainedFrom.hash) RETURNING id
                """).first() != nil
            guard moved else { throw AppError.conflict("the audit log was written to during the load; load benchmark data into a database of its own") }
            for write in batch.writes {
                switch write {
                case .inserts(let statements):
                    let sqlite = db as! any SQLiteDatabase
                    for statement in statements { try await sqlite.query(statement.sql, statement.binds, logger: self.app.logger) { _ in }.get() }
                case .copy(let table, let columns, let data):
                    try await Self.copy(data, into: table, columns: columns, on: db, logger: self.app.logger)
                }
            }
            try await searchIndex.index(batch.matters, on: sql)
        }
    }

    /// Runs `COPY table (columns) FROM STDIN` with `data` (`CopyText`) on the connection of `db` (PostgreSQL).
    static func copy(_ data: ByteBuffer, into table: String, columns: [String], on db: any Database, logger: Logger) async throws {
        try await (db as! any PostgresDatabase).withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { try await $0.write(data) }
            }
        }.get()
    }

    /// On PostgreSQL the id sequences must move past the ids given here, and the tallies stored
    /// need their statistics too (the loaded tables were vacuumed as they caught up).
    private func finish() async throws {
        let sql = app.db.sql
        guard sql.dialect.name != "sqlite" else { return }
        for table in ["matters", "complainants", "matter_rounds", "complainant_rounds"] {
            try await sql.raw("SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), (SELECT MAX(id) FROM \(ident: table)))").run()
        }
        // A vacuum of a table vacuumed already skips its pages marked all-visible.
        try await sql.raw("VACUUM (ANALYZE)").run()
    }
}

