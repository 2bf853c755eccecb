import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 进建商: meetings, their agenda items resolved one by one (一事一议), the think tank, counts.
package struct EngagementService: Sendable {
    let app: Application

    package struct NewMeeting: Content {
        let unitId: Int?; let day: String; let place: String; let topic: EngagementTopic
        let participants: [String: Int]; let memberIds: [Int]?; let minutes: String?

        package init(unitId: Int?, day: String, place: String, topic: EngagementTopic, participants: [String: Int],
                     memberIds: [Int]?, minutes: String?) {
            self.unitId = unitId
            self.day = day
            self.place = place
            self.topic = topic
            self.participants = participants
            self.memberIds = memberIds
            self.minutes = minutes
        }
    }
    package struct Resolution: Content { let resolution: String; let plan: String; let ownerId: Int; let dueOn: String
        package init(resolution: String, plan: String, ownerId: Int, dueOn: String) {
            self.resolution = resolution
            self.plan = plan
            self.ownerId = ownerId
            self.dueOn = dueOn
        }
    }
    package struct NewMember: Content { let name: String; let expertise: String; let appointedOn: String; let termEndsOn: String
        package init(name: String, expertise: String, appointedOn: String, termEndsOn: String) {
            self.name = name
            self.expertise = expertise
            self.appointedOn = appointedOn
            self.termEndsOn = termEndsOn
        }
    }

    func meeting(_ id: Int, for who: SignedIn, on db: any Database) async throws -> EngagementMeeting {
        guard let meeting = try await EngagementMeeting.fetch(id, on: db), meeting.isVisible(to: who) else {
            throw AppError.notFound("meeting \(id)")
        }
        return meeting
    }

    package func create(_ body: NewMeeting, by who: SignedIn) async throws -> EngagementMeeting {
        guard who.role.worksMatters else { throw AppError.forbidden("administrators do not record meetings") }
        guard Day(body.day) != nil else { throw AppError.invalid("day", "must be a date as YYYY-MM-DD") }
        try NewMatterInput.line(body.place, field: "place", max: 200)
        try NewMatterInput.text(body.minutes ?? "", field: "minutes", max: 20000, required: false)
        guard (body.memberIds ?? []).count <= 500 else { throw AppError.invalid("memberIds", "list at most 500 members") }
        let known = Set(ParticipantKind.allCases.map(\.rawValue))
        if let unknown = body.participants.keys.first(where: { !known.contains($0) }) {
            throw AppError.invalid("participants.\(unknown)", "is not a kind of participant")
        }
        for (kind, count) in body.participants where !(0...100_000).contains(count) {
            throw AppError.invalid("participants.\(kind)", "must be between 0 and 100000")
        }
        let now = app.clock.now()
        return try await app.write { db in
            let placement = try await UnitPlacement.resolve(body.unitId, for: who, on: db)
            let memberIDs = body.memberIds ?? []
            if !memberIDs.isEmpty, try await EngagementStore.thinkTankMembers(ids: memberIDs, on: db).count != Set(memberIDs).count {
                throw AppError.invalid("memberIds", "lists someone who is not in the think tank")
            }
            let meeting = EngagementMeeting()
            meeting.unitID = placement.unitID; meeting.level = placement.kind; meeting.districtID = placement.districtID; meeting.cityID = placement.cityID
            meeting.day = body.day; meeting.place = body.place; meeting.topic = body.topic
            func count(_ kind: ParticipantKind) -> Int { body.participants[kind.rawValue] ?? 0 }
            // Members listed by name count as think-tank participants even if the number was left out.
            meeting.thinkTankMembers = max(count(.thinkTankMembers), Set(memberIDs).count)
            meeting.deputies = count(.deputies); meeting.cppccMembers = count(.cppccMembers); meeting.residents = count(.residents)
            meeting.experienceOfficers = count(.experienceOfficers); meeting.officers = count(.officers)
            meeting.memberIDs = String(decoding: try JSONEncoder().encode(Array(Set(memberIDs)).sorted()), as: UTF8.self)
            meeting.minutes = body.minutes ?? ""
            meeting.createdBy = who.officerID
            try await meeting.create(on: db)
            try await AuditLog.append(on: db, kind: .meetingRecorded, matterID: nil, actorID: who.officerID,
                                      fields: ["meeting": String(meeting.id!), "unit": String(placement.unitID), "topic": body.topic.rawValue], at: now)
            return meeting
        }
    }

    func setMinutes(_ id: Int, minutes: String, by who: SignedIn) async throws {
        guard who.role.worksMatters else { throw AppError.forbidden("administrators do not record minutes") }
        try NewMatterInput.text(minutes, field: "minutes", max: 20000)
        let now = app.clock.now()
        try await app.write { db in
            let meeting = try await meeting(id, for: who, on: db)
            meeting.minutes = minutes
            try await meeting.save(on: db)
            try await AuditLog.append(on: db, kind: .minutesRecorded, matterID: nil, actorID: who.officerID,
                                      fields: ["meeting": String(id), "minutes": AuditLog.digest(minutes)], at: now)
        }
    }

    package func addItem(_ meetingID: Int, title: String, by who: SignedIn) async throws -> AgendaItem {
        guard who.role.worksMatters else { throw AppError.forbidden("administrators do not add agenda items") }
        try NewMatterInput.text(title, field: "title", max: 500)
        let now = app.clock.now()
        return try await app.write { db in
            _ = try await meeting(meetingID, for: who, on: db)
            let item = AgendaItem()
            item.meetingID = meetingID; item.title = title
            try await item.create(on: db)
            try await AuditLog.append(on: db, kind: .agendaItemAdded, matterID: nil, actorID: who.officerID,
                                      fields: ["meeting": String(meetingID), "item": String(item.id!)], at: now)
            return item
        }
    }

    func item(_ id: Int, for who: SignedIn, on db: any Database) async throws -> (AgendaItem, EngagementMeeting) {
        guard let item = try await AgendaItem.fetch(id, on: db) else { throw AppError.notFound("agenda item \(id)") }
        return (item, try await meeting(item.meetingID, for: who, on: db))
    }

    /// 一事一议: the resolution, the plan, who owns it and by when.
    package func resolve(_ id: Int, _ body: Resolution, by who: SignedIn) async throws -> AgendaItem {
        guard who.role.worksMatters else { throw AppError.forbidden("administrators do not resolve agenda items") }
        try NewMatterInput.text(body.resolution, field: "resolution", max: 2000)
        try NewMatterInput.text(body.plan, field: "plan", max: 2000)
        guard Day(body.dueOn) != nil else { throw AppError.invalid("dueOn", "must be a date as YYYY-MM-DD") }
        let now = app.clock.now()
        return try await app.write { db in
            let (item, meeting) = try await item(id, for: who, on: db)
            guard let owner = try await Officer.fetch(body.ownerId, on: db), !owner.disabled,
                  let unit = try await Unit.fetch(owner.unitID, on: db),
                  [meeting.unitID, meeting.districtID, meeting.cityID].contains(unit.id) || unit.districtID == meeting.unitID || unit.cityID == meeting.unitID else {
                throw AppError.invalid("ownerId", "must be an active officer of the meeting's unit or a unit under or above it")
            }
            item.resolution = body.resolution; item.plan = body.plan; item.ownerID = owner.id; item.dueOn = body.dueOn
            try await item.save(on: db)
            try await AuditLog.append(on: db, kind: .agendaItemResolved, matterID: item.matterID, actorID: who.officerID,
                                      fields: ["item": String(id), "owner": String(body.ownerId), "dueOn": body.dueOn], at: now)
            return item
        }
    }

    /// The item opens a ledger matter owned by the meeting's unit; its progress shows on the meeting.
    package func openMatter(_ id: Int, summary: String, complainants: [NewMatterInput.Person], by who: SignedIn) async throws -> Int {
        let input = NewMatterInput(summary: summary, details: nil, channel: .engagementItem, sourceRef: "agenda-item:\(id)",
                                   unitId: nil, suggestedLedger: .suggestion, complainants: complainants)
        try input.validate()
        let now = app.clock.now()
        let ledger = app.ledger
        return try await app.write { db in
            try await lockRow("agenda_items", id: id, on: db)
            let (item, meeting) = try await item(id, for: who, on: db)
            guard item.matterID == nil else { throw AppError.conflict("this item already opened a ledger matter", field: "item") }
            var placed = input
            placed.unitId = meeting.unitID
            placed.details = item.title
            let matterID = try await ledger.insertMatter(placed, by: who, at: now, on: db).id
            item.matterID = matterID
            try await item.save(on: db)
            try await AuditLog.append(on: db, kind: .agendaItemOpenedMatter, matterID: matterID, actorID: who.officerID,
                                      fields: ["item": String(id)], at: now)
            return matterID
        }
    }

    package func addMember(_ body: NewMember, by who: SignedIn) async throws -> ThinkTankMember {
        guard who.isAdministrator || who.role.isChief else { throw AppError.forbidden("think-tank members are appointed by chiefs") }
        try NewMatterInput.line(body.name, field: "name", max: 50)
        try NewMatterInput.line(body.expertise, field: "expertise", max: 200)
        guard let from = Day(body.appointedOn) else { throw AppError.invalid("appointedOn", "must be a date as YYYY-MM-DD") }
        guard let to = Day(body.termEndsOn), to > from else { throw AppError.invalid("termEndsOn", "must be a date after the appointment") }
        let now = app.clock.now()
        let cipher = app.cipher
        return try await app.write { db in
            let member = ThinkTankMember()
            member.nameSealed = try cipher.seal(body.name); member.expertise = body.expertise; member.unitID = who.unitID
            member.appointedOn = body.appointedOn; member.termEndsOn = body.termEndsOn
            try await member.create(on: db)
            try await AuditLog.append(on: db, kind: .thinkTankMemberAppointed, matterID: nil, actorID: who.officerID,
                                      fields: ["member": String(member.id!)], at: now)
            return member
        }
    }

    struct LevelCount: Content { let level: UnitKind; let activities: Int; let participants: Int; let resolutions: Int }

    /// Activities, participants and resolutions per level for days in [from, to).
    func counts(for who: SignedIn, from: String, to: String) async throws -> [LevelCount] {
        try await EngagementStore.counts(within: who.reach, from: from, to: to, on: app.db)
    }
}

extension Application {
    package var engagement: EngagementService { EngagementService(app: self) }
}
