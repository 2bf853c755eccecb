import Foundation
import LedgerCore
import Vapor

/// The settings read from the environment: each `MINYI_*` variable named once, with what it
/// means; a value that does not parse, or a `MINYI_` name that is none of them, stops the start
/// with a message naming it, so a mistyped setting is never silently ignored.
extension AppConfig {
    struct Setting: Sendable {
        let name: String
        let meaning: String
        /// Printed by `minyi config check` only as "set".
        var secret = false
    }

    static let settings: [Setting] = [
        Setting(name: "MINYI_DATA_DIR", meaning: "the data directory (SQLite file, data key)"),
        Setting(name: "MINYI_ENV", meaning: "production (default) or development"),
        Setting(name: "MINYI_DATA_KEY", meaning: "the data key, base64", secret: true),
        Setting(name: "MINYI_DATA_KEY_FILE", meaning: "a file holding the data key"),
        Setting(name: "MINYI_SWEEP_INTERVAL", meaning: "seconds between background runs; 0 turns them off"),
        Setting(name: "MINYI_PUBLIC_URL", meaning: "the address the platform is reached at"),
        Setting(name: "MINYI_TRUSTED_PROXIES", meaning: "reverse proxies whose X-Forwarded-For is believed"),
        Setting(name: "MINYI_PG_POOL", meaning: "PostgreSQL connections per event loop"),
        Setting(name: "MINYI_SCAN_RETENTION_DAYS", meaning: "days an ended application's files are kept"),
        Setting(name: "MINYI_TOKEN_DAYS", meaning: "days a bearer token signs in"),
        Setting(name: "MINYI_RATING_LINK_DAYS", meaning: "days a rating or evaluation link works"),
        Setting(name: "MINYI_CALLBACK_AFTER_DAYS", meaning: "working days before an unrated reply comes to the call-back office"),
        Setting(name: "MINYI_RECHECK_PERCENT", meaning: "percent of closures re-checked each day"),
        Setting(name: "MINYI_RECTIFY_CALLBACK_DAYS", meaning: "working days to call back a 差评"),
        Setting(name: "MINYI_RECTIFY_DAYS", meaning: "working days to put a 差评 right"),
        Setting(name: "MINYI_LOG_FORMAT", meaning: "text (default) or json"),
        Setting(name: "MINYI_METRICS_TOKEN", meaning: "bearer token for a remote /metrics scraper", secret: true),
    ]

    /// Read by `scripts/test` and the end-to-end suites, which start servers with the
    /// environment they run in; the server itself never reads them.
    static let toolingVariables: Set<String> = [
        "MINYI_BIN", "MINYI_TEST_DATABASE_URL", "MINYI_TEST_DATABASE_URL_E2E", "MINYI_WRITE_SCHEMA", "MINYI_APT_UPDATED",
        "MINYI_LIB_DIR", "MINYI_LIB_APT_SOURCED", "MINYI_CHART_SAMPLE", "MINYI_XLSX_SAMPLE",
    ]

    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        let known = Set(settings.map(\.name))
        if let unknown = env.keys.filter({ $0.hasPrefix("MINYI_") && !known.contains($0) && !toolingVariables.contains($0) }).sorted().first {
            throw Invalid(description: "\(unknown) is not a setting of minyi (a typo?); the settings are " + settings.map(\.name).joined(separator: ", "))
        }
        func text(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ name: String, _ range: ClosedRange<Int>, default value: Int) throws -> Int {
            guard let raw = text(name) else { return value }
            guard let number = Int(raw), range.contains(number) else {
                throw Invalid(description: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(raw)'")
            }
            return number
        }
        let dataDirectory = text("MINYI_DATA_DIR") ?? "./data"
        let storage: Storage = if let url = text("DATABASE_URL") {
            .postgres(url: url)
        } else {
            .sqlite(path: (dataDirectory as NSString).appendingPathComponent("minyi.sqlite"))
        }
        if let url = text("MINYI_PUBLIC_URL"), URL(string: url)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw Invalid(description: "MINYI_PUBLIC_URL must be an http or https address, not '\(url)'")
        }
        var logFormat = LogFormat.text
        if let raw = text("MINYI_LOG_FORMAT") {
            guard let format = LogFormat(rawValue: raw) else { throw Invalid(description: "MINYI_LOG_FORMAT must be text or json, not '\(raw)'") }
            logFormat = format
        }
        var config = AppConfig(
            dataDirectory: dataDirectory,
            storage: storage,
            production: try isProduction(minyiEnv: env["MINYI_ENV"]),
            dataKeyBase64: text("MINYI_DATA_KEY"),
            dataKeyFile: text("MINYI_DATA_KEY_FILE"),
            sweepInterval: try number("MINYI_SWEEP_INTERVAL", 0...86_400, default: 60),
            publicURL: text("MINYI_PUBLIC_URL"),
            trustedProxies: Set((env["MINYI_TRUSTED_PROXIES"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }),
            postgresPoolPerEventLoop: try number("MINYI_PG_POOL", 1...100, default: 8),
            scanRetentionDays: try number("MINYI_SCAN_RETENTION_DAYS", 1...3650, default: 180),
            tokenLifetimeDays: try number("MINYI_TOKEN_DAYS", 1...365, default: 30),
            ratingLinkDays: try number("MINYI_RATING_LINK_DAYS", 1...90, default: 7),
            callbackAfterWorkingDays: try number("MINYI_CALLBACK_AFTER_DAYS", 0...30, default: 3),
            recheckPercent: try number("MINYI_RECHECK_PERCENT", 0...100, default: 10),
            rectification: RectificationPolicy(callbackDays: try number("MINYI_RECTIFY_CALLBACK_DAYS", 1...30, default: 1),
                                               rectifyDays: try number("MINYI_RECTIFY_DAYS", 1...60, default: 5))
        )
        guard config.rectification.callbackDays <= config.rectification.rectifyDays else {
            throw Invalid(description: "MINYI_RECTIFY_CALLBACK_DAYS (\(config.rectification.callbackDays)) must not exceed MINYI_RECTIFY_DAYS (\(config.rectification.rectifyDays))")
        }
        config.logFormat = logFormat
        config.metricsToken = text("MINYI_METRICS_TOKEN")
        return config
    }

