import Fluent
import SQLKit
import LedgerCore
import Vapor

/// Finds who is behind a request (bearer token or session cookie), enforces the idle and
/// absolute session timeouts, and refuses cross-site state changes.
struct IdentityMiddleware: AsyncMiddleware {
    struct CurrentSessionKey: StorageKey { typealias Value = StaffSession }

    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let app = req.application
        let now = req.now
        var cookieSession: StaffSession?

        // A metrics scraper is no officer: `/metrics` checks its own token (MINYI_METRICS_TOKEN).
        if req.url.path == Telemetry.path { return try await next.respond(to: req) }
        if let bearer = req.headers.bearerAuthorization {
            // Every API call starts here: the token, its officer and their unit in one statement.
            guard let who = try await SessionStore.signedIn(tokenDigest: SecretToken.digest(bearer.token), now: now, on: req.db) else {
                throw AppError(status: .unauthorized, title: "Invalid token", detail: "the bearer token is unknown, revoked or expired")
            }
            req.auth.login(who)
        } else if let value = req.cookies[AuthService.cookieName]?.string, !value.isEmpty,
                  let session = try await SessionStore.session(digest: SecretToken.digest(value), on: req.db) {
            let idle = now.timeIntervalSince(session.lastSeenAt) > app.config.idleTimeout
            let tooOld = now.timeIntervalSince(session.createdAt) > app.config.absoluteTimeout
            if idle || tooOld {
                try await app.auth.endSession(session.id!)
            } else {
                cookieSession = session
                req.storage[CurrentSessionKey.self] = session
                if session.stage == .active, let officerID = session.officerID {
                    if let who = try await SessionStore.signedIn(officerID: officerID, session: session, on: req.db) {
                        req.auth.login(who)
                        try await touch(session, now: now, app: app)
                    } else {
                        try await app.auth.endSession(session.id!)  // the account was disabled
                    }
                }
            }
        }

        if ![.GET, .HEAD, .OPTIONS].contains(req.method) && req.headers.bearerAuthorization == nil {
            try await checkCrossSite(req, session: cookieSession)
        }
        return try await next.respond(to: req)
    }

    /// A state change must come from our own pages: same Origin, and the session's CSRF token.
    private func checkCrossSite(_ req: Request, session: StaffSession?) async throws {
        if let origin = req.headers.first(name: .origin), let host = req.headers.first(name: .host) {
            let allowed = ["http://\(host)", "https://\(host)"]
            guard allowed.contains(origin) else {
                throw AppError(status: .forbidden, title: "Cross-site request refused", detail: "the request came from another site (\(origin))")
            }
        }
        // Requests without a cookie carry no ambient authority; the route decides what they may do.
        guard let session else { return }
        var presented = req.headers.first(name: "X-CSRF-Token")
        if presented == nil, req.route?.bodyLimit.isPublicUpload == true {
            // An upload is streamed to disk by its route, not read here: the route checks the
            // form's token once the body is in (`UploadSpool.decodeForm`).
            req.storage[ExpectedCSRFKey.self] = session.csrfToken
            return
        }
        if presented == nil, let type = req.headers.contentType, type == .urlEncodedForm || type.subType == "form-data" {
            // Read within the route's own limit, so a form's token cannot make us hold more.
            _ = try await req.body.collect(max: (req.route?.bodyLimit ?? .staff).bytes + 1).get()
            presented = try? req.content.get(String.self, at: "csrf")
        }
        try Self.check(presented, expected: session.csrfToken)
    }

    /// The token a streamed upload's form must carry, left by the middleware for its route.
    struct ExpectedCSRFKey: StorageKey { typealias Value = String }

    static func check(_ presented: String?, expected: String) throws {
        guard let presented, constantTimeEqual(presented, expected) else {
            throw AppError(status: .forbidden, title: "Missing CSRF token", detail: "the form is stale or did not come from this site; reload the page and try again")
        }
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Sliding idle timeout: written at most once a minute to spare the database.
    private func touch(_ session: StaffSession, now: Date, app: Application) async throws {
        guard now.timeIntervalSince(session.lastSeenAt) > 60 else { return }
        let id = session.id!
        try await app.write { db in
            try await SessionStore.touch(session: id, at: now, on: db)
        }
    }
}

extension Request {
    /// The browser's session in any stage (anonymous, second factor, active).
    var staffSession: StaffSession? { storage[IdentityMiddleware.CurrentSessionKey.self] }
}
