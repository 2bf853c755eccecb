import Crypto
import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// Passwords, lockout, sessions, bearer tokens and the TOTP second factor.
package struct AuthService: Sendable {
    let app: Application

    static let cookieName = "__Host-minyi-session"
    static let bcryptCost = 10
    /// Compared against when the username is unknown, so both cases cost the same time.
    private static let dummyHash = try! Bcrypt.hash("minyi-timing-equaliser", cost: bcryptCost)

    package func hashPassword(_ password: String) async throws -> String {
        try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: Self.bcryptCost) }
    }

    /// Checks a username and password, counting failures: 5 in a row lock the account for 5
    /// minutes. The count is raised by one conditional update, so parallel guesses cannot slip
    /// past the lock, and the lock is read again after the (slow) bcrypt check. An unknown
    /// user, a wrong password, a disabled and a locked account get the same answer, each after
    /// one bcrypt check, so the answer tells a guesser nothing about the account.
    func checkPassword(username: String, password: String) async throws -> Officer {
        let officer = try await OfficerStore.officer(username: username, on: app.db)
        let hash = officer?.passwordHash ?? Self.dummyHash
        let matches = try await app.threadPool.runIfActive { try Bcrypt.verify(password, created: hash) }
        guard let officer, !officer.disabled else { throw Self.badCredentials }
        if let until = try await Officer.fetch(officer.id!, on: app.db)?.lockedUntil, until > app.clock.now() { throw Self.badCredentials }
        guard matches else {
            try await recordFailure(officer.id!)
            throw Self.badCredentials
        }
        return officer
    }

    /// Called once sign-in is complete (password and, where required, the second factor), so
    /// a right password alone never wipes the count of wrong codes.
    func clearFailures(_ id: Int) async throws {
        try await app.write { db in
            try await OfficerStore.clearFailures(of: id, on: db)
        }
    }

    private func refuseIfLocked(_ id: Int) async throws {
        let now = app.clock.now()
        if let until = try await Officer.fetch(id, on: app.db)?.lockedUntil, until > now {
            throw AppError(status: .tooManyRequests, title: "Account locked",
                           detail: "too many failed sign-ins; try again after \(Int(until.timeIntervalSince(now) / 60) + 1) minutes",
                           retryAfter: Int(until.timeIntervalSince(now).rounded(.up)))
        }
    }

    /// One more failure (a wrong password or a wrong second-factor code); the fifth locks.
    /// Returns whether this failure locked the account; the caller decides what to say.
    @discardableResult
    func recordFailure(_ id: Int) async throws -> Bool {
        Telemetry.signInFailures.increment()
        let now = app.clock.now()
        let config = app.config
        let locked = try await app.write { db -> Bool in
            let failures = try await OfficerStore.countFailure(of: id, on: db)
            guard failures >= config.lockoutThreshold else { return false }
            try await OfficerStore.lock(id, until: now.addingTimeInterval(config.lockoutDuration), on: db)
            try await AuditLog.append(on: db, kind: .accountLocked, matterID: nil, actorID: id, fields: ["officer": String(id)], at: now)
            return true
        }
        return locked
    }

    /// Told only to someone who has proved the password (a wrong second-factor code, a wrong
    /// current password in a signed-in session): a stranger is told nothing of a lock.
    static func lockedNow(_ config: AppConfig) -> AppError {
        AppError(status: .tooManyRequests, title: "Account locked", detail: "too many failed attempts; the account is locked for 5 minutes",
                 retryAfter: Int(config.lockoutDuration))
    }

    static let badCredentials = AppError(status: .unauthorized, title: "Sign-in failed", detail: "wrong username or password",
                                         invalidParams: [.init(name: "password", reason: "wrong username or password")])

    /// What follows this officer's right password (`SignInStep`).
    func nextStep(_ officer: Officer) -> SignInStep {
        SignInStep.after(oneTimePassword: officer.mustChangePassword, factorEnrolled: officer.totpEnabled, factorRequired: app.config.production)
    }

    /// Replaces a one-time password with the officer's own, after the second factor the step
    /// asks: enrolled now with `code`, or verified with it. Checked in that order, so a refused
    /// password changes nothing and a wrong code leaves the one-time password in place.
    func replaceOneTimePassword(_ officer: Officer, new: String, code: String?, factor: SignInStep.Factor) async throws {
        if let problem = PasswordPolicy.problem(with: new, username: officer.username) { throw AppError.invalid("newPassword", problem) }
        let hash = officer.passwordHash
        guard try await !app.threadPool.runIfActive({ try Bcrypt.verify(new, created: hash) }) else {
            throw AppError.invalid("newPassword", "must differ from the one-time password")
        }
        switch factor {
        case .none: break
        case .enrol: try await confirmTOTPEnrolment(officer, code: code ?? "")
        case .verify:
            guard let code, try await verifyTOTP(officer, code: code) else { throw AppError.invalid("code", "wrong or expired") }
        }
        let newHash = try await hashPassword(new)
        let id = officer.id!
        let now = app.clock.now()
        try await app.write { db in
            try await OfficerStore.replaceOneTimePassword(of: id, with: newHash, on: db)
            try await AuditLog.append(on: db, kind: .passwordChanged, matterID: nil, actorID: id,
                                      fields: ["officer": String(id), "replaced": "one-time password"], at: now)
        }
    }

    /// The authenticator key being enrolled: the one already waiting, so a reload or a refused
    /// form shows the same key, or a new one.
    func enrolment(_ officer: Officer) async throws -> (secret: String, uri: String) {
        if !officer.totpEnabled, let sealed = officer.totpSecretSealed, let key = Data(base64Encoded: try app.cipher.open(sealed)) {
            let secret = Array(key).base32String()
            return (secret, Self.enrolmentURI(officer, secret: secret))
        }
        return try await beginTOTPEnrolment(officer)
    }

    private static func enrolmentURI(_ officer: Officer, secret: String) -> String {
        "otpauth://totp/Minyi:\(officer.username)?secret=\(secret)&issuer=Minyi&digits=6&period=30"
    }

    /// Checks a code against the officer's secret. A code is good once: its time step must be
    /// later than the last one used. A wrong code counts toward the lockout like a wrong password.
    func verifyTOTP(_ officer: Officer, code: String) async throws -> Bool {
        let id = officer.id!
        try await refuseIfLocked(id)
        guard let fresh = try await Officer.fetch(id, on: app.db), let sealed = fresh.totpSecretSealed,
              let key = Data(base64Encoded: try app.cipher.open(sealed)) else { return false }
        let totp = TOTP(key: SymmetricKey(data: key), digest: .sha1, digits: .six, interval: 30)
        let now = app.clock.now()
        let current = Int(now.timeIntervalSince1970) / 30
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        let step = (-1...1).map { current + $0 }.first { step in
            totp.generate(time: Date(timeIntervalSince1970: Double(step * 30))) == trimmed
        }
        guard let step else {
            if try await recordFailure(id) { throw Self.lockedNow(app.config) }
            return false
        }
        return try await app.write { db in try await OfficerStore.takeTOTPStep(step, of: id, on: db) }
    }

    /// A new TOTP secret: sealed in the database, shown once as base32 for the authenticator app.
    func beginTOTPEnrolment(_ officer: Officer) async throws -> (secret: String, uri: String) {
        let key = SymmetricKey(size: .bits256)
        let raw = key.withUnsafeBytes { Array($0.prefix(20)) }
        let sealed = try app.cipher.seal(Data(raw).base64EncodedString())
        let id = officer.id!
        try await app.write { db in
            try await OfficerStore.setTOTPSecret(sealed, of: id, on: db)
        }
        let secret = raw.base32String()
        return (secret, Self.enrolmentURI(officer, secret: secret))
    }

    func confirmTOTPEnrolment(_ officer: Officer, code: String) async throws {
        guard try await verifyTOTP(officer, code: code) else { throw AppError.invalid("code", "the code does not match; check the authenticator's clock") }
        let id = officer.id!
        let now = app.clock.now()
        try await app.write { db in
            try await OfficerStore.enableTOTP(of: id, on: db)
            try await AuditLog.append(on: db, kind: .secondFactorEnabled, matterID: nil, actorID: id, fields: ["officer": String(id)], at: now)
        }
    }

    /// Changes a password after checking the current one; every other session and token of
    /// the officer ends, so a stolen session does not outlive the change.
    func changePassword(officerID: Int, current: String, new: String, keepingSession sessionID: String?) async throws {
        guard let officer = try await Officer.fetch(officerID, on: app.db) else { throw AppError.unauthorized }
        try await refuseIfLocked(officerID)
        guard try await app.threadPool.runIfActive({ try Bcrypt.verify(current, created: officer.passwordHash) }) else {
            // A stolen session must not be a way to guess the password: wrong guesses lock as at sign-in.
            if try await recordFailure(officerID) { throw Self.lockedNow(app.config) }
            throw AppError.invalid("currentPassword", "is not your current password")
        }
        if let problem = PasswordPolicy.problem(with: new, username: officer.username) { throw AppError.invalid("newPassword", problem) }
        guard new != current else { throw AppError.invalid("newPassword", "must differ from the current password") }
        let hash = try await hashPassword(new)
        let now = app.clock.now()
        try await app.write { db in
            try await OfficerStore.setPasswordHash(hash, of: officerID, on: db)
            try await SessionStore.deleteSessions(ofOfficer: officerID, except: sessionID, on: db)
            try await SessionStore.revokeTokens(ofOfficer: officerID, at: now, on: db)
            try await AuditLog.append(on: db, kind: .passwordChanged, matterID: nil, actorID: officerID, fields: ["officer": String(officerID)], at: now)
        }
    }

    // MARK: - Sessions

    /// Starts a fresh session and returns its token. Any session the browser had is ended,
    /// so the session id always changes at sign-in.
    func startSession(officerID: Int?, stage: StaffSession.Stage, replacing old: StaffSession?) async throws -> (token: String, session: StaffSession) {
        let token = SecretToken.make()
        let session = StaffSession(tokenHash: SecretToken.digest(token), officerID: officerID, stage: stage,
                                   csrfToken: SecretToken.make(bytes: 24), now: app.clock.now())
        let oldID = old?.id
        try await app.write { db in
            if let oldID { try await SessionStore.delete(session: oldID, on: db) }
            try await session.create(on: db)
        }
        return (token, session)
    }

    func endSession(_ id: String) async throws {
        try await app.write { db in try await SessionStore.delete(session: id, on: db) }
    }

    /// Ends every session and token of an officer (sign-out everywhere, or a disabled account).
    func endAllSessions(officerID: Int, on db: any Database) async throws {
        try await SessionStore.deleteSessions(ofOfficer: officerID, on: db)
        try await SessionStore.revokeTokens(ofOfficer: officerID, at: app.clock.now(), on: db)
    }

    func issueToken(officerID: Int, label: String) async throws -> (token: String, expiresAt: Date) {
        let token = "my_" + SecretToken.make()
        let now = app.clock.now()
        let expiresAt = now.addingTimeInterval(Double(app.config.tokenLifetimeDays) * 86400)
        try await app.write { db in
            try await APIToken(tokenHash: SecretToken.digest(token), officerID: officerID, label: label, now: now, expiresAt: expiresAt).create(on: db)
            try await AuditLog.append(on: db, kind: .tokenIssued, matterID: nil, actorID: officerID, fields: ["label": label], at: now)
        }
        return (token, expiresAt)
    }

    static func cookie(_ token: String, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, expires: nil, maxAge: maxAge, domain: nil, path: "/", isSecure: true, isHTTPOnly: true, sameSite: .strict)
    }

    static var expiredCookie: HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/", isSecure: true, isHTTPOnly: true, sameSite: .strict)
    }
}

extension Application {
    package var auth: AuthService { AuthService(app: self) }
}
