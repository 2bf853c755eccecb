import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 联访解: officers of deputy-section rank or above pair with units and individuals, visit
/// them, and solve what they raise on the spot or open a ledger matter for it.
package struct LiaisonService: Sendable {
    let app: Application

    package struct NewPairing: Content { let officerId: Int?; let kind: LiaisonContactKind; let name: String; let startedOn: String
        package init(officerId: Int?, kind: LiaisonContactKind, name: String, startedOn: String) {
            self.officerId = officerId
            self.kind = kind
            self.name = name
            self.startedOn = startedOn
        }
    }
    package struct NewVisit: Content { let day: String; let mode: VisitMode; let notes: String
        package init(day: String, mode: VisitMode, notes: String) {
            self.day = day
            self.mode = mode
            self.notes = notes
        }
    }
    package struct NewItem: Content { let description: String; let solution: String?
        package init(description: String, solution: String?) {
            self.description = description
            self.solution = solution
        }
    }

    func contact(_ id: Int, for who: SignedIn, on db: any Database) async throws -> LiaisonContact {
        guard let contact = try await LiaisonContact.fetch(id, on: db), contact.isVisible(to: who) else {
            throw AppError.notFound("liaison contact \(id)")
        }
        return contact
    }

    /// Pairs an eligible officer (their own pairing, or one a chief records for them) with a contact.
    package func pair(_ body: NewPairing, by who: SignedIn) async throws -> LiaisonContact {
        try NewMatterInput.line(body.name, field: "name", max: 100)
        guard Day(body.startedOn) != nil else { throw AppError.invalid("startedOn", "must be a date as YYYY-MM-DD") }
        let cipher = app.cipher
        let now = app.clock.now()
        return try await app.write { db in
            let officerID = body.officerId ?? who.officerID
            guard officerID == who.officerID || who.role.isChief else { throw AppError.forbidden("only chiefs record pairings for other officers") }
            guard let officer = try await Officer.fetch(officerID, on: db), !officer.disabled, let unit = try await Unit.fetch(officer.unitID, on: db) else {
                throw AppError.invalid("officerId", "is not an active officer")
            }
            let placement = UnitPlacement(unit)
            guard who.reach.contains(placement.place) else {
                throw AppError.invalid("officerId", "must be an officer of your unit or a unit under it")
            }
            guard let rank = officer.rank.flatMap(OfficerRank.init(rawValue:)), rank.mayLiaise else {
                throw AppError.invalid("officerId", "liaison is for officers of deputy-section rank (副科级) or above")
            }
            let contact = LiaisonContact()
            contact.officerID = officerID; contact.unitID = placement.unitID; contact.districtID = placement.districtID; contact.cityID = placement.cityID
            contact.kind = body.kind; contact.nameSealed = try cipher.seal(body.name); contact.startedOn = body.startedOn
            try await contact.insertRow(on: db)
            try await AuditLog.append(on: db, kind: .liaisonPaired, matterID: nil, actorID: who.officerID,
                                      fields: ["contact": String(contact.id!), "officer": String(officerID), "kind": body.kind.rawValue], at: now)
            return contact
        }
    }

    func end(_ id: Int, endedOn: String, by who: SignedIn) async throws -> LiaisonContact {
        guard Day(endedOn) != nil else { throw AppError.invalid("endedOn", "must be a date as YYYY-MM-DD") }
        let now = app.clock.now()
        return try await app.write { db in
            let contact = try await contact(id, for: who, on: db)
            guard contact.officerID == who.officerID || who.role.isChief else { throw AppError.forbidden("the paired officer or a chief ends a pairing") }
            guard contact.endedOn == nil else { throw AppError.conflict("the pairing already ended", field: "endedOn") }
            guard endedOn >= contact.startedOn else { throw AppError.invalid("endedOn", "must not be before the pairing started") }
            contact.endedOn = endedOn
            try await contact.updateRow(on: db)
            try await AuditLog.append(on: db, kind: .liaisonEnded, matterID: nil, actorID: who.officerID, fields: ["contact": String(id)], at: now)
            return contact
        }
    }

    package func visit(_ contactID: Int, _ body: NewVisit, by who: SignedIn) async throws -> LiaisonVisit {
        guard Day(body.day) != nil else { throw AppError.invalid("day", "must be a date as YYYY-MM-DD") }
        try NewMatterInput.text(body.notes, field: "notes", max: 5000, required: false)
        let now = app.clock.now()
        return try await app.write { db in
            let contact = try await contact(contactID, for: who, on: db)
            guard contact.officerID == who.officerID || who.role.isChief else { throw AppError.forbidden("the paired officer records the visits") }
            guard body.day >= contact.startedOn, contact.endedOn.map({ body.day <= $0 }) ?? true else {
                throw AppError.invalid("day", "must fall within the pairing")
            }
            let visit = LiaisonVisit()
            visit.contactID = contactID; visit.unitID = contact.unitID; visit.districtID = contact.districtID; visit.cityID = contact.cityID
            visit.day = body.day; visit.mode = body.mode; visit.notes = body.notes
            try await visit.insertRow(on: db)
            try await AuditLog.append(on: db, kind: .liaisonVisited, matterID: nil, actorID: who.officerID,
                                      fields: ["contact": String(contactID), "visit": String(visit.id!)], at: now)
            return visit
        }
    }

    /// An item raised on a visit; with a solution it was solved on the spot.
    package func collect(_ visitID: Int, _ body: NewItem, by who: SignedIn) async throws -> LiaisonItem {
        try NewMatterInput.text(body.description, field: "description", max: 2000)
        if let solution = body.solution { try NewMatterInput.text(solution, field: "solution", max: 2000) }
        let now = app.clock.now()
        return try await app.write { db in
            guard let visit = try await LiaisonVisit.fetch(visitID, on: db) else { throw AppError.notFound("visit \(visitID)") }
            let contact = try await contact(visit.contactID, for: who, on: db)
            guard contact.officerID == who.officerID || who.role.isChief else { throw AppError.forbidden("the paired officer records what was raised") }
            let item = LiaisonItem()
            item.visitID = visitID; item.contactID = contact.id!; item.unitID = visit.unitID; item.districtID = visit.districtID; item.cityID = visit.cityID
            item.day = visit.day; item.description = body.description; item.solution = body.solution
            try await item.insertRow(on: db)
            try await AuditLog.append(on: db, kind: .liaisonItemCollected, matterID: nil, actorID: who.officerID,
                                      fields: ["item": String(item.id!), "solvedOnSpot": String(body.solution != nil)], at: now)
            return item
        }
    }

    package func openMatter(_ itemID: Int, summary: String, complainants: [NewMatterInput.Person], by who: SignedIn) async throws -> Int {
        let input = NewMatterInput(summary: summary, details: nil, channel: .liaisonVisit, sourceRef: "liaison-item:\(itemID)",
                                   unitId: nil, suggestedLedger: .demand, complainants: complainants)
        try input.validate()
        let now = app.clock.now()
        let ledger = app.ledger
        return try await app.write { db in
            try await lockRow("liaison_items", id: itemID, on: db)
            guard let item = try await LiaisonItem.fetch(itemID, on: db) else { throw AppError.notFound("item \(itemID)") }
            _ = try await contact(item.contactID, for: who, on: db)
            guard item.solution == nil else { throw AppError.conflict("this item was solved on the spot", field: "item") }
            guard item.matterID == nil else { throw AppError.conflict("this item already opened a ledger matter", field: "item") }
            var placed = input
            placed.unitId = item.unitID
            placed.details = item.description
            let matterID = try await ledger.insertMatter(placed, by: who, at: now, on: db).id
            item.matterID = matterID
            try await item.updateRow(on: db)
            try await AuditLog.append(on: db, kind: .liaisonItemOpenedMatter, matterID: matterID, actorID: who.officerID,
                                      fields: ["item": String(itemID)], at: now)
            return matterID
        }
    }

    struct Counts: Content { let officers: Int; let contacts: Int; let itemsCollected: Int; let itemsSolved: Int }

    /// Officers and contacts with a pairing active in [from, to) — each contact once however many
    /// visits — and the items collected and solved (on the spot, or by a closed matter) then.
    func counts(for who: SignedIn, unitID: Int?, from: String, to: String) async throws -> Counts {
        let reach = if let unitID {
            try await UnitPlacement.resolve(unitID, for: who, on: app.db, field: "unit").reach
        } else {
            who.reach
        }
        return try await LiaisonStore.counts(within: reach, from: from, to: to, on: app.db)
    }
}

extension Application {
    package var liaison: LiaisonService { LiaisonService(app: self) }
}
