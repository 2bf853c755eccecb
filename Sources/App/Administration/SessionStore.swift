import Fluent
import Foundation
import LedgerCore
import SQLKit

/// The queries of browser sessions and bearer tokens, and of who is behind them.
enum SessionStore {
    /// The session whose cookie token has this digest.
    static func session(digest: String, on db: any Database) async throws -> StaffSession? {
        try await StaffSession.select("WHERE id = \(bind: digest)", on: db).first
    }

    /// The enabled officer behind an unrevoked bearer token, with their unit, in one statement:
    /// every API call starts here.
    static func signedIn(tokenDigest: String, now: Date, on db: any Database) async throws -> SignedIn? {
        try await signedIn(where: """
            JOIN api_tokens t ON t.officer_id = o.id
            WHERE t.id = \(bind: tokenDigest) AND t.revoked_at IS NULL AND t.expires_at > \(bind: now)
            """, session: nil, on: db)
    }

    /// An officer's tokens that still sign in, newest first.
    static func liveTokens(ofOfficer officerID: Int, now: Date, on db: any Database) async throws -> [APIToken] {
        try await APIToken.query(on: db).filter(\.$officerID == officerID).filter(\.$revokedAt == nil).filter(\.$expiresAt > now)
            .sort(\.$createdAt, .descending).all()
    }

    /// Revokes one of an officer's tokens; false if the officer has no such live token.
    static func revokeToken(_ digest: String, ofOfficer officerID: Int, at now: Date, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE api_tokens SET revoked_at = \(bind: now)
            WHERE id = \(bind: digest) AND officer_id = \(bind: officerID) AND revoked_at IS NULL RETURNING id
            """, column: "id", as: String.self) != nil
    }

    /// The officer of a session, if the account is still enabled.
    static func signedIn(officerID: Int, session: StaffSession?, on db: any Database) async throws -> SignedIn? {
        try await signedIn(where: "WHERE o.id = \(bind: officerID)", session: session, on: db)
    }

    /// The enabled officer (`o`) that `condition` picks, with their unit (`u`).
    private static func signedIn(where condition: SQLQueryString, session: StaffSession?, on db: any Database) async throws -> SignedIn? {
        guard let row = try await db.statements.row("""
            SELECT o.id AS officer_id, o.username, o.display_name, o.role, u.id AS unit_id, u.kind, u.name
            FROM officers o JOIN units u ON u.id = o.unit_id \(condition) AND NOT o.disabled
            """, as: OfficerRow.self) else { return nil }
        guard let role = Role(rawValue: row.role), let kind = UnitKind(rawValue: row.kind) else {
            throw AppError(status: .internalServerError, title: "Unreadable officer", detail: "role or unit kind holds an unknown value")
        }
        return SignedIn(officerID: row.officerId, username: row.username, displayName: row.displayName, role: role,
                        unitID: row.unitId, unitKind: kind, unitName: row.name, sessionID: session?.id, csrfToken: session?.csrfToken)
    }

    private struct OfficerRow: Decodable {
        let officerId: Int, username: String, displayName: String, role: String, unitId: Int, kind: String, name: String
    }

    static func touch(session id: String, at now: Date, on db: any Database) async throws {
        try await StaffSession.query(on: db).filter(\.$id == id).set(\.$lastSeenAt, to: now).update()
    }

    static func delete(session id: String, on db: any Database) async throws {
        try await StaffSession.query(on: db).filter(\.$id == id).delete()
    }

    /// Ends the officer's sessions, all or all but one.
    static func deleteSessions(ofOfficer officerID: Int, except kept: String? = nil, on db: any Database) async throws {
        let sessions = StaffSession.query(on: db).filter(\.$officerID == officerID)
        if let kept { sessions.filter(\.$id != kept) }
        try await sessions.delete()
    }

    /// Ends sessions idle since `idleCutoff` or started before `absoluteCutoff`.
    static func deleteExpired(idleSince idleCutoff: Date, startedBefore absoluteCutoff: Date, on db: any Database) async throws {
        try await StaffSession.query(on: db).filter(\.$lastSeenAt < idleCutoff).delete()
        try await StaffSession.query(on: db).filter(\.$createdAt < absoluteCutoff).delete()
    }

    static func revokeTokens(ofOfficer officerID: Int, at now: Date, on db: any Database) async throws {
        try await APIToken.query(on: db).filter(\.$officerID == officerID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
    }

    /// Ends a bearer token at once (the token is stored by its digest only).
    static func revokeToken(digest: String, at now: Date, on db: any Database) async throws {
        try await APIToken.query(on: db).filter(\.$id == digest).set(\.$revokedAt, to: now).update()
    }
}
