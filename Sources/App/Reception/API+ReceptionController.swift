import Fluent
import Foundation
import LedgerCore
import Vapor

extension API {
    /// `/api/v1/reception`: reception rooms, inspections, the service log, escalation and counts.
    enum ReceptionController {
        struct RoomDTO: Content {
            let id: Int; let name: String; let kind: ReceptionRoomKind; let stationId: Int; let districtId: Int?
            let address: String; let hours: String; let languages: [String]; let modelSite: Bool
            init(_ room: ReceptionRoom) {
                id = room.id!; name = room.name; kind = room.kind; stationId = room.unitID; districtId = room.districtID
                address = room.address; hours = room.hours; languages = room.languageList; modelSite = room.modelSite
            }
        }
        struct InspectionDTO: Content {
            let id: Int; let day: String; let inspectorId: Int; let constructionStandard: Bool; let divisionOfDuties: Bool
            let workRules: Bool; let managementRules: Bool; let findings: String
            init(_ i: RoomInspection) {
                id = i.id!; day = i.day; inspectorId = i.inspectorID; constructionStandard = i.constructionStandard
                divisionOfDuties = i.divisionOfDuties; workRules = i.workRules; managementRules = i.managementRules; findings = i.findings
            }
        }
        struct EntryDTO: Content {
            let id: Int; let roomId: Int; let at: Date; let officerId: Int; let residentsServed: Int; let serviceKind: ReceptionServiceKind
            let foreignResident: Bool; let language: String?; let summary: String; let outcome: String; let matterId: Int?
            init(_ e: ReceptionLogEntry) {
                id = e.id!; roomId = e.roomID; at = e.at; officerId = e.officerID; residentsServed = e.residentsServed; serviceKind = e.serviceKind
                foreignResident = e.foreignResident; language = e.language; summary = e.summary; outcome = e.outcome; matterId = e.matterID
            }
        }
        struct RoomDetail: Content { let room: RoomDTO; let inspections: [InspectionDTO]; let recentEntries: [EntryDTO] }

        static func roomID(_ req: Request) throws -> Int {
            guard let id = req.parameters.get("roomID", as: Int.self) else { throw AppError.notFound("reception room") }
            return id
        }

        @Sendable static func rooms(req: Request) async throws -> Response {
            let window = try ListWindow(req, defaultLimit: 500, maxLimit: 1000)
            let page = try await roomPage(req, window)
            return try await window.response(page.rooms, nextCursor: page.nextCursor, for: req)
        }

        /// One page of the rooms within the officer's reach (the API's and the page's).
        static func roomPage(_ req: Request, _ window: ListWindow) async throws -> (rooms: [RoomDTO], nextCursor: String?) {
            let who = try req.officer()
            let page = window.page(try await ReceptionStore.rooms(within: who.reach, after: window.cursor, limit: window.fetch, on: req.db)) { $0.id }
            return (page.rows.map(RoomDTO.init), page.nextCursor)
        }

        @Sendable static func createRoom(req: Request) async throws -> Response {
            let who = try req.officer()
            let room = try await req.application.reception.createRoom(try req.content.decode(ReceptionService.NewRoom.self), by: who)
            return try await RoomDTO(room).encodeResponse(status: .created, for: req)
        }

        static func detail(_ id: Int, who: SignedIn, app: Application) async throws -> RoomDetail {
            let room = try await app.reception.room(id, for: who, on: app.db)
            let inspections = try await ReceptionStore.inspections(ofRoom: id, limit: 20, on: app.db)
            let entries = try await ReceptionStore.entries(ofRoom: id, limit: 50, on: app.db)
            return RoomDetail(room: RoomDTO(room), inspections: inspections.map(InspectionDTO.init), recentEntries: entries.map(EntryDTO.init))
        }

        @Sendable static func room(req: Request) async throws -> RoomDetail {
            try await detail(try roomID(req), who: try req.officer(), app: req.application)
        }

        @Sendable static func inspect(req: Request) async throws -> Response {
            let who = try req.officer()
            let inspection = try await req.application.reception.inspect(roomID: try roomID(req), try req.content.decode(ReceptionService.NewInspection.self), by: who)
            return try await InspectionDTO(inspection).encodeResponse(status: .created, for: req)
        }

        @Sendable static func log(req: Request) async throws -> Response {
            let who = try req.officer()
            let entry = try await req.application.reception.log(roomID: try roomID(req), try req.content.decode(ReceptionService.NewEntry.self), by: who)
            return try await EntryDTO(entry).encodeResponse(status: .created, for: req)
        }

        @Sendable static func entry(req: Request) async throws -> EntryDTO {
            let who = try req.officer()
            guard let id = req.parameters.get("entryID", as: Int.self), let entry = try await ReceptionLogEntry.fetch(id, on: req.db),
                  entry.isVisible(to: who) else {
                throw AppError.notFound("reception log entry")
            }
            return EntryDTO(entry)
        }

        @Sendable static func escalate(req: Request) async throws -> MatterDetail {
            let who = try req.officer()
            guard let id = req.parameters.get("entryID", as: Int.self) else { throw AppError.notFound("reception log entry") }
            let matterID = try await req.application.reception.escalate(entryID: id, try req.content.decode(ReceptionService.Escalation.self), by: who)
            return try await MatterDetail.load(matterID, for: .officer(who.actor), app: req.application)
        }

        /// `groupBy` room, station or district; `from` and `to` (exclusive) as YYYY-MM-DD.
        @Sendable static func counts(req: Request) async throws -> [ReceptionService.Counts] {
            let who = try req.officer()
            let (from, to) = try period(req)
            return try await req.application.reception.counts(for: who, groupBy: (try? req.query.get(String.self, at: "groupBy")) ?? "station", from: from, to: to)
        }

        @Sendable static func templates(req: Request) async throws -> [ReceptionTemplates.Template] {
            _ = try req.officer()
            return ReceptionTemplates.all
        }

        static func period(_ req: Request) throws -> (Date, Date) {
            func day(_ name: String) throws -> Date {
                guard let raw = try? req.query.get(String.self, at: name), let day = Day(raw) else { throw AppError.invalid(name, "must be a date as YYYY-MM-DD") }
                return WorkingCalendar().startOfDay(day)
            }
            let from = try day("from"), to = try day("to")
            guard from < to else { throw AppError.invalid("to", "must be after from") }
            return (from, to)
        }
    }
}
