import Fluent
import LedgerCore
import SQLKit

/// The SQL of the unit tree that the pages need beyond Fluent's plain queries.
enum UnitStore {
    /// The partner bodies of a city, id and name only: decoding hundreds of whole `Unit` models
    /// was an eighth of the matter page's CPU.
    static func partners(ofCity cityID: Int, on db: any Database) async throws -> [UnitName] {
        try await db.statements.rows("""
            SELECT id, name FROM units WHERE kind = \(bind: UnitKind.partner.rawValue) AND city_id = \(bind: cityID) ORDER BY id LIMIT 500
            """)
    }

    struct UnitName: Decodable { let id: Int; let name: String }

    /// The bureaus and stations within `reach` (no partner bodies), in id order: the choices of
    /// the list and message pages.
    static func bureaus(within reach: Reach, on db: any Database) async throws -> [Unit] {
        try await Unit.query(on: db).within(reach).filter(\.$kind != .partner).sort(\.$id).all()
    }

    /// The unit tree, optionally one kind or the children of one unit.
    static func list(kind: UnitKind?, parent: Int?, after cursor: Int? = nil, limit: Int, on db: any Database) async throws -> [Unit] {
        let query = Unit.query(on: db).sort(\.$id)
        if let cursor { query.filter(\.$id > cursor) }
        if let kind { query.filter(\.$kind == kind) }
        if let parent { query.filter(\.$parentID == parent) }
        return try await query.limit(limit).all()
    }

    /// The units of one kind in id order (the city bureau, the districts, the stations).
    static func units(kind: UnitKind, limit: Int? = nil, on db: any Database) async throws -> [Unit] {
        let query = Unit.query(on: db).filter(\.$kind == kind).sort(\.$id)
        if let limit { query.limit(limit) }
        return try await query.all()
    }

    /// Units by id, with their names; those not asked for are not read.
    static func units(ids: some Collection<Int>, on db: any Database) async throws -> [Unit] {
        try await Unit.fetch(ids, on: db)
    }

    /// Every unit's name by id (exports label rows with them).
    static func names(on db: any Database) async throws -> [Int: String] {
        try await db.statements.rows("SELECT id, name FROM units", as: UnitName.self).reduce(into: [:]) { $0[$1.id] = $1.name }
    }
}
