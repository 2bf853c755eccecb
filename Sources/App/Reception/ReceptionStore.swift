import LedgerCore
import Fluent
import SQLKit
import Foundation

/// The queries of reception rooms, their inspections and their log.
enum ReceptionStore {
    static func rooms(within reach: Reach, after cursor: Int? = nil, limit: Int, on db: any Database) async throws -> [ReceptionRoom] {
        let query = ReceptionRoom.query(on: db).within(reach)
        if let cursor { query.filter(\.$id > cursor) }
        return try await query.sort(\.$id).limit(limit).all()
    }

    /// The room's latest inspections, newest first.
    static func inspections(ofRoom roomID: Int, limit: Int, on db: any Database) async throws -> [RoomInspection] {
        try await RoomInspection.query(on: db).filter(\.$roomID == roomID).sort(\.$day, .descending).limit(limit).all()
    }

    /// The room's latest log entries, newest first.
    static func entries(ofRoom roomID: Int, limit: Int, on db: any Database) async throws -> [ReceptionLogEntry] {
        try await ReceptionLogEntry.query(on: db).filter(\.$roomID == roomID).sort(\.$at, .descending).sort(\.$id, .descending).limit(limit).all()
    }

    /// What the reception counts are grouped by: the column holding it.
    enum Grouping: String { case room = "room_id", station = "unit_id", district = "district_id" }

    /// Log entries, residents served and services by kind within `reach` in [from, to), per
    /// room, station or district.
    static func counts(within reach: Reach, groupedBy grouping: Grouping, from: Date, to: Date,
                       on db: any Database) async throws -> [ReceptionService.Counts] {
        let column = grouping.rawValue
        func kind(_ kind: ReceptionServiceKind) -> SQLQueryString { "CAST(SUM(CASE WHEN service_kind = \(bind: kind.rawValue) THEN 1 ELSE 0 END) AS BIGINT)" }
        return try await db.statements.rows("""
            SELECT \(unsafeRaw: column) AS key, COUNT(*) AS entries, CAST(SUM(residents_served) AS BIGINT) AS residents_served,
                   \(kind(.consultationHelp)) AS consultation_help, \(kind(.disputeMediation)) AS dispute_mediation,
                   \(kind(.emergencyHelp)) AS emergency_help, \(kind(.businessOnBehalf)) AS business_on_behalf,
                   \(kind(.otherService)) AS other_service
            FROM reception_log WHERE \(reach.sql()) AND at >= \(bind: from) AND at < \(bind: to) AND \(unsafeRaw: column) IS NOT NULL
            GROUP BY \(unsafeRaw: column) ORDER BY \(unsafeRaw: column)
            """)
    }
}
