import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 暖心警务会客厅: rooms, their standards inspections, the service log, escalation of an
/// entry into a ledger matter, and the counts the report uses.
package struct ReceptionService: Sendable {
    let app: Application

    package struct NewRoom: Content {
        let name: String; let kind: ReceptionRoomKind; let stationId: Int; let address: String; let hours: String
        let languages: [String]?; let modelSite: Bool?

        package init(name: String, kind: ReceptionRoomKind, stationId: Int, address: String, hours: String,
                     languages: [String]?, modelSite: Bool?) {
            self.name = name
            self.kind = kind
            self.stationId = stationId
            self.address = address
            self.hours = hours
            self.languages = languages
            self.modelSite = modelSite
        }
    }
    struct NewInspection: Content {
        let day: String; let constructionStandard: Bool; let divisionOfDuties: Bool; let workRules: Bool; let managementRules: Bool; let findings: String
    }
    package struct NewEntry: Content {
        let at: Date?; let residentsServed: Int; let serviceKind: ReceptionServiceKind; let foreignResident: Bool?
        let language: String?; let summary: String; let outcome: String

        package init(at: Date?, residentsServed: Int, serviceKind: ReceptionServiceKind, foreignResident: Bool?,
                     language: String?, summary: String, outcome: String) {
            self.at = at
            self.residentsServed = residentsServed
            self.serviceKind = serviceKind
            self.foreignResident = foreignResident
            self.language = language
            self.summary = summary
            self.outcome = outcome
        }
    }
    package struct Escalation: Content { let summary: String; let complainants: [NewMatterInput.Person]
        package init(summary: String, complainants: [NewMatterInput.Person]) {
            self.summary = summary
            self.complainants = complainants
        }
    }

    func room(_ id: Int, for who: SignedIn, on db: any Database) async throws -> ReceptionRoom {
        guard let room = try await ReceptionRoom.fetch(id, on: db), room.isVisible(to: who) else {
            throw AppError.notFound("reception room \(id)")
        }
        return room
    }

    /// A chief of the station or a unit above it (or an administrator) registers a room.
    package func createRoom(_ body: NewRoom, by who: SignedIn) async throws -> ReceptionRoom {
        try NewMatterInput.line(body.name, field: "name", max: 100)
        try NewMatterInput.line(body.address, field: "address", max: 200)
        try NewMatterInput.line(body.hours, field: "hours", max: 100)
        let languages = body.languages ?? []
        guard languages.count <= 10, languages.allSatisfy({ $0.wholeMatch(of: /[a-z]{2,3}/) != nil }) else {
            throw AppError.invalid("languages", "list language codes such as en, ja, ko")
        }
        let now = app.clock.now()
        return try await app.write { db in
            guard let station = try await Unit.fetch(body.stationId, on: db), station.kind == .station else {
                throw AppError.invalid("stationId", "must be a police station")
            }
            guard who.isAdministrator || (who.role.isChief && who.reach.contains(station.place)) else {
                throw AppError.forbidden("only a chief of the station or a unit above it registers a reception room")
            }
            let room = ReceptionRoom()
            room.name = body.name; room.kind = body.kind; room.unitID = station.id!; room.districtID = station.districtID
            room.cityID = station.cityRootID; room.address = body.address; room.hours = body.hours
            room.languages = API.ServicesController.json(languages); room.modelSite = body.modelSite ?? false; room.createdAt = now
            try await room.insertRow(on: db)
            try await AuditLog.append(on: db, kind: .receptionRoomCreated, matterID: nil, actorID: who.officerID,
                                      fields: ["room": String(room.id!), "station": String(station.id!)], at: now)
            return room
        }
    }

    func inspect(roomID: Int, _ body: NewInspection, by who: SignedIn) async throws -> RoomInspection {
        guard Day(body.day) != nil else { throw AppError.invalid("day", "must be a date as YYYY-MM-DD") }
        try NewMatterInput.text(body.findings, field: "findings", max: 2000)
        let now = app.clock.now()
        return try await app.write { db in
            let room = try await room(roomID, for: who, on: db)
            guard who.role.isChief else { throw AppError.forbidden("inspections are made by chiefs") }
            let inspection = RoomInspection()
            inspection.roomID = room.id!; inspection.day = body.day; inspection.inspectorID = who.officerID
            inspection.constructionStandard = body.constructionStandard; inspection.divisionOfDuties = body.divisionOfDuties
            inspection.workRules = body.workRules; inspection.managementRules = body.managementRules; inspection.findings = body.findings
            try await inspection.insertRow(on: db)
            try await AuditLog.append(on: db, kind: .receptionRoomInspected, matterID: nil, actorID: who.officerID,
                                      fields: ["room": String(roomID), "day": body.day], at: now)
            return inspection
        }
    }

    /// Officers of the room's station log the services they give.
    package func log(roomID: Int, _ body: NewEntry, by who: SignedIn) async throws -> ReceptionLogEntry {
        guard (1...10000).contains(body.residentsServed) else { throw AppError.invalid("residentsServed", "must be between 1 and 10000") }
        try NewMatterInput.text(body.summary, field: "summary", max: 2000)
        try NewMatterInput.text(body.outcome, field: "outcome", max: 2000)
        if body.foreignResident == true, (body.language ?? "").isEmpty { throw AppError.invalid("language", "say which language was used with a foreign resident") }
        if let language = body.language, !language.isEmpty { try NewMatterInput.line(language, field: "language", max: 20) }
        let now = app.clock.now()
        if let at = body.at, at > now.addingTimeInterval(300) { throw AppError.invalid("at", "must not be in the future") }
        return try await app.write { db in
            let room = try await room(roomID, for: who, on: db)
            guard who.unitID == room.unitID, who.role.worksMatters else {
                throw AppError.forbidden("only officers of the room's station log its services")
            }
            let entry = ReceptionLogEntry()
            entry.roomID = room.id!; entry.unitID = room.unitID; entry.districtID = room.districtID; entry.cityID = room.cityID
            entry.at = body.at ?? now; entry.officerID = who.officerID; entry.residentsServed = body.residentsServed
            entry.serviceKind = body.serviceKind; entry.foreignResident = body.foreignResident ?? false
            entry.language = body.language.flatMap { $0.isEmpty ? nil : $0 }; entry.summary = body.summary; entry.outcome = body.outcome
            try await entry.insertRow(on: db)
            try await AuditLog.append(on: db, kind: .receptionServiceLogged, matterID: nil, actorID: who.officerID,
                                      fields: ["entry": String(entry.id!), "room": String(roomID), "kind": body.serviceKind.rawValue,
                                               "residents": String(body.residentsServed)], at: now)
            return entry
        }
    }

    /// The entry becomes a ledger matter of the room's station, linked both ways, in one transaction.
    package func escalate(entryID: Int, _ body: Escalation, by who: SignedIn) async throws -> Int {
        let input = NewMatterInput(summary: body.summary, details: nil, channel: .receptionRoom, sourceRef: "reception-log:\(entryID)",
                                   unitId: nil, suggestedLedger: nil, complainants: body.complainants)
        try input.validate()
        let now = app.clock.now()
        let ledger = app.ledger
        return try await app.write { db in
            try await lockRow("reception_log", id: entryID, on: db)
            guard let entry = try await ReceptionLogEntry.fetch(entryID, on: db), entry.isVisible(to: who) else {
                throw AppError.notFound("reception log entry \(entryID)")
            }
            guard entry.matterID == nil else { throw AppError.conflict("this entry is already a ledger matter", field: "entry") }
            var placed = input
            placed.unitId = entry.unitID
            placed.details = entry.summary
            let matterID = try await ledger.insertMatter(placed, by: who, at: now, on: db).id
            entry.matterID = matterID
            try await entry.updateRow(on: db)
            try await AuditLog.append(on: db, kind: .receptionEntryEscalated, matterID: matterID, actorID: who.officerID,
                                      fields: ["entry": String(entryID)], at: now)
            return matterID
        }
    }

    struct Counts: Content {
        let key: Int
        let entries: Int
        let residentsServed: Int
        let consultationHelp: Int
        let disputeMediation: Int
        let emergencyHelp: Int
        let businessOnBehalf: Int
        let otherService: Int
    }

    /// Residents served and services given by kind, kept apart, per room, station or district.
    func counts(for who: SignedIn, groupBy: String, from: Date, to: Date) async throws -> [Counts] {
        let grouping: ReceptionStore.Grouping = switch groupBy {
        case "room": .room
        case "station": .station
        case "district": .district
        default: throw AppError.invalid("groupBy", "must be room, station or district")
        }
        return try await ReceptionStore.counts(within: who.reach, groupedBy: grouping, from: from, to: to, on: app.db)
    }
}

extension Application {
    package var reception: ReceptionService { ReceptionService(app: self) }
}
