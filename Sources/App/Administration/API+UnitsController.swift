import Fluent
import LedgerCore
import Vapor

extension API {
    /// `/api/v1/units`: the unit tree and partner bodies.
    enum UnitsController {
        struct UnitDTO: Content {
            let id: Int; let name: String; let kind: UnitKind; let parentId: Int?; let districtId: Int?; let cityId: Int?
            init(_ unit: Unit) {
                id = unit.id!; name = unit.name; kind = unit.kind; parentId = unit.parentID; districtId = unit.districtID; cityId = unit.cityID
            }
        }
        struct NewUnit: Content { let name: String; let kind: UnitKind; let parentId: Int? }

        @Sendable static func list(req: Request) async throws -> Response {
            _ = try req.officer()
            var kind: UnitKind?, parent: Int?
            if let raw = try? req.query.get(String.self, at: "kind") {
                guard let value = UnitKind(rawValue: raw) else { throw AppError.invalid("kind", "must be city, district, station, partner or callbackOffice") }
                kind = value
            }
            if let raw = try? req.query.get(String.self, at: "parent") {
                guard let value = Int(raw) else { throw AppError.invalid("parent", "must be a unit id") }
                parent = value
            }
            let window = try ListWindow(req, defaultLimit: 500, maxLimit: 2000)
            let page = window.page(try await UnitStore.list(kind: kind, parent: parent, after: window.cursor, limit: window.fetch, on: req.db)) { $0.id }
            return try await window.response(page.rows.map(UnitDTO.init), nextCursor: page.nextCursor, for: req)
        }

        @Sendable static func show(req: Request) async throws -> UnitDTO {
            _ = try req.officer()
            guard let id = req.parameters.get("unitID", as: Int.self), let unit = try await Unit.fetch(id, on: req.db) else {
                throw AppError.notFound("unit")
            }
            return UnitDTO(unit)
        }

        @Sendable static func create(req: Request) async throws -> Response {
            let who = try req.officer()
            guard who.isAdministrator else { throw AppError.forbidden("only administrators manage units") }
            let body = try req.content.decode(NewUnit.self)
            try NewMatterInput.line(body.name, field: "name", max: 100)
            let now = req.now
            let unit = try await req.application.write { db -> Unit in
                let parent = try await body.parentId.asyncMap { try await Unit.fetch($0, on: db) } ?? nil
                switch (body.kind, parent?.kind) {
                case (.city, nil): throw AppError.invalid("kind", "there is already a city bureau")
                case (.district, .city), (.station, .district), (.partner, .city), (.partner, .district),
                     (.callbackOffice, .city), (.callbackOffice, .district): break
                default: throw AppError.invalid("parentId", "a district hangs under the city, a station under a district, a partner or a call-back office under the city or a district")
                }
                if let parent, !who.reach.contains(parent.place) {
                    throw AppError.invalid("parentId", "must be your own unit or a unit under it")
                }
                let unit = Unit(name: body.name, kind: body.kind, parent: parent)
                try await unit.create(on: db)
                try await AuditLog.append(on: db, kind: .unitCreated, matterID: nil, actorID: who.officerID,
                                          fields: ["unit": String(unit.id!), "kind": body.kind.rawValue, "name": body.name], at: now)
                return unit
            }
            return try await UnitDTO(unit).encodeResponse(status: .created, for: req)
        }
    }
}
