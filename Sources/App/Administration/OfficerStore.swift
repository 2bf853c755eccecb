import Fluent
import Foundation
import LedgerCore
import SQLKit

/// The queries of officers' accounts.
enum OfficerStore {
    /// The accounts of the units within `reach`.
    static func within(_ reach: Reach, after cursor: Int? = nil, limit: Int, on db: any Database) async throws -> [Officer] {
        let units = try await Unit.query(on: db).within(reach).all(\.$id)
        let query = Officer.query(on: db).filter(\.$unitID ~~ units)
        if let cursor { query.filter(\.$id > cursor) }
        return try await query.sort(\.$id).limit(limit).all()
    }

    static func usernameTaken(_ username: String, on db: any Database) async throws -> Bool {
        try await Officer.query(on: db).filter(\.$username == username).count() > 0
    }

    /// Officers of the given units who work matters (not administrators), in id order.
    static func workingMatters(in units: [Int], on db: any Database) async throws -> [Officer] {
        try await Officer.query(on: db).filter(\.$unitID ~~ units).filter(\.$role != .administrator).sort(\.$id).all()
    }

    // MARK: - Credentials

    static func officer(username: String, on db: any Database) async throws -> Officer? {
        try await Officer.query(on: db).filter(\.$username == username).first()
    }

    static func clearFailures(of id: Int, on db: any Database) async throws {
        try await Officer.query(on: db).filter(\.$id == id).filter(\.$failedAttempts > 0).set(\.$failedAttempts, to: 0).update()
    }

    /// One more failed sign-in, counted in the update itself so parallel guesses each count;
    /// returns the count.
    static func countFailure(of id: Int, on db: any Database) async throws -> Int {
        try await db.statements.value("UPDATE officers SET failed_attempts = failed_attempts + 1 WHERE id = \(bind: id) RETURNING failed_attempts",
                                      column: "failed_attempts", as: Int.self) ?? 0
    }

    static func lock(_ id: Int, until: Date, on db: any Database) async throws {
        try await Officer.query(on: db).filter(\.$id == id).set(\.$failedAttempts, to: 0).set(\.$lockedUntil, to: until).update()
    }

    /// Records a TOTP time step as used, if it is later than the last one; false if it was not,
    /// so a code is good once even when two sign-ins race with it.
    static func takeTOTPStep(_ step: Int, of id: Int, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE officers SET totp_last_step = \(bind: step) WHERE id = \(bind: id) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step))
            RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    /// A new (not yet confirmed) second-factor secret.
    static func setTOTPSecret(_ sealed: String, of id: Int, on db: any Database) async throws {
        try await Officer.query(on: db).filter(\.$id == id).set(\.$totpSecretSealed, to: sealed).set(\.$totpEnabled, to: false).update()
    }

    static func enableTOTP(of id: Int, on db: any Database) async throws {
        try await Officer.query(on: db).filter(\.$id == id).set(\.$totpEnabled, to: true).update()
    }

    static func replaceOneTimePassword(of id: Int, with hash: String, on db: any Database) async throws {
        try await Officer.query(on: db).filter(\.$id == id).set(\.$passwordHash, to: hash).set(\.$mustChangePassword, to: false).update()
    }

    /// An administrator's reset: a new one-time password and no second factor, to be enrolled
    /// with the password's replacement.
    static func resetCredentials(of id: Int, oneTimeHash hash: String, on db: any Database) async throws {
        try await Officer.query(on: db).filter(\.$id == id).set(\.$passwordHash, to: hash).set(\.$mustChangePassword, to: true)
            .set(\.$totpSecretSealed, to: nil).set(\.$totpEnabled, to: false).set(\.$totpLastStep, to: nil)
            .set(\.$failedAttempts, to: 0).set(\.$lockedUntil, to: nil).update()
    }

    static func setPasswordHash(_ hash: String, of id: Int, on db: any Database) async throws {
        try await Officer.query(on: db).filter(\.$id == id).set(\.$passwordHash, to: hash).update()
    }
}
