import LedgerCore
import Fluent

/// The queries of reception rooms, their inspections and their log.
enum ReceptionStore {
    static func rooms(within reach: Reach, limit: Int, on db: any Database) async throws -> [ReceptionRoom] {
        try await ReceptionRoom.query(on: db).within(reach).sort(\.$id).limit(limit).all()
    }

    /// The room's latest inspections, newest first.
    static func inspections(ofRoom roomID: Int, limit: Int, on db: any Database) async throws -> [RoomInspection] {
        try await RoomInspection.query(on: db).filter(\.$roomID == roomID).sort(\.$day, .descending).limit(limit).all()
    }

    /// The room's latest log entries, newest first.
    static func entries(ofRoom roomID: Int, limit: Int, on db: any Database) async throws -> [ReceptionLogEntry] {
        try await ReceptionLogEntry.query(on: db).filter(\.$roomID == roomID).sort(\.$at, .descending).sort(\.$id, .descending).limit(limit).all()
    }
}