    /// The effective settings, one per line, secrets only as "set" (`minyi config check`).
    var summary: [(name: String, value: String)] {
        let storageText: String = switch storage {
        case .sqlite(let path): "SQLite at \(path)"
        case .postgres: "PostgreSQL (DATABASE_URL, credentials not shown)"
        }
        let key = dataKeyBase64 != nil ? "set (MINYI_DATA_KEY)" : dataKeyFile.map { "from the file \($0)" } ?? "from \(dataDirectory)/data.key"
        return [
            ("storage", storageText),
            ("MINYI_DATA_DIR", dataDirectory),
            ("MINYI_ENV", production ? "production (second factor required)" : "development (no second factor)"),
            ("data key", key),
            ("MINYI_SWEEP_INTERVAL", sweepInterval == 0 ? "0 (background jobs off)" : "\(sweepInterval) s"),
            ("MINYI_PUBLIC_URL", publicURL ?? "(unset)"),
            ("MINYI_TRUSTED_PROXIES", trustedProxies.isEmpty ? "(none)" : trustedProxies.sorted().joined(separator: ",")),
            ("MINYI_PG_POOL", String(postgresPoolPerEventLoop)),
            ("MINYI_SCAN_RETENTION_DAYS", String(scanRetentionDays)),
            ("MINYI_TOKEN_DAYS", String(tokenLifetimeDays)),
            ("MINYI_RATING_LINK_DAYS", String(ratingLinkDays)),
            ("MINYI_CALLBACK_AFTER_DAYS", String(callbackAfterWorkingDays)),
            ("MINYI_RECHECK_PERCENT", String(recheckPercent)),
            ("MINYI_RECTIFY_CALLBACK_DAYS", String(rectification.callbackDays)),
            ("MINYI_RECTIFY_DAYS", String(rectification.rectifyDays)),
            ("MINYI_LOG_FORMAT", logFormat.rawValue),
            ("MINYI_METRICS_TOKEN", metricsToken == nil ? "(unset: only loopback may scrape /metrics)" : "set"),
        ]
    }
}

/// `minyi config check`: the settings the server would start with, secrets hidden. A bad
/// setting never gets here: reading the environment refuses it first, naming it.
struct ConfigCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "check") var action: String
    }

    var help: String { "Prints the effective configuration (config check), secrets hidden." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "check" else { throw AppConfig.Invalid(description: "usage: minyi config check") }
        let rows = context.application.config.summary
        let width = rows.map(\.name.count).max() ?? 0
        for row in rows { context.console.print(row.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + row.value) }
    }
}
