import Foundation
import LedgerCore
import Vapor

/// Every setting comes from the environment, with defaults that run a local bureau.
package struct AppConfig: Sendable {
    package enum Storage: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    /// A setting the server cannot start with; the message names the variable.
    struct Invalid: Error, CustomStringConvertible { let description: String }

    var dataDirectory: String
    package var storage: Storage
    /// Every staff account must pass a second factor. Off only where MINYI_ENV=development is
    /// set explicitly: a bureau that forgets the variable, or mistypes it, is not left open.
    var production: Bool
    /// 32-byte key (base64) that seals personal data; read from MINYI_DATA_KEY or the data directory.
    var dataKeyBase64: String?
    /// A file holding that key (MINYI_DATA_KEY_FILE), for a secrets manager that mounts one.
    var dataKeyFile: String?
    var idleTimeout: TimeInterval = 15 * 60
    var absoluteTimeout: TimeInterval = 12 * 3600
    var lockoutThreshold = 5
    var lockoutDuration: TimeInterval = 5 * 60
    /// Seconds between deadline sweeps in `serve`; 0 turns the background sweep off.
    var sweepInterval: Int
    /// The address residents and staff reach the platform at (MINYI_PUBLIC_URL); https turns on HSTS.
    var publicURL: String?
    /// Addresses of reverse proxies whose X-Forwarded-For is believed (MINYI_TRUSTED_PROXIES, comma-separated).
    var trustedProxies: Set<String> = []
    /// Set by the entry point for `serve`: only a running server bootstraps and sweeps.
    var runsServer = false
    /// PostgreSQL schema to use instead of the default (tests run each in its own schema).
    var postgresSchema: String?
    /// PostgreSQL connections each event loop may open (MINYI_PG_POOL). Several instances
    /// share one server's max_connections, so this times loops times instances must fit under it.
    var postgresPoolPerEventLoop = 8
    /// Days the files of an ended application are kept before the retention job removes them
    /// (MINYI_SCAN_RETENTION_DAYS).
    var scanRetentionDays = 180
    /// Days a bearer token signs in before it expires (MINYI_TOKEN_DAYS).
    var tokenLifetimeDays = 30
    /// Days a resident's one-time rating link works (MINYI_RATING_LINK_DAYS).
    var ratingLinkDays = 7
    /// Working days an unrated reply waits for the resident before it comes to the call-back
    /// office's queue (MINYI_CALLBACK_AFTER_DAYS).
    var callbackAfterWorkingDays = 3
    /// Percent of the closures since the last draw that the call-back office calls back each
    /// day (MINYI_RECHECK_PERCENT), at least one per unit that closed any.
    var recheckPercent = 10
    /// Working days a hall has to call back a real-name 差评 (MINYI_RECTIFY_CALLBACK_DAYS) and to
    /// put it right and answer (MINYI_RECTIFY_DAYS), both counted from the rating.
    var rectification = RectificationPolicy()
    /// Whether this run reads or writes data: then it migrates on boot, checks SQLite's
    /// durability and loads the data key. `--help`, `routes` and `migrate` do not.
    var usesData = true
    /// Set for `minyi key rotate`, the one command that may start while a rotation is unfinished.
    var finishesKeyRotation = false
    /// How the server logs (MINYI_LOG_FORMAT): Vapor's text, or one JSON object per line.
    var logFormat: LogFormat = .text
    /// A bearer token a remote scraper presents to `/metrics` (MINYI_METRICS_TOKEN); without it
    /// only loopback may scrape.
    var metricsToken: String?

    enum LogFormat: String, Sendable, CaseIterable { case text, json }

    /// Whether MINYI_ENV asks for production: unset or `production` does, `development` does
    /// not, anything else is refused.
    static func isProduction(minyiEnv: String?) throws -> Bool {
        switch minyiEnv {
        case nil, "production": return true
        case "development": return false
        case let other?:
            throw Invalid(description: "MINYI_ENV must be development or production, not '\(other)'; unset means production")
        }
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    package var config: AppConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }
}
