import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import LedgerCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// `minyi bench-load --matters N`: a data set for benchmarks — N ledger matters spread over the
/// demo city's units and the past year, each with a complainant (sealed), its round, its events
/// in the hash chain, and for most a reply, a rating and closure. It writes rows in bulk,
/// thousands per statement, because going through the services one matter at a time would
/// take hours at a million; the rows obey every constraint the services' rows do, and
/// `minyi audit verify` passes afterwards. While it loads, the secondary indexes, the tally
/// triggers and (on PostgreSQL) the foreign keys of the tables it fills are off; at the end the
/// indexes are built, the tallies counted and the keys checked, from all the rows at once. (On
/// SQLite the full-text index is written a batch at a time: `SearchIndexByBatch`.) Not for real
/// data, nor with a server running on the database: it refuses a database that holds residents' messages.
struct BenchLoadCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "matters", help: "How many matters to add (default 100000).")
        var matters: String?
        @Option(name: "seed", help: "Random seed (default 1).")
        var seed: String?
    }

    var help: String { "Loads a benchmark data set of N ledger matters in bulk (--matters N); not for real data." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let count = Int(signature.matters ?? "100000"), (1...50_000_000).contains(count) else {
            throw AppError.invalid("--matters", "must be a number from 1 to 50000000")
        }
        guard let seed = UInt64(signature.seed ?? "1") else { throw AppError.invalid("--seed", "must be a whole number") }
        guard try await ResidentMessage.query(on: app.db).count() == 0 else {
            throw AppError.conflict("this database holds residents' messages; load benchmark data into a database of its own")
        }
        var accounts: [DemoCity.Account] = []
        if try await Unit.query(on: app.db).filter(\.$kind == .district).count() == 0 {
            accounts = try await DemoCity.load(into: app)
        }
        let started = Date()
        let loader = try await BenchLoader(app: app, seed: seed)
        try await loader.load(count) { done in
            let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
            context.console.output("\r\(done)/\(count) matters, \(Int(rate))/s ".consoleText(), newLine: false)
        }
        let seconds = Date().timeIntervalSince(started)
        context.console.print("\nloaded \(count) matters in \(String(format: "%.1f", seconds)) s (\(Int(Double(count) / max(seconds, 0.001))) matters/s)")
        context.console.print("  " + loader.phases.map { "\($0.name) \(String(format: "%.1f", $0.seconds)) s" }.joined(separator: ", "))
        for account in accounts { context.console.print("  \(account.username)\t\(account.password)\t\(account.role.rawValue)\t\(account.unit)") }
    }
}

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
        let sql = app.db as! any SQLDatabase
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
        let sql = app.db as! any SQLDatabase
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
                    let tallies = try await MatterTallies.count(on: reader)
                    try await app.write { try await MatterTallies.store(tallies, on: $0 as! any SQLDatabase) }
                }
                jobs.insert(count, at: deferredIndexes?.definitions.firstIndex { $0.sql.contains("USING gin") } == nil ? 0 : 1)
            }
            if let deferredKeys {
                try await app.write { try await deferredKeys.addUnchecked(on: $0 as! any SQLDatabase) }
                let checks = deferredKeys.checks, vacuums = app.isSQLite ? [] : Self.tables.map(Self.vacuum)
                jobs += checks.filter { $0.table != "matters" } + vacuums.filter { $0.table != "matters" }
                    + checks.filter { $0.table == "matters" } + vacuums.filter { $0.table == "matters" }
            }
            try await timed("indexes, tallies and keys") { try await runSideBySide(jobs) }
            try await timed("triggers back") { [suspendedTallies, searchIndex] in
                try await app.write { db in
                    try await suspendedTallies?.resume(on: db as! any SQLDatabase)
                    try await searchIndex.resume(on: db as! any SQLDatabase)
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
                        case .writer: try await self.app.write { try await job.run($0 as! any SQLDatabase) }
                        case .outsideTransaction: try await job.run(self.app.db as! any SQLDatabase)
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
        guard case .sqlite(let path) = app.config.storage else { return try await body(app.db as! any SQLDatabase) }
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
        let sql = app.db as! any SQLDatabase
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
            let sql = db as! any SQLDatabase
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
        let sql = app.db as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        for table in ["matters", "complainants", "matter_rounds", "complainant_rounds"] {
            try await sql.raw("SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), (SELECT MAX(id) FROM \(ident: table)))").run()
        }
        // A vacuum of a table vacuumed already skips its pages marked all-visible.
        try await sql.raw("VACUUM (ANALYZE)").run()
    }
}

