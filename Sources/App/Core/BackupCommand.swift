import Fluent
import Foundation
import SQLKit
import Vapor

/// `minyi backup --to FILE`: a consistent copy of the database taken while the server keeps
/// taking writes — SQLite's `VACUUM INTO` (one read transaction, so one moment in time), or
/// `pg_dump` (one snapshot) on PostgreSQL. The data key is not in the backup: keep `data.key`
/// (or MINYI_DATA_KEY) apart from it, or the residents' data in it cannot be read again.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The backup file to write (must not exist).")
        var to: String?
    }

    var help: String { "Writes a consistent backup of the database to a file while the server runs (--to FILE)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let target = signature.to, !target.isEmpty else { throw AppError.invalid("--to", "give the backup file to write") }
        let path = (target as NSString).expandingTildeInPath
        guard !FileManager.default.fileExists(atPath: path) else { throw AppError.conflict("\(path) exists; a backup never overwrites a file", field: "--to") }
        let started = Date()
        switch app.config.storage {
        case .sqlite:
            try await app.db.sql.raw("VACUUM INTO \(bind: path)").run()
        case .postgres(let url):
            let target = DatabaseTools.withoutPassword(url)
            try DatabaseTools.run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file=\(path)", "--dbname=\(target.url)"],
                                  password: target.password)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        context.console.print("backup written to \(path) (\(size) bytes, \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
        context.console.print("the data key is not in the backup: keep \(app.config.dataDirectory)/data.key (or MINYI_DATA_KEY) safe, apart from it")
    }
}

/// `minyi restore --from FILE`: brings a backup back into an empty data directory (SQLite) or
/// an empty database (PostgreSQL), then checks it: SQLite's integrity check and the audit chain.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "The backup file made by `minyi backup`.")
        var from: String?
    }

    var help: String { "Restores a backup made by `minyi backup` into an empty data directory or database (--from FILE)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let source = signature.from, !source.isEmpty else { throw AppError.invalid("--from", "give the backup file to restore") }
        let path = (source as NSString).expandingTildeInPath
        guard FileManager.default.isReadableFile(atPath: path) else { throw AppError.invalid("--from", "\(path) is not a readable file") }
        switch app.config.storage {
        case .sqlite(let database):
            let header = try FileHandle(forReadingFrom: URL(fileURLWithPath: path)).read(upToCount: 16) ?? Data()
            guard header == Data("SQLite format 3\0".utf8) else { throw AppError.invalid("--from", "\(path) is not a SQLite backup") }
            if let size = try? FileManager.default.attributesOfItem(atPath: database)[.size] as? Int, size > 0 {
                throw AppError.conflict("\(database) exists; restore into an empty data directory", field: "MINYI_DATA_DIR")
            }
            try FileManager.default.createDirectory(atPath: app.config.dataDirectory, withIntermediateDirectories: true)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            try FileManager.default.copyItem(atPath: path, toPath: database)
            let sql = app.db.sql
            let result = try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
            guard result == "ok" else { throw AppError(status: .internalServerError, title: "Restore failed", detail: "integrity check: \(result ?? "?")") }
            try await sql.raw("PRAGMA journal_mode = WAL").run()
        case .postgres(let url):
            let tables = try await app.db.sql.raw("""
                SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard tables == 0 else { throw AppError.conflict("the database already has tables; restore into an empty database", field: "DATABASE_URL") }
            let target = DatabaseTools.withoutPassword(url)
            try DatabaseTools.run("pg_restore", ["--no-owner", "--no-privileges", "--exit-on-error", "--dbname=\(target.url)", path],
                                  password: target.password)
        }
        switch try await AuditLog.verify(on: app.db) {
        case .success(let head):
            context.console.print("restored from \(path); audit log ok: \(head?.seq ?? 0) events, head hash \(head?.hash ?? "-")")
        case .failure(let failure):
            throw AppError(status: .internalServerError, title: "Restore failed", detail: "the restored audit log is broken: \(failure)")
        }
        let key = (app.config.dataDirectory as NSString).appendingPathComponent("data.key")
        if app.config.dataKeyBase64 == nil && !FileManager.default.fileExists(atPath: key) {
            context.console.print("warning: no data key here: copy the original data.key to \(key) (or set MINYI_DATA_KEY) before serving")
        }
    }
}

/// PostgreSQL's own client tools, found on the PATH or where Debian installs them.
enum DatabaseTools {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/\(name)" }
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
                .sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The URL without its password, and the password: a command line is readable by every user
    /// of the machine (`ps`), so the password goes to the tool in its environment (PGPASSWORD).
    static func withoutPassword(_ url: String) -> (url: String, password: String?) {
        guard var components = URLComponents(string: url), let password = components.password else { return (url, nil) }
        components.password = nil
        return (components.string ?? url, password)
    }

    static func run(_ name: String, _ arguments: [String], password: String? = nil) throws {
        guard let executable = find(name) else {
            throw AppError(status: .internalServerError, title: "\(name) not found", detail: "install PostgreSQL's client tools (apt install postgresql-client)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let password {
            var environment = ProcessInfo.processInfo.environment
            environment["PGPASSWORD"] = password
            process.environment = environment
        }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            // The URL may hold a password: never echo the arguments.
            throw AppError(status: .internalServerError, title: "\(name) failed",
                           detail: "\(name) exited with \(process.terminationStatus): \(String(decoding: message, as: UTF8.self).prefix(500))")
        }
    }
}
