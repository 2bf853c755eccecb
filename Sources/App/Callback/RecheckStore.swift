import Fluent
import Foundation
import LedgerCore
import SQLKit

/// The re-checks' tables (M0051): the daily draws, the matters drawn, and what became of them.
enum RecheckStore {
    /// A matter closed as satisfied that no draw has taken yet.
    struct Candidate: Decodable, Sendable {
        let matterId: Int, round: Int, unitId: Int, districtId: Int?, closedAt: Date
    }

    /// One re-check, with what the office needs for the call (never handling notes or a name).
    struct Row: Decodable, Sendable {
        let id: Int, matterId: Int, round: Int, complainantId: Int, unitId: Int, districtId: Int?, cityId: Int
        let closedAt: Date, state: RecheckState, decidedAt: Date?, comment: String?
    }

    struct Waiting: Decodable, Sendable {
        let id: Int, matterId: Int, round: Int, complainantId: Int, reference: String, closedAt: Date
        let reply: String?, rating: Satisfaction, phoneSealed: String, calls: Int
    }

    struct Settled: Decodable, Sendable { let key: Int?; let state: RecheckState; let n: Int }

    /// Records today's draw for a city, unless an instance already did: nil then.
    static func claimDraw(cityID: Int, day: Day, at now: Date, on db: any Database) async throws -> Int? {
        try await db.statements.value("""
            INSERT INTO recheck_draws (city_id, day, drawn_at, candidates, drawn)
            VALUES (\(bind: cityID), \(bind: day.description), \(bind: now), 0, 0)
            ON CONFLICT (city_id, day) DO NOTHING RETURNING id
            """, column: "id", as: Int.self)
    }

    static func finishDraw(_ drawID: Int, candidates: Int, drawn: Int, on db: any Database) async throws {
        try await db.statements.run("""
            UPDATE recheck_draws SET candidates = \(bind: candidates), drawn = \(bind: drawn) WHERE id = \(bind: drawID)
            """)
    }

    /// When the city's last draw ran, if ever.
    static func lastDraw(cityID: Int, on db: any Database) async throws -> Date? {
        try await db.statements.value("""
            SELECT drawn_at FROM recheck_draws WHERE city_id = \(bind: cityID) ORDER BY drawn_at DESC LIMIT 1
            """, column: "drawn_at", as: Date.self)
    }

    /// Matters of the city closed in [since, until) whose closing round has a certified
    /// satisfied rating (rated_at is kept only for those, M0048), not drawn before; on the
    /// closed_at index.
    static func candidates(cityID: Int, since: Date, until: Date, on db: any Database) async throws -> [Candidate] {
        try await db.statements.rows("""
            SELECT m.id AS matter_id, m.round, m.unit_id, m.district_id, m.closed_at FROM matters m
            WHERE m.closed_at >= \(bind: since) AND m.closed_at < \(bind: until) AND m.status = 'closed' AND m.city_id = \(bind: cityID)
              AND EXISTS (SELECT 1 FROM complainant_rounds r WHERE r.matter_id = m.id AND r.round = m.round
                          AND r.rated_at IS NOT NULL AND r.rating IN ('satisfied', 'basicallySatisfied'))
              AND NOT EXISTS (SELECT 1 FROM rechecks k WHERE k.matter_id = m.id AND k.round = m.round)
            ORDER BY m.id
            """)
    }

    /// The complainants of a round who said they were satisfied, in a certified rating.
    static func satisfiedComplainants(matterID: Int, round: Int, on db: any Database) async throws -> [Int] {
        try await db.statements.values("""
            SELECT complainant_id FROM complainant_rounds
            WHERE matter_id = \(bind: matterID) AND round = \(bind: round) AND rated_at IS NOT NULL
              AND rating IN ('satisfied', 'basicallySatisfied')
            ORDER BY complainant_id
            """, column: "complainant_id", as: Int.self)
    }

    static func insert(_ candidate: Candidate, complainantID: Int, cityID: Int, drawID: Int, on db: any Database) async throws -> Int {
        try await db.statements.value("""
            INSERT INTO rechecks (matter_id, round, complainant_id, unit_id, district_id, city_id, closed_at, draw_id, state)
            VALUES (\(bind: candidate.matterId), \(bind: candidate.round), \(bind: complainantID), \(bind: candidate.unitId),
                    \(bind: candidate.districtId), \(bind: cityID), \(bind: candidate.closedAt), \(bind: drawID), 'pending')
            RETURNING id
            """, column: "id", as: Int.self)!
    }

    static func find(_ id: Int, on db: any Database) async throws -> Row? {
        try await db.statements.row("""
            SELECT id, matter_id, round, complainant_id, unit_id, district_id, city_id, closed_at, state, decided_at, comment
            FROM rechecks WHERE id = \(bind: id)
            """)
    }

    /// The re-check waiting for this resident of this round, if any.
    static func pending(matterID: Int, round: Int, on db: any Database) async throws -> Row? {
        try await db.statements.row("""
            SELECT id, matter_id, round, complainant_id, unit_id, district_id, city_id, closed_at, state, decided_at, comment
            FROM rechecks WHERE matter_id = \(bind: matterID) AND round = \(bind: round) AND state = 'pending'
            """)
    }

    static func ofMatter(_ matterID: Int, on db: any Database) async throws -> [Row] {
        try await db.statements.rows("""
            SELECT id, matter_id, round, complainant_id, unit_id, district_id, city_id, closed_at, state, decided_at, comment
            FROM rechecks WHERE matter_id = \(bind: matterID) ORDER BY id
            """)
    }

    /// Settles a waiting re-check; false if it was settled meanwhile.
    static func settle(_ id: Int, state: RecheckState, at now: Date, by officerID: Int, comment: String?, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE rechecks SET state = \(bind: state.rawValue), decided_at = \(bind: now), decided_by = \(bind: officerID), comment = \(bind: comment)
            WHERE id = \(bind: id) AND state = 'pending' RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    /// Waiting re-checks of the matters an office covers, oldest draw first (on the partial index).
    static func waiting(office: TreePlace, limit: Int, on db: any Database) async throws -> [Waiting] {
        let district: SQLQueryString = office.districtID.map { "AND k.district_id = \(bind: $0)" } ?? ""
        return try await db.statements.rows("""
            SELECT k.id, k.matter_id, k.round, k.complainant_id, m.reference, k.closed_at, r.reply, r.rating, c.phone_sealed,
                   (SELECT COUNT(*) FROM callback_calls x WHERE x.recheck_id = k.id) AS calls
            FROM rechecks k
            JOIN matters m ON m.id = k.matter_id
            JOIN complainants c ON c.id = k.complainant_id
            JOIN complainant_rounds r ON r.matter_id = k.matter_id AND r.round = k.round AND r.complainant_id = k.complainant_id
            WHERE k.state = 'pending' AND k.city_id = \(bind: office.cityID) \(district)
            ORDER BY k.id
            LIMIT \(bind: limit)
            """)
    }

    /// Re-checks settled in [from, to) within `scope`, counted per `group` column and state.
    static func settled(scope: SQLQueryString, group: String, from: Date, to: Date, on db: any Database) async throws -> [Settled] {
        try await db.statements.rows("""
            SELECT \(unsafeRaw: group) AS key, state, COUNT(*) AS n FROM rechecks
            WHERE \(scope) AND decided_at >= \(bind: from) AND decided_at < \(bind: to)
            GROUP BY \(unsafeRaw: group), state
            """)
    }
}
