import Fluent
import Foundation
import SQLKit
import Vapor

/// Fixed-window rate limits kept in the database, so several instances share one count.
struct RateLimiter: Sendable {
    struct Rule: Sendable {
        let name: String
        let limit: Int
        let window: Int  // seconds
    }

    static let submissionPerIP = Rule(name: "submit-ip", limit: 20, window: 3600)
    static let submissionPerPhone = Rule(name: "submit-phone", limit: 5, window: 3600)
    static let lookupPerIP = Rule(name: "lookup-ip", limit: 30, window: 3600)
    static let lookupPerCode = Rule(name: "lookup-code", limit: 10, window: 3600)
    /// Open311 reads (`requests.json`, one request) from one address: a client polling every few seconds fits.
    static let open311PerIP = Rule(name: "open311-ip", limit: 1200, window: 3600)
    /// Sign-in forms (each makes an anonymous session) and password attempts from one address.
    static let signInPerIP = Rule(name: "signin-ip", limit: 200, window: 3600)

    let app: Application

    /// Counts one hit, in a write of its own, and refuses (429, naming what was limited) past the rule's limit.
    func hit(_ rule: Rule, key: String, field: String? = nil) async throws {
        try await app.write { db in try await hit(rule, key: key, field: field, on: db) }
    }

    /// Counts one hit inside a write that stores what is limited (a submission), so the two share
    /// one commit. A write that fails rolls its hit back with it: nothing was stored, and a refused
    /// one stays refused, since the count it would add is already past the limit. Reads that
    /// guess (lookups, sign-ins) count in a write of their own instead, which their failure keeps.
    func hit(_ rule: Rule, key: String, field: String? = nil, on db: any Database) async throws {
        let now = Int(app.clock.now().timeIntervalSince1970)
        let window = now - now % rule.window
        let bucket = "\(rule.name):\(key)"
        let hits = try await db.statements.value("""
            INSERT INTO rate_limit_buckets (key, window_start, hits) VALUES (\(bind: bucket), \(bind: window), 1)
            ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_buckets.hits + 1
            RETURNING hits
            """, column: "hits", as: Int.self) ?? 1
        if hits > rule.limit { throw Self.refusal(rule, window: window, now: now, field: field) }
    }

    /// Refuses, without counting, when the rule's limit is already reached: checked before a
    /// large body is read, so a client past its limit is not even listened to.
    func refuseIfSpent(_ rule: Rule, key: String) async throws {
        let now = Int(app.clock.now().timeIntervalSince1970)
        let window = now - now % rule.window
        let bucket = "\(rule.name):\(key)"
        let hits = try await app.db.statements.value("""
            SELECT hits FROM rate_limit_buckets WHERE key = \(bind: bucket) AND window_start = \(bind: window)
            """, column: "hits", as: Int.self) ?? 0
        if hits >= rule.limit { throw Self.refusal(rule, window: window, now: now, field: nil) }
    }

    private static func refusal(_ rule: Rule, window: Int, now: Int, field: String?) -> AppError {
        let seconds = window + rule.window - now
        return AppError(status: .tooManyRequests, title: "Too many requests",
                        detail: "too many requests; try again in \(seconds / 60 + 1) minutes",
                        invalidParams: field.map { [.init(name: $0, reason: "rate limit reached")] } ?? [],
                        retryAfter: seconds)
    }

    /// Forgets windows that have ended.
    func prune() async throws {
        let cutoff = Int(app.clock.now().timeIntervalSince1970) - 24 * 3600
        try await app.write { db in try await RateLimitBucket.query(on: db).filter(\.$windowStart < cutoff).delete() }
    }
}

extension Request {
    /// The client's address for rate limits. Behind a reverse proxy named in
    /// MINYI_TRUSTED_PROXIES, the address the proxy reports in X-Forwarded-For; never a
    /// header from anyone else, which a client could forge.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "unknown"
        guard application.config.trustedProxies.contains(peer),
              let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              !forwarded.isEmpty else { return peer }
        return forwarded
    }
}

extension Application {
    var rateLimiter: RateLimiter { RateLimiter(app: self) }
}
