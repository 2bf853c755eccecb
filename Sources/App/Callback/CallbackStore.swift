import Fluent
import Foundation
import LedgerCore
import SQLKit

/// The call-back office's tables: its calls, and the replies waiting for a rating.
enum CallbackStore {
    struct Call: Decodable, Sendable {
        let id: Int, officerId: Int, calledAt: Date, outcome: CallOutcome, note: String?
    }

    /// One reply no one has rated yet: what the office needs for a call and nothing more (no
    /// handling notes, no result, no name).
    struct Waiting: Decodable, Sendable {
        let matterId: Int, round: Int, complainantId: Int, reference: String
        let reply: String, repliedAt: Date, phoneSealed: String, calls: Int
    }

    static func calls(matterID: Int, round: Int, complainantID: Int, on db: any Database) async throws -> [Call] {
        try await db.statements.rows("""
            SELECT id, officer_id, called_at, outcome, note FROM callback_calls
            WHERE matter_id = \(bind: matterID) AND round = \(bind: round) AND complainant_id = \(bind: complainantID)
              AND recheck_id IS NULL
            ORDER BY called_at, id
            """)
    }

    /// The calls made for one re-check.
    static func calls(recheckID: Int, on db: any Database) async throws -> [Call] {
        try await db.statements.rows("""
            SELECT id, officer_id, called_at, outcome, note FROM callback_calls WHERE recheck_id = \(bind: recheckID)
            ORDER BY called_at, id
            """)
    }

    static func insert(matterID: Int, round: Int, complainantID: Int, officerID: Int, officeID: Int, at calledAt: Date,
                       outcome: CallOutcome, note: String?, recheckID: Int? = nil, on db: any Database) async throws {
        try await db.statements.run("""
            INSERT INTO callback_calls (matter_id, round, complainant_id, officer_id, office_id, called_at, outcome, note, recheck_id)
            VALUES (\(bind: matterID), \(bind: round), \(bind: complainantID), \(bind: officerID), \(bind: officeID),
                    \(bind: calledAt), \(bind: outcome.rawValue), \(bind: note), \(bind: recheckID))
            """)
    }

    /// Unrated replies of replied matters the office covers, given at or before `repliedBefore`,
    /// oldest first (on the partial index of M0050). The caller applies the working-day rule.
    static func waiting(office: TreePlace, repliedBefore: Date, limit: Int, on db: any Database) async throws -> [Waiting] {
        let district: SQLQueryString = office.districtID.map { "AND m.district_id = \(bind: $0)" } ?? ""
        return try await db.statements.rows("""
            SELECT r.matter_id, r.round, r.complainant_id, m.reference, r.reply, r.replied_at, c.phone_sealed,
                   (SELECT COUNT(*) FROM callback_calls k
                    WHERE k.matter_id = r.matter_id AND k.round = r.round AND k.complainant_id = r.complainant_id
                      AND k.recheck_id IS NULL) AS calls
            FROM complainant_rounds r
            JOIN matters m ON m.id = r.matter_id
            JOIN complainants c ON c.id = r.complainant_id
            WHERE r.rating IS NULL AND r.reply IS NOT NULL AND r.replied_at <= \(bind: repliedBefore)
              AND r.unreachable_note IS NULL AND m.status = 'replied' AND m.round = r.round
              AND m.city_id = \(bind: office.cityID) \(district)
            ORDER BY r.replied_at, r.id
            LIMIT \(bind: limit)
            """)
    }
}