/// The secondary indexes of the tables a bulk load fills: dropped before it, and built again
/// from their own definitions after it. Building an index once from all its keys, sorted, is far
/// cheaper than inserting a million scattered keys one at a time (at 200,000 matters the
/// twelve indexes of `matters` were most of SQLite's work). Indexes that hold a constraint
/// (primary keys, unique columns) stay, so the load is still checked by them.
struct DeferredIndexes: Sendable {
    let definitions: [(name: String, sql: String)]

    static func drop(on sql: any SQLDatabase, tables: [String]) async throws -> DeferredIndexes {
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            rows = try await sql.raw("""
                SELECT name, sql FROM sqlite_master
                WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (\(binds: tables))
                ORDER BY name
                """).all()
        } else {
            rows = try await sql.raw("""
                SELECT indexname AS name, indexdef AS sql FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename IN (\(binds: tables)) AND indexdef NOT LIKE 'CREATE UNIQUE%'
                  AND indexname NOT IN (SELECT conname FROM pg_constraint)
                ORDER BY indexname
                """).all()
        }
        let definitions = try rows.map { (name: try $0.decode(column: "name", as: String.self), sql: try $0.decode(column: "sql", as: String.self)) }
        for index in definitions { try await sql.raw("DROP INDEX \(ident: index.name)").run() }
        return DeferredIndexes(definitions: definitions)
    }

    /// A job per dropped index that builds it again (one already there is left as it is), the
    /// full-text index first: it takes longest. Each runs in a transaction of its own, so on
    /// PostgreSQL its build may sort in memory: with the default 64 MB the full-text index of a
    /// million matters was built in pieces and merged.
    var builds: [BenchLoader.SideJob] {
        let longestFirst = definitions.filter { $0.sql.contains("USING gin") } + definitions.filter { !$0.sql.contains("USING gin") }
        return longestFirst.map { index in
            BenchLoader.SideJob(name: index.name, table: nil, place: .writer) { sql in
                // SQLite sorts the keys faster in runs of 64 MB merged than in one run the size of the
                // load's 1 GB cache (30 s against 23 s for an index of 10,000,000 matters).
                if sql.dialect.name == "sqlite" { try await sql.raw("PRAGMA cache_size = -65536").run() }
                else { try await sql.raw("SET LOCAL maintenance_work_mem = '1GB'").run() }
                let exists: Bool
                if sql.dialect.name == "sqlite" {
                    exists = try await sql.raw("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = \(bind: index.name)").first() != nil
                } else {
                    exists = try await sql.raw("SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = \(bind: index.name)").first() != nil
                }
                if !exists { try await sql.raw("\(unsafeRaw: index.sql)").run() }
            }
        }
    }
}

/// On SQLite, the full-text index of a load's matters is written a batch at a time. FTS5 writes
/// the words it holds to disk at the end of every statement, so the trigger that indexes each
/// matter as its row goes in made a piece of the index per statement of 400 matters, and
/// merging those pieces was written again and again (17 s of a million-matter load, against
/// 9 s a batch at a time). The trigger is dropped for the load, each batch indexes its matters
/// in one statement of its own in its transaction, and the trigger is made again from its own
/// text at the end. (PostgreSQL's full-text index is built once, at the end, like the others.)
struct SearchIndexByBatch: Sendable {
    static let triggerName = "matters_search_insert"
    /// The trigger's text, if this load took it away.
    let trigger: String?

    static func take(on sql: any SQLDatabase) async throws -> SearchIndexByBatch {
        guard sql.dialect.name == "sqlite",
              let row = try await sql.raw("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = \(bind: triggerName)").first()
        else { return SearchIndexByBatch(trigger: nil) }
        let trigger = try row.decode(column: "sql", as: String.self)
        try await sql.raw("DROP TRIGGER \(ident: triggerName)").run()
        return SearchIndexByBatch(trigger: trigger)
    }

    /// Indexes the words of the matters with ids in `matters`, as the trigger would have.
    func index(_ matters: ClosedRange<Int>, on sql: any SQLDatabase) async throws {
        guard trigger != nil else { return }
        try await sql.raw("""
            INSERT INTO matter_search (rowid, search_text)
            SELECT id, search_text FROM matters WHERE id BETWEEN \(bind: matters.lowerBound) AND \(bind: matters.upperBound)
            """).run()
    }

