import Fluent
import Foundation
import LedgerCore
import SQLKit

/// The rectification tasks of real-name 差评 (M0054): one per rating, placed at the unit that
/// served, with the deadline of the stage it is in.
enum RectificationStore {
    struct Task: Decodable, Sendable {
        let id: Int, evaluationId: Int, unitId: Int, districtId: Int?, cityId: Int
        let stage: RectificationStage, ratedAt: Date, deadlineAt: Date?, rectifyDueAt: Date
        let chaseLevel: Int, escalatedAt: Date?
        let calledBackAt: Date?, callbackNote: String?, rectifiedAt: Date?, answer: String?, withdrawnAt: Date?

        var place: TreePlace { TreePlace(unitID: unitId, districtID: districtId, cityID: cityId) }
    }

    private static let columns: SQLQueryString = """
        id, evaluation_id, unit_id, district_id, city_id, stage, rated_at, deadline_at, rectify_due_at, chase_level, escalated_at,
        called_back_at, callback_note, rectified_at, answer, withdrawn_at
        """

    static func open(evaluationID: Int, place: TreePlace, ratedAt: Date, callbackDue: Date, rectifyDue: Date, on db: any Database) async throws -> Int {
        guard let id = try await db.statements.value("""
            INSERT INTO rectification_tasks (evaluation_id, unit_id, district_id, city_id, stage, rated_at, deadline_at, rectify_due_at, chase_level)
            VALUES (\(bind: evaluationID), \(bind: place.unitID), \(bind: place.districtID), \(bind: place.cityID), 'awaitingCallback',
                    \(bind: ratedAt), \(bind: callbackDue), \(bind: rectifyDue), 0)
            RETURNING id
            """, column: "id", as: Int.self) else { throw AppError.conflict("the rating already has a rectification task") }
        return id
    }

    /// One task; with `lock`, held until the transaction ends (PostgreSQL) or skipped when
    /// another instance holds it.
    static func task(_ id: Int, lock: MatterStore.RowLock = .none, on db: any Database) async throws -> Task? {
        let suffix: SQLQueryString = switch (lock, db.statements.dialect) {
        case (.wait, .postgresql): "FOR UPDATE"
        case (.skipLocked, .postgresql): "FOR UPDATE SKIP LOCKED"
        default: ""
        }
        return try await db.statements.row("SELECT \(columns) FROM rectification_tasks WHERE id = \(bind: id) \(suffix)")
    }

    static func task(ofEvaluation id: Int, on db: any Database) async throws -> Task? {
        try await db.statements.row("SELECT \(columns) FROM rectification_tasks WHERE evaluation_id = \(bind: id)")
    }

    /// The newest tasks the officer reaches; `openOnly` keeps those still awaiting work.
    static func tasks(within reach: Reach, openOnly: Bool, before cursor: Int?, limit: Int, on db: any Database) async throws -> [Task] {
        let open: SQLQueryString = openOnly ? "AND stage IN ('awaitingCallback','awaitingRectification')" : ""
        let after: SQLQueryString = cursor.map { "AND id < \(bind: $0)" } ?? ""
        return try await db.statements.rows("""
            SELECT \(columns) FROM rectification_tasks WHERE \(reach.sql()) \(open) \(after) ORDER BY id DESC LIMIT \(bind: limit)
            """)
    }

    /// Open tasks whose stage's deadline has passed, longest overdue first (the partial index of M0054).
    static func overdue(now: Date, limit: Int, on db: any Database) async throws -> [Int] {
        try await db.statements.values("""
            SELECT id FROM rectification_tasks
            WHERE stage IN ('awaitingCallback','awaitingRectification') AND deadline_at <= \(bind: now)
            ORDER BY deadline_at, id LIMIT \(bind: limit)
            """, column: "id", as: Int.self)
    }

    static func openCount(on db: any Database) async throws -> Int {
        try await db.statements.value("""
            SELECT COUNT(*) AS n FROM rectification_tasks WHERE stage IN ('awaitingCallback','awaitingRectification')
            """, column: "n", as: Int.self) ?? 0
    }

    /// The call-back is recorded: the task waits for the rectification, chased afresh against its deadline.
    static func recordCallback(_ id: Int, note: String, at calledAt: Date, by officerID: Int, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE rectification_tasks SET stage = 'awaitingRectification', called_back_at = \(bind: calledAt),
                called_back_by = \(bind: officerID), callback_note = \(bind: note), deadline_at = rectify_due_at, chase_level = 0
            WHERE id = \(bind: id) AND stage = 'awaitingCallback' RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    static func recordRectified(_ id: Int, answer: String, at now: Date, by officerID: Int, on db: any Database) async throws -> Bool {
        try await db.statements.value("""
            UPDATE rectification_tasks SET stage = 'rectified', rectified_at = \(bind: now), rectified_by = \(bind: officerID),
                answer = \(bind: answer), deadline_at = NULL
            WHERE id = \(bind: id) AND stage = 'awaitingRectification' RETURNING id
            """, column: "id", as: Int.self) != nil
    }

    /// An upheld appeal withdraws the task, whatever stage it had reached short of done.
    static func withdraw(evaluationID: Int, at now: Date, on db: any Database) async throws {
        try await db.statements.run("""
            UPDATE rectification_tasks SET stage = 'withdrawn', withdrawn_at = \(bind: now), deadline_at = NULL
            WHERE evaluation_id = \(bind: evaluationID) AND stage IN ('awaitingCallback','awaitingRectification')
            """)
    }

    static func recordChase(_ id: Int, chaseLevel: Int, escalatedAt: Date?, on db: any Database) async throws {
        try await db.statements.run("""
            UPDATE rectification_tasks SET chase_level = \(bind: chaseLevel), escalated_at = COALESCE(escalated_at, \(bind: escalatedAt))
            WHERE id = \(bind: id)
            """)
    }
}
