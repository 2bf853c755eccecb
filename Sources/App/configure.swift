import Crypto
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// Builds the whole application; the `minyi` executable and the tests both call it.
func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    Telemetry.bootstrap()
    app.http.server.configuration.hostname = "127.0.0.1"
    app.http.server.configuration.port = 8080
    // A connection that sends nothing for a minute is closed: a stalled sender, or one whose
    // oversized upload was refused mid-way (Vapor stops reading it), does not hold a socket.
    // A reverse proxy in front should keep idle upstream connections for less than this.
    app.http.server.configuration.idleTimeout = .seconds(60)
    app.routes.defaultMaxBodySize = "1mb"
    ContentConfiguration.global.use(decoder: JSONBodyDecoder(), for: .json)

    if config.usesData { try DataDirectory.secure(config.dataDirectory) }
    switch config.storage {
    case .sqlite(let path):
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .postgres(let url):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = config.postgresSchema.map { [$0] }
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: config.postgresPoolPerEventLoop), as: .psql)
    }
    app.writeGate = WriteGate(serial: app.isSQLite)
    // A run that touches no data (help, routes) gets a throwaway key and writes no key file.
    app.cipher = config.usesData ? try PersonalDataCipher.load(config: config) : PersonalDataCipher(key: .init(size: .bits256))

    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ProblemMiddleware())
    _ = app.uploadSlots  // made before requests arrive, so concurrent ones share it
    app.middleware.use(BodyGate())
    app.middleware.use(IdentityMiddleware())

    app.migrations.add(SchemaHistory.migrations)

    app.asyncCommands.use(SeedCommand(), as: "seed")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(SweepCommand(), as: "sweep")
    app.asyncCommands.use(ReportCommand(), as: "report")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(KeyCommand(), as: "key")
    app.asyncCommands.use(ConfigCommand(), as: "config")
    app.lifecycle.use(Startup())

    try routes(app)
}

/// Runs on every start: migrations, the SQLite durability check, and — for `serve` — the
/// first-run administrator and the background deadline sweep.
struct Startup: LifecycleHandler {
    func willBootAsync(_ app: Application) async throws {
        guard app.config.usesData else { return }
        try await migrate(app)
        try await KeyCustody.check(app)
        try await ApplicationFileKeeper.sealClearFiles(app)
        try UploadSpool.prepare(app)
        if app.isSQLite { try await checkSQLiteDurability(app) }
        if app.config.runsServer {
            try await FirstRun.ensureCityAndAdministrator(app)
            if app.config.sweepInterval > 0 { Scheduler.start(app) }
        }
    }

    /// Stops the background jobs before the database goes, and folds SQLite's write-ahead log
    /// into the database file, so a stopped server leaves one file to copy.
    func shutdownAsync(_ app: Application) async {
        await Scheduler.stop(app)
        guard app.config.usesData, app.isSQLite else { return }
        do {
            try await app.db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            // Only a server says so: a command's standard output is its answer (`report --format json`).
            if app.config.runsServer { app.logger.info("stopped: background jobs ended, write-ahead log checkpointed") }
        } catch {
            app.logger.warning("stopped: the write-ahead log could not be checkpointed (\(String(describing: error))); SQLite folds it in at the next start")
        }
    }

    /// Migrates once even when several instances start together on one PostgreSQL: the first
    /// holds an advisory lock (per schema) while it migrates; the others wait, then find nothing
    /// to do. SQLite is one instance's file and needs no lock.
    private func migrate(_ app: Application) async throws {
        guard !app.isSQLite else { return try await app.autoMigrate() }
        try await app.db.withConnection { db in
            let lock: SQLQueryString = "hashtext('minyi.migrate.' || current_schema())"
            try await db.statements.run("SELECT pg_advisory_lock(\(lock))")
            do {
                try await app.autoMigrate()
            } catch {
                try? await db.statements.run("SELECT pg_advisory_unlock(\(lock))")
                throw error
            }
            try await db.statements.run("SELECT pg_advisory_unlock(\(lock))")
        }
    }

    /// Every pooled connection must run in WAL mode with synchronous=FULL: acknowledged means on disk.
    private func checkSQLiteDurability(_ app: Application) async throws {
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let sql = app.databases.database(logger: app.logger, on: eventLoop)!.sql
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = FULL").run()
            try await sql.raw("PRAGMA busy_timeout = 5000").run()
            // 32 MB of pages per connection (SQLite's default is 2 MB): with less, every list and
            // search at a hundred thousand matters rereads its pages from the kernel.
            try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(-Application.sqliteCacheMB * 1024))").run()
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            guard mode?.lowercased() == "wal", sync == 2 else {
                throw AppError(status: .internalServerError, title: "Storage check failed",
                               detail: "SQLite must run with journal_mode=WAL and synchronous=FULL (found \(mode ?? "?"), \(sync ?? -1))")
            }
        }
    }
}

