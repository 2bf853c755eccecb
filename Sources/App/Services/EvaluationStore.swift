import Fluent
import Foundation
import LedgerCore
import SQLKit

/// The tables of 好差评 (M0054): evaluation links, the residents' ratings with their appeals,
/// the rectification tasks of real-name 差评, and the monthly figures per hall and window.
enum EvaluationStore {
    // MARK: - The case being rated

    /// A served appointment or a completed application, with where it was served.
    struct Case: Decodable, Sendable {
        let kind: EvaluatedCase
        let id: Int
        let code: String
        let serviceCode: String
        let phoneSealed: String
        let finished: Bool
        let finishedAt: Date?
        let unitId: Int
        let hallId: Int?
        let hallName: String?
        let windowId: Int?
        let windowName: String?
    }

    /// The case behind a booking (`YY-…`) or application (`BL-…`) code, or by its id.
    static func `case`(_ kind: EvaluatedCase, code: String? = nil, id: Int? = nil, on db: any Database) async throws -> Case? {
        let condition: SQLQueryString = if let code { "code = \(bind: code)" } else { "id = \(bind: id ?? 0)" }
        switch kind {
        case .appointment:
            return try await db.statements.row("""
                SELECT 'appointment' AS kind, a.id, a.code, a.service_code, a.phone_sealed,
                       (a.status = 'served') AS finished, a.served_at AS finished_at,
                       h.unit_id, h.id AS hall_id, h.name AS hall_name, w.id AS window_id, w.name AS window_name
                FROM (SELECT * FROM appointments WHERE \(condition)) a
                JOIN appointment_slots s ON s.id = a.slot_id
                JOIN hall_windows w ON w.id = s.window_id
                JOIN service_halls h ON h.id = w.hall_id
                """)
        case .application:
            return try await db.statements.row("""
                SELECT 'application' AS kind, id, code, service_code, phone_sealed,
                       (status = 'completed') AS finished,
                       CASE WHEN status = 'completed' THEN updated_at END AS finished_at,
                       unit_id, NULL AS hall_id, NULL AS hall_name, NULL AS window_id, NULL AS window_name
                FROM service_applications WHERE \(condition)
                """)
        }
    }

    // MARK: - Links

    struct Link: Decodable, Sendable {
        let id: Int, caseKind: EvaluatedCase, caseId: Int, expiresAt: Date, usedAt: Date?
    }

