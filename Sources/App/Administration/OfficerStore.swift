import Fluent
import LedgerCore

/// The queries of officers' accounts.
enum OfficerStore {
    /// The accounts of the units within `reach`.
    static func within(_ reach: Reach, limit: Int, on db: any Database) async throws -> [Officer] {
        let units = try await Unit.query(on: db).within(reach).all(\.$id)
        return try await Officer.query(on: db).filter(\.$unitID ~~ units).sort(\.$id).limit(limit).all()
    }

    static func usernameTaken(_ username: String, on db: any Database) async throws -> Bool {
        try await Officer.query(on: db).filter(\.$username == username).count() > 0
    }

    /// Officers of the given units who work matters (not administrators), in id order.
    static func workingMatters(in units: [Int], on db: any Database) async throws -> [Officer] {
        try await Officer.query(on: db).filter(\.$unitID ~~ units).filter(\.$role != .administrator).sort(\.$id).all()
    }
}