extension Application {
    /// SQLite's page cache per connection, in MB.
    static let sqliteCacheMB = 32

    /// For bulk jobs that are rerun rather than recovered (a simulated year, a benchmark load):
    /// SQLite need not wait for the disk at each commit, and may cache more pages.
    /// `restoreSQLiteDurability` must follow, on failure too.
    package func relaxSQLiteDurability(cacheMB: Int = Application.sqliteCacheMB) async throws {
        guard isSQLite else { return }
        for eventLoop in eventLoopGroup.makeIterator() {
            let sql = databases.database(logger: logger, on: eventLoop)!.sql
            try await sql.raw("PRAGMA synchronous = OFF").run()
            try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(-cacheMB * 1024))").run()
            // A statement's undo journal stays in memory: a bulk insert of hundreds of rows
            // otherwise spills it to a temporary file (a seventh of a benchmark load's time).
            try await sql.raw("PRAGMA temp_store = MEMORY").run()
        }
    }

    /// Back to full durability and the usual cache, with the write-ahead log checkpointed.
    package func restoreSQLiteDurability() async throws {
        guard isSQLite else { return }
        for eventLoop in eventLoopGroup.makeIterator() {
            let sql = databases.database(logger: logger, on: eventLoop)!.sql
            try await sql.raw("PRAGMA synchronous = FULL").run()
            try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(-Application.sqliteCacheMB * 1024))").run()
            try await sql.raw("PRAGMA temp_store = DEFAULT").run()
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        }
    }
}

/// The schema's history, oldest first: what `migrate` runs and what `/readyz` expects to find applied.
enum SchemaHistory {
    static let migrations: [any Migration] = [
        M0001_CreateUnits(), M0002_CreateOfficers(), M0003_CreateSessions(), M0004_CreateAPITokens(),
        M0005_CreateMatters(), M0006_CreateComplainants(), M0007_CreateMatterRounds(), M0008_CreateComplainantRounds(),
        M0009_CreateCoordinations(), M0010_CreateAccountabilityRecords(), M0011_CreateAuditLog(),
        M0012_CreateIdempotencyKeys(), M0013_CreateDeadlineSettings(), M0014_CreateCalendarDays(),
        M0015_CreateMessages(), M0016_CreateRateLimitBuckets(), M0017_CreateMattersStatusIndex(),
        M0018_CreateOutbox(), M0019_CreateServiceItems(), M0020_CreateServiceHalls(), M0021_CreateAppointments(),
        M0022_CreateRatingAppeals(), M0023_CreateOpen311Keys(),
        M0024_CreateServiceApplications(), M0025_CreateReceptionRooms(),
        M0026_CreateEngagement(), M0027_CreateLiaison(),
        M0028_UpdateMattersAddTopic(), M0029_UpdateMattersAddEscalatedAt(), M0030_CreateReportIndexes(),
        M0031_CreateMatterSearch(),
        M0032_CreateMatterTallies(),
        M0033_SplitMatterTallyTriggers(),
        M0034_CreateMattersScopeStatusIndexes(),
        M0035_CreateWeekAndMonthTallies(),
        M0036_CreateMatterWordBlocksIndex(),
        M0037_DropDuplicateIndexes(),
        M0038_SearchWordsWithoutReference(),
        M0039_UpdateServiceItemsAddEnglishGuide(),
        M0040_CreateDataKeyCanary(),
        M0041_UpdateAttachmentsAddSealing(),
        M0042_UpdateMessagesAddPublicID(),
        M0043_UpdateAPITokensAddExpiry(),
        M0044_UpdateOfficersAddOneTimePassword(),
        M0045_CreateTextPersonalData(),
        M0046_CreateTextScanProgress(),
        M0047_UpdateUnitsAddCallbackOffice(),
        M0048_UpdateComplainantRoundsAddRatingSource(),
        M0049_CreateRatingLinks(),
        M0050_CreateCallbackCalls(),
        M0051_CreateRechecks(),
        M0052_AddComplainantTracking(),
        M0053_AddRatingReminders(),
        M0054_CreateServiceEvaluations(),
    ]

    /// The names Fluent records for them in `_fluent_migrations`.
    static var names: [String] { migrations.map(\.name) }
}