    /// Stores a link's digest; a case has one link, so a second call changes nothing.
    static func insertLink(kind: EvaluatedCase, caseID: Int, tokenDigest: String, at now: Date, expires: Date, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            INSERT INTO evaluation_links (case_kind, case_id, token_digest, created_at, expires_at)
            VALUES (\(bind: kind.rawValue), \(bind: caseID), \(bind: tokenDigest), \(bind: now), \(bind: expires))
            ON CONFLICT DO NOTHING RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    static func link(tokenDigest: String, on db: any Database) async throws -> Link? {
        try await db.statements.row("""
            SELECT id, case_kind, case_id, expires_at, used_at FROM evaluation_links WHERE token_digest = \(bind: tokenDigest)
            """)
    }

    static func spendLink(kind: EvaluatedCase, caseID: Int, at now: Date, on db: any Database) async throws {
        try await db.statements.run("""
            UPDATE evaluation_links SET used_at = \(bind: now)
            WHERE case_kind = \(bind: kind.rawValue) AND case_id = \(bind: caseID) AND used_at IS NULL
            """)
    }

    // MARK: - Evaluations

    struct Evaluation: Decodable, Sendable {
        let id: Int, caseKind: EvaluatedCase, caseId: Int, serviceCode: String
        let unitId: Int, districtId: Int?, cityId: Int, hallId: Int?, windowId: Int?
        let rating: ServiceRating, reasons: String, comment: String, channel: EvaluationChannel, anonymous: Bool, ratedAt: Date
        let appealState: EvaluationAppealState?, appealReason: String?, appealedAt: Date?, appealDecidedAt: Date?, appealNote: String?

        var reasonList: [EvaluationReason] {
            ((try? JSONDecoder().decode([String].self, from: Data(reasons.utf8))) ?? []).compactMap(EvaluationReason.init(rawValue:))
        }
        var place: TreePlace { TreePlace(unitID: unitId, districtID: districtId, cityID: cityId) }
    }

    private static let columns: SQLQueryString = """
        id, case_kind, case_id, service_code, unit_id, district_id, city_id, hall_id, window_id, rating, reasons, comment, channel,
        anonymous, rated_at, appeal_state, appeal_reason, appealed_at, appeal_decided_at, appeal_note
        """

    struct NewEvaluation: Sendable {
        let caseItem: Case, place: TreePlace, rating: ServiceRating, reasons: [EvaluationReason], comment: String
        let channel: EvaluationChannel, anonymous: Bool, at: Date
    }

    /// Records a rating; nil when the case was rated already (一次一评, held by the unique key).
    static func insert(_ new: NewEvaluation, on db: any Database) async throws -> Int? {
        let reasons = String(decoding: try JSONEncoder().encode(new.reasons.map(\.rawValue)), as: UTF8.self)
        return try await db.statements.value("""
            INSERT INTO service_evaluations (case_kind, case_id, service_code, unit_id, district_id, city_id, hall_id, window_id,
                rating, reasons, comment, channel, anonymous, rated_at)
            VALUES (\(bind: new.caseItem.kind.rawValue), \(bind: new.caseItem.id), \(bind: new.caseItem.serviceCode), \(bind: new.place.unitID),
                \(bind: new.place.districtID), \(bind: new.place.cityID), \(bind: new.caseItem.hallId), \(bind: new.caseItem.windowId),
                \(bind: new.rating.rawValue), \(bind: reasons), \(bind: new.comment), \(bind: new.channel.rawValue), \(bind: new.anonymous),
                \(bind: new.at))
            ON CONFLICT DO NOTHING RETURNING id
            """, column: "id", as: Int.self)
    }

    static func evaluation(_ id: Int, on db: any Database) async throws -> Evaluation? {
        try await db.statements.row("SELECT \(columns) FROM service_evaluations WHERE id = \(bind: id)")
    }

    static func evaluation(of kind: EvaluatedCase, caseID: Int, on db: any Database) async throws -> Evaluation? {
        try await db.statements.row("""
            SELECT \(columns) FROM service_evaluations WHERE case_kind = \(bind: kind.rawValue) AND case_id = \(bind: caseID)
            """)
    }

    /// The newest ratings the officer reaches, optionally only the 差评.
    static func evaluations(within reach: Reach, badOnly: Bool, before cursor: Int?, limit: Int, on db: any Database) async throws -> [Evaluation] {
        let bad: SQLQueryString = badOnly ? "AND rating IN ('dissatisfied','veryDissatisfied')" : ""
        let after: SQLQueryString = cursor.map { "AND id < \(bind: $0)" } ?? ""
        return try await db.statements.rows("""
            SELECT \(columns) FROM service_evaluations WHERE \(reach.sql()) \(bad) \(after) ORDER BY id DESC LIMIT \(bind: limit)
            """)
    }

    /// Appeals waiting for a call-back office: those of its city, or of its district.
    static func pendingAppeals(office: TreePlace, limit: Int, on db: any Database) async throws -> [Evaluation] {
        let district: SQLQueryString = office.districtID.map { "AND district_id = \(bind: $0)" } ?? ""
        return try await db.statements.rows("""
            SELECT \(columns) FROM service_evaluations
            WHERE appeal_state = 'pending' AND city_id = \(bind: office.cityID) \(district) ORDER BY id LIMIT \(bind: limit)
            """)
    }

    /// Files an appeal, unless one was filed meanwhile.
    static func fileAppeal(_ id: Int, reason: String, by officerID: Int, at now: Date, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE service_evaluations SET appeal_state = 'pending', appeal_reason = \(bind: reason), appealed_by = \(bind: officerID),
                appealed_at = \(bind: now)
            WHERE id = \(bind: id) AND appeal_state IS NULL RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    static func decideAppeal(_ id: Int, upheld: Bool, note: String, by officerID: Int, at now: Date, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE service_evaluations SET appeal_state = \(bind: upheld ? "upheld" : "rejected"), appeal_note = \(bind: note),
                appeal_decided_by = \(bind: officerID), appeal_decided_at = \(bind: now)
            WHERE id = \(bind: id) AND appeal_state = 'pending' RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    // MARK: - Monthly figures

    /// One hall's window (or a unit's online applications, with no hall) in a month.
    struct Figure: Decodable, Sendable {
        let unitId: Int, hallId: Int?, windowId: Int?
        let total: Int, verySatisfied: Int, satisfied: Int, basicallySatisfied: Int, dissatisfied: Int, veryDissatisfied: Int
        /// 差评 set aside on appeal: shown, not counted.
        let setAside: Int
    }

    /// The ratings of [from, until) per hall and window (applications per unit), within a reach.
    static func figures(within reach: Reach?, from: Date, until: Date, on db: any Database) async throws -> [Figure] {
        let scope: SQLQueryString = reach.map { "AND \($0.sql())" } ?? ""
        let counted: SQLQueryString = "(appeal_state IS NULL OR appeal_state <> 'upheld')"
        return try await db.statements.rows("""
            SELECT unit_id, hall_id, window_id,
                CAST(SUM(CASE WHEN \(counted) THEN 1 ELSE 0 END) AS BIGINT) AS total,
                CAST(SUM(CASE WHEN \(counted) AND rating = 'verySatisfied' THEN 1 ELSE 0 END) AS BIGINT) AS very_satisfied,
                CAST(SUM(CASE WHEN \(counted) AND rating = 'satisfied' THEN 1 ELSE 0 END) AS BIGINT) AS satisfied,
                CAST(SUM(CASE WHEN \(counted) AND rating = 'basicallySatisfied' THEN 1 ELSE 0 END) AS BIGINT) AS basically_satisfied,
                CAST(SUM(CASE WHEN \(counted) AND rating = 'dissatisfied' THEN 1 ELSE 0 END) AS BIGINT) AS dissatisfied,
                CAST(SUM(CASE WHEN \(counted) AND rating = 'veryDissatisfied' THEN 1 ELSE 0 END) AS BIGINT) AS very_dissatisfied,
                CAST(SUM(CASE WHEN appeal_state = 'upheld' THEN 1 ELSE 0 END) AS BIGINT) AS set_aside
            FROM service_evaluations
            WHERE rated_at >= \(bind: from) AND rated_at < \(bind: until) \(scope)
            GROUP BY unit_id, hall_id, window_id
            ORDER BY unit_id, hall_id, window_id
            """)
    }

    /// Rectification tasks of ratings made in [from, until), per hall (per unit for applications).
    struct TaskFigure: Decodable, Sendable {
        let unitId: Int, hallId: Int?, opened: Int, rectified: Int, rectifiedOnTime: Int, open: Int
    }

    static func taskFigures(within reach: Reach?, from: Date, until: Date, on db: any Database) async throws -> [TaskFigure] {
        let scope: SQLQueryString = reach.map { "AND \($0.sql(.records(alias: "t")))" } ?? ""
        return try await db.statements.rows("""
            SELECT t.unit_id, e.hall_id,
                CAST(SUM(CASE WHEN t.stage <> 'withdrawn' THEN 1 ELSE 0 END) AS BIGINT) AS opened,
                CAST(SUM(CASE WHEN t.stage = 'rectified' THEN 1 ELSE 0 END) AS BIGINT) AS rectified,
                CAST(SUM(CASE WHEN t.stage = 'rectified' AND t.rectified_at <= t.rectify_due_at THEN 1 ELSE 0 END) AS BIGINT)
                    AS rectified_on_time,
                CAST(SUM(CASE WHEN t.stage IN ('awaitingCallback','awaitingRectification') THEN 1 ELSE 0 END) AS BIGINT) AS open
            FROM rectification_tasks t JOIN service_evaluations e ON e.id = t.evaluation_id
            WHERE t.rated_at >= \(bind: from) AND t.rated_at < \(bind: until) \(scope)
            GROUP BY t.unit_id, e.hall_id
            ORDER BY t.unit_id, e.hall_id
            """)
    }
}