    /// Makes the trigger again; one already back is left as it is.
    func resume(on sql: any SQLDatabase) async throws {
        guard let trigger else { return }
        let exists = try await sql.raw("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = \(bind: Self.triggerName)").first() != nil
        if !exists { try await sql.raw("\(unsafeRaw: trigger)").run() }
    }
}

/// The foreign keys of the tables a bulk load fills, on PostgreSQL: dropped before it and added
/// again after it, which checks every loaded row in one join per key. While they stand,
/// PostgreSQL checks each row's keys with a query of its own that also locks the row referred
/// to (fifteen per matter). SQLite checks a key with a lookup in the same b-tree pass and
/// cannot drop one without rebuilding its table: its keys stay.
struct DeferredForeignKeys: Sendable {
    let definitions: [(name: String, table: String, sql: String)]

    static func drop(on sql: any SQLDatabase, tables: [String]) async throws -> DeferredForeignKeys {
        guard sql.dialect.name != "sqlite" else { return DeferredForeignKeys(definitions: []) }
        let rows = try await sql.raw("""
            SELECT c.conname AS name, t.relname AS tbl, pg_get_constraintdef(c.oid) AS sql FROM pg_constraint c
            JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname IN (\(binds: tables))
            ORDER BY t.relname, c.conname
            """).all()
        let definitions = try rows.map {
            (name: try $0.decode(column: "name", as: String.self), table: try $0.decode(column: "tbl", as: String.self), sql: try $0.decode(column: "sql", as: String.self))
        }
        for key in definitions { try await sql.raw("ALTER TABLE \(ident: key.table) DROP CONSTRAINT \(ident: key.name)").run() }
        return DeferredForeignKeys(definitions: definitions)
    }

    /// Adds the keys again without checking the rows already there (`checks` does), so that adding
    /// them waits for no index build; one already there is left as it is.
    func addUnchecked(on sql: any SQLDatabase) async throws {
        for key in definitions {
            let exists = try await sql.raw("""
                SELECT 1 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE c.conname = \(bind: key.name) AND t.relname = \(bind: key.table) AND n.nspname = current_schema()
                """).first() != nil
            if !exists { try await sql.raw("ALTER TABLE \(ident: key.table) ADD CONSTRAINT \(ident: key.name) \(unsafeRaw: key.sql) NOT VALID").run() }
        }
    }

    /// A job per key that checks it against every row, in one join, and marks it valid; a row that
    /// breaks a key fails the load there, with the key named. (Checking a key of `matters` waits
    /// for the builds of its indexes; the load runs those last.)
    var checks: [BenchLoader.SideJob] {
        definitions.map { key in
            BenchLoader.SideJob(name: key.name, table: key.table, place: .writer) { sql in
                try await sql.raw("ALTER TABLE \(ident: key.table) VALIDATE CONSTRAINT \(ident: key.name)").run()
            }
        }
    }
}

/// The tally triggers of the tables a bulk load fills, off while it runs: with them, each
/// matter's rows wrote a dozen change rows and every batch waited for their fold, and
/// `MatterTallies.count` and `store` count the same tallies once at the end from all the rows.
struct SuspendedTallyTriggers: Sendable {
    /// SQLite cannot switch a trigger off: it is dropped and made again from its own text.
    let definitions: [(name: String, table: String, sql: String)]

