import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// `minyi bench-load --matters N`: a data set for benchmarks — N ledger matters spread over the
/// demo city's units and the past year, each with a complainant (sealed), its round, its events
/// in the hash chain, and for most a reply, a rating and closure. It writes rows in bulk,
/// thousands per statement, because going through the services one matter at a time would
/// take hours at a million; the rows obey every constraint the services' rows do, and
/// `minyi audit verify` passes afterwards. Not for real data: it refuses a database that
/// holds residents' messages.
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
    private let now: Date

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
        now = app.clock.now()
    }

    /// Adds `count` matters, telling `progress` how many are written after each batch. The next
    /// batch is made (text, sealing, search words) while this one is written: two cores, two jobs.
    func load(_ count: Int, progress: (Int) -> Void = { _ in }) async throws {
        // A benchmark data set is reloaded, not recovered. Its indexes' keys are scattered: with
        // 32 MB of cache, a million matters reread index pages from the kernel for every insert.
        try await app.relaxSQLiteDurability(cacheMB: 1024)
        do {
            var batch = try prepare(min(batchSize, count))
            var done = 0
            while true {
                let nextCount = min(batchSize, count - done - batch.count)
                async let upcoming: Batch? = nextCount > 0 ? try prepare(nextCount) : nil
                try await write(batch)
                try await MatterTallies.fold(app)
                done += batch.count
                progress(done)
                guard let prepared = try await upcoming else { break }
                batch = prepared
            }
            try await finish()
        } catch {
            try? await app.restoreSQLiteDurability()
            throw error
        }
        try await app.restoreSQLiteDurability()
    }

    /// One batch of rows, made and ready to write.
    struct Batch: Sendable {
        let count: Int
        let matters: [[any SQLExpression]], complainants: [[any SQLExpression]]
        let rounds: [[any SQLExpression]], answers: [[any SQLExpression]]
        let events: [Event]
    }

    /// An audit event with its payload already in canonical form; only sealing it onto the chain is left.
    struct Event: Sendable {
        let kind: String, matter: Int, actor: Int, payload: String, at: String
        init(_ kind: String, _ matter: Int, _ actor: Int, _ fields: [String: String], _ at: Date) {
            self.kind = kind; self.matter = matter; self.actor = actor
            payload = AuditChain.canonicalPayload(fields)
            self.at = AuditLog.timestamp(at)
        }
    }

    /// Makes the next `count` matters. Not to be called twice at once (it draws the ids and the randomness).
    func prepare(_ count: Int) throws -> Batch {
        let cipher = app.cipher
        let calendar = WorkingCalendar()
        var matters: [[any SQLExpression]] = [], complainants: [[any SQLExpression]] = []
        var rounds: [[any SQLExpression]] = [], answers: [[any SQLExpression]] = []
        var events: [Event] = []
        for _ in 0..<count {
            let id = nextMatter, complainant = nextComplainant
            nextMatter += 1
            nextComplainant += 1
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
                SQLBind(id), SQLBind(reference), SQLBind(ledger.rawValue), SQLBind(status.rawValue), SQLBind(stage + 2), SQLBind(1), SQLBind(0),
                SQLBind(SourceChannel.walkIn.rawValue), SQLBind(summary), SQLBind(details), SQLBind(station.id!), SQLBind(station.districtID),
                SQLBind(station.cityRootID), SQLBind(stage >= 1 ? staff.officer : nil), SQLBind(registered),
                SQLBind(status == .closed || status == .replied ? nil : registered.addingTimeInterval(15 * 86_400)), SQLBind(0),
                SQLBind(closedAt), SQLBind(staff.officer), SQLBind(topic.rawValue),
                SQLBind(SearchGrams.document([reference, summary, details].joined(separator: " "))),
            ])
            complainants.append([SQLBind(complainant), SQLBind(id), SQLBind(try cipher.seal(person.name)), SQLBind(try cipher.seal(person.phone)),
                                 SQLBind(cipher.digest(person.phone))])
            let result = stage >= 2 ? SimulatedText.result(&random) : nil
            let closed = status == .closed
            rounds.append([SQLBind(id), SQLBind(1), SQLBind(registered), SQLBind(result), SQLBind(result == nil ? nil : staff.officer),
                           SQLBind(closed ? true : nil), SQLBind(closed ? summary : nil), SQLBind(closed ? "已办结：" + (result ?? "") : nil),
                           SQLBind(closed ? staff.chief : nil), SQLBind(closed ? staff.officer : nil), SQLBind(closed ? "按期办结" : nil),
                           SQLBind(closed ? staff.chief : nil)])
            let replied = stage >= 2
            answers.append([SQLBind(id), SQLBind(1), SQLBind(complainant), SQLBind(replied ? SimulatedText.reply(result: result ?? "", &random) : nil),
                            SQLBind(replied ? staff.officer : nil), SQLBind(replied ? registered.addingTimeInterval(3 * 86_400) : nil),
                            SQLBind(closed ? Satisfaction.satisfied.rawValue : nil), SQLBind(closed ? "" : nil),
                            SQLBind(closed ? registered.addingTimeInterval(4 * 86_400) : nil)])
            events.append(Event("registered", id, staff.officer, ["reference": reference, "unit": String(station.id!), "summary": AuditLog.digest(summary)], registered))
            events.append(Event("vetted", id, staff.chief, ["round": "1", "ledger": ledger.rawValue], registered.addingTimeInterval(3_600)))
            if let closedAt { events.append(Event("closed", id, staff.chief, ["round": "1"], closedAt)) }
        }
        return Batch(count: count, matters: matters, complainants: complainants, rounds: rounds, answers: answers, events: events)
    }

    /// Writes a batch in one transaction, its events sealed onto the chain after the last.
    func write(_ batch: Batch) async throws {
        let matterColumns = ["id", "reference", "ledger", "status", "version", "round", "oversight_level", "channel", "summary", "details",
                             "unit_id", "district_id", "city_id", "handler_id", "registered_at", "deadline_at", "chase_level", "closed_at",
                             "registered_by", "topic", "search_text"]
        let complainantColumns = ["id", "matter_id", "name_sealed", "phone_sealed", "phone_digest"]
        let roundColumns = ["matter_id", "round", "started_at", "result", "result_by", "published", "public_asked", "public_summary",
                            "publication_by", "answerable_officer_id", "accountability_finding", "accountability_by"]
        let answerColumns = ["matter_id", "round", "complainant_id", "reply", "replied_by", "replied_at", "rating", "rating_comment", "rated_at"]
        try await app.write { db in
            let sql = db as! any SQLDatabase
            try await Self.insert(sql, "matters", matterColumns, batch.matters)
            try await Self.insert(sql, "complainants", complainantColumns, batch.complainants)
            try await Self.insert(sql, "matter_rounds", roundColumns, batch.rounds)
            try await Self.insert(sql, "complainant_rounds", answerColumns, batch.answers)
            try await Self.chain(sql, batch.events)
        }
    }

    /// On PostgreSQL the id sequences must move past the ids given here, and the planner needs
    /// statistics of what was loaded: until autovacuum gets to the tables (a minute or more
    /// after a short load), it plans for nearly empty ones (at 100,000 matters the dashboard served 16 requests/s, not 61).
    private func finish() async throws {
        let sql = app.db as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        for table in ["matters", "complainants", "matter_rounds", "complainant_rounds"] {
            try await sql.raw("SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), (SELECT MAX(id) FROM \(ident: table)))").run()
        }
        try await sql.raw("ANALYZE").run()
    }

    private static func insert(_ sql: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any SQLExpression]]) async throws {
        for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
            var builder = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + rowsPerStatement, rows.count)] { builder = builder.values(row) }
            try await builder.run()
        }
    }

    /// Seals the events onto the chain in order, as `AuditLog.append` would one by one.
    private static func chain(_ sql: any SQLDatabase, _ events: [Event]) async throws {
        let lock = sql.dialect.name == "sqlite" ? "" : " FOR UPDATE"
        guard let head = try await sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1\(unsafeRaw: lock)").first() else { return }
        var seq = try head.decode(column: "seq", as: Int.self)
        var previous = try head.decode(column: "hash", as: String.self)
        var rows: [[any SQLExpression]] = []
        for event in events {
            seq += 1
            let record = AuditChain.seal(seq: seq, at: event.at, kind: event.kind, matterID: event.matter, actorID: event.actor,
                                         payload: event.payload, previous: previous)
            previous = record.hash
            rows.append([SQLBind(record.seq), SQLBind(record.at), SQLBind(record.kind), SQLBind(record.matterID), SQLBind(record.actorID),
                         SQLBind(record.payload), SQLBind(record.prevHash), SQLBind(record.hash)])
        }
        try await insert(sql, "audit_events", ["seq", "at", "kind", "matter_id", "actor_id", "payload", "prev_hash", "hash"], rows)
        try await sql.update("audit_head").set("seq", to: SQLBind(seq)).set("hash", to: SQLBind(previous)).where("id", .equal, SQLBind(1)).run()
    }
}