    static func suspend(on sql: any SQLDatabase) async throws -> SuspendedTallyTriggers {
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            rows = try await sql.raw("""
                SELECT name, tbl_name AS tbl, sql FROM sqlite_master
                WHERE type = 'trigger' AND name LIKE 'matter\\_tallies\\_%' ESCAPE '\\' AND tbl_name IN (\(binds: BenchLoader.tables))
                ORDER BY name
                """).all()
        } else {
            rows = try await sql.raw("""
                SELECT t.tgname AS name, c.relname AS tbl, '' AS sql FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND t.tgname LIKE 'matter\\_tallies\\_%' AND c.relname IN (\(binds: BenchLoader.tables))
                ORDER BY t.tgname
                """).all()
        }
        let definitions = try rows.map {
            (name: try $0.decode(column: "name", as: String.self), table: try $0.decode(column: "tbl", as: String.self), sql: try $0.decode(column: "sql", as: String.self))
        }
        for trigger in definitions {
            if sql.dialect.name == "sqlite" {
                try await sql.raw("DROP TRIGGER \(ident: trigger.name)").run()
            } else {
                try await sql.raw("ALTER TABLE \(ident: trigger.table) DISABLE TRIGGER \(ident: trigger.name)").run()
            }
        }
        return SuspendedTallyTriggers(definitions: definitions)
    }

    /// Puts the triggers back; one already back is left as it is.
    func resume(on sql: any SQLDatabase) async throws {
        for trigger in definitions {
            if sql.dialect.name == "sqlite" {
                let exists = try await sql.raw("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = \(bind: trigger.name)").first() != nil
                if !exists { try await sql.raw("\(unsafeRaw: trigger.sql)").run() }
            } else {
                try await sql.raw("ALTER TABLE \(ident: trigger.table) ENABLE TRIGGER \(ident: trigger.name)").run()
            }
        }
    }
}

/// Rows in the text format of PostgreSQL's `COPY`: a line per row, fields apart by tabs, `\N`
/// for null, and backslash, tab, newline and carriage return escaped in text.
enum CopyText {
    static func rows(_ rows: [[LoadValue]]) -> ByteBuffer {
        var out = ByteBuffer()
        out.reserveCapacity(rows.count * 256)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { out.writeInteger(UInt8(ascii: "\t")) }
                field(value, to: &out)
            }
            out.writeInteger(UInt8(ascii: "\n"))
        }
        return out
    }

    static func field(_ value: LoadValue, to out: inout ByteBuffer) {
        switch value {
        case .text(let text): escaped(text, to: &out)
        case .int(let int): out.writeString(String(int))
        case .date(let date): timestamp(date, to: &out)
        case .bool(let bool): out.writeStaticString(bool ? "t" : "f")
        case .null: out.writeStaticString("\\N")
        }
    }

    /// The text's bytes, runs without a byte to escape written whole.
    private static func escaped(_ text: String, to out: inout ByteBuffer) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for index in bytes.indices {
                let escape: StaticString
                switch bytes[index] {
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\t"): escape = "\\t"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                default: continue
                }
                out.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                out.writeStaticString(escape)
                start = index + 1
            }
            out.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...])))
        }
    }

    /// `yyyy-mm-dd hh:mm:ss.ffffff+00`, to the microsecond, as PostgreSQL keeps it.
    private static func timestamp(_ date: Date, to out: inout ByteBuffer) {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = time_t(micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000)
        let fraction = Int(micros - Int64(seconds) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int, _ width: Int) {
            var text = String(value)
            while text.count < width { text = "0" + text }
            out.writeString(text)
        }
        digits(Int(parts.tm_year) + 1900, 4); out.writeStaticString("-"); digits(Int(parts.tm_mon) + 1, 2); out.writeStaticString("-")
        digits(Int(parts.tm_mday), 2); out.writeStaticString(" "); digits(Int(parts.tm_hour), 2); out.writeStaticString(":")
        digits(Int(parts.tm_min), 2); out.writeStaticString(":"); digits(Int(parts.tm_sec), 2); out.writeStaticString(".")
        digits(fraction, 6); out.writeStaticString("+00")
    }
}

/// A value of a loaded row, of the few types a load writes. Rows were arrays of any
/// `Encodable`: casting each of a batch's values back to its type to encode it, and asking
/// each whether it was an optional holding nothing, was a tenth of a load's work.
enum LoadValue: Sendable, Equatable {
    case int(Int), text(String), date(Date), bool(Bool), null

    init(_ value: Int?) { self = value.map(LoadValue.int) ?? .null }
    init(_ value: String?) { self = value.map(LoadValue.text) ?? .null }
    init(_ value: Date?) { self = value.map(LoadValue.date) ?? .null }
    init(_ value: Bool?) { self = value.map(LoadValue.bool) ?? .null }

    /// As `SQLiteDataEncoder` stores the value (a test holds the two equal).
    var sqliteData: SQLiteData {
        switch self {
        case .int(let int): .integer(int)
        case .text(let text): .text(text)
        case .date(let date): .float(date.timeIntervalSince1970)
        case .bool(let bool): .integer(bool ? 1 : 0)
        case .null: .null
        }
    }
}
