import Fluent
import Foundation
import LedgerCore
import Vapor

extension API {
    /// `/api/v1/engagement`: 进建商 meetings, agenda items, minutes, the think tank and counts.
    enum EngagementController {
        struct ItemDTO: Content {
            let id: Int; let title: String; let resolution: String?; let plan: String?; let ownerId: Int?; let dueOn: String?
            let matterId: Int?; let matterStatus: MatterStatus?
        }
        struct MeetingDTO: Content {
            let id: Int; let unitId: Int; let level: UnitKind; let day: String; let place: String; let topic: EngagementTopic
            let participants: [String: Int]; let participantTotal: Int; let memberIds: [Int]; let minutes: String; let items: [ItemDTO]
        }
        struct MemberDTO: Content { let id: Int; let name: String; let expertise: String; let appointedOn: String; let termEndsOn: String }
        struct Title: Content { let title: String }
        struct Minutes: Content { let minutes: String }
        struct OpenMatter: Content { let summary: String; let complainants: [NewMatterInput.Person] }

        static func dto(_ meeting: EngagementMeeting, db: any Database) async throws -> MeetingDTO {
            let (items, matters) = try await EngagementStore.items(ofMeeting: meeting.id!, on: db)
            return MeetingDTO(
                id: meeting.id!, unitId: meeting.unitID, level: meeting.level, day: meeting.day, place: meeting.place, topic: meeting.topic,
                participants: [ParticipantKind.thinkTankMembers.rawValue: meeting.thinkTankMembers, ParticipantKind.deputies.rawValue: meeting.deputies,
                               ParticipantKind.cppccMembers.rawValue: meeting.cppccMembers, ParticipantKind.residents.rawValue: meeting.residents,
                               ParticipantKind.experienceOfficers.rawValue: meeting.experienceOfficers, ParticipantKind.officers.rawValue: meeting.officers],
                participantTotal: meeting.participants,
                memberIds: (try? JSONDecoder().decode([Int].self, from: Data(meeting.memberIDs.utf8))) ?? [],
                minutes: meeting.minutes,
                items: items.map { item in
                    ItemDTO(id: item.id!, title: item.title, resolution: item.resolution, plan: item.plan, ownerId: item.ownerID, dueOn: item.dueOn,
                            matterId: item.matterID, matterStatus: matters.first { $0.id == item.matterID }?.status)
                })
        }

        static func id(_ req: Request, _ name: String) throws -> Int {
            guard let id = req.parameters.get(name, as: Int.self) else { throw AppError.notFound(name) }
            return id
        }

        @Sendable static func list(req: Request) async throws -> Response {
            let window = try ListWindow(req, defaultLimit: 100)
            let page = try await meetingPage(req, window)
            return try await window.response(page.meetings, nextCursor: page.nextCursor, for: req)
        }

        /// One page of the meetings within the officer's reach, newest day first (the API's and the page's).
        static func meetingPage(_ req: Request, _ window: ListWindow) async throws -> (meetings: [MeetingDTO], nextCursor: String?) {
            let who = try req.officer()
            let page = window.page(try await EngagementStore.meetings(within: who.reach, after: window.cursor, limit: window.fetch, on: req.db)) { $0.id }
            var out: [MeetingDTO] = []
            for meeting in page.rows { out.append(try await dto(meeting, db: req.db)) }
            return (out, page.nextCursor)
        }

        @Sendable static func create(req: Request) async throws -> Response {
            let who = try req.officer()
            let meeting = try await req.application.engagement.create(try req.content.decode(EngagementService.NewMeeting.self), by: who)
            return try await dto(meeting, db: req.db).encodeResponse(status: .created, for: req)
        }

        @Sendable static func show(req: Request) async throws -> MeetingDTO {
            let who = try req.officer()
            return try await dto(try await req.application.engagement.meeting(try id(req, "meetingID"), for: who, on: req.db), db: req.db)
        }

        @Sendable static func minutes(req: Request) async throws -> MeetingDTO {
            let who = try req.officer()
            let meetingID = try id(req, "meetingID")
            try await req.application.engagement.setMinutes(meetingID, minutes: try req.content.decode(Minutes.self).minutes, by: who)
            return try await show(req: req)
        }

        @Sendable static func addItem(req: Request) async throws -> Response {
            let who = try req.officer()
            let meetingID = try id(req, "meetingID")
            _ = try await req.application.engagement.addItem(meetingID, title: try req.content.decode(Title.self).title, by: who)
            return try await show(req: req).encodeResponse(status: .created, for: req)
        }

        @Sendable static func resolve(req: Request) async throws -> MeetingDTO {
            let who = try req.officer()
            let item = try await req.application.engagement.resolve(try id(req, "itemID"), try req.content.decode(EngagementService.Resolution.self), by: who)
            return try await dto(try await req.application.engagement.meeting(item.meetingID, for: who, on: req.db), db: req.db)
        }

        @Sendable static func openMatter(req: Request) async throws -> MatterDetail {
            let who = try req.officer()
            let body = try req.content.decode(OpenMatter.self)
            let matterID = try await req.application.engagement.openMatter(try id(req, "itemID"), summary: body.summary, complainants: body.complainants, by: who)
            return try await MatterDetail.load(matterID, for: .officer(who.actor), app: req.application)
        }

        @Sendable static func members(req: Request) async throws -> Response {
            let window = try ListWindow(req, defaultLimit: 500, maxLimit: 1000)
            let page = try await memberPage(req, window)
            return try await window.response(page.members, nextCursor: page.nextCursor, for: req)
        }

        /// One page of the think tank, names masked (the API's and the page's).
        static func memberPage(_ req: Request, _ window: ListWindow) async throws -> (members: [MemberDTO], nextCursor: String?) {
            _ = try req.officer()
            let cipher = req.application.cipher
            let page = window.page(try await EngagementStore.thinkTank(after: window.cursor, limit: window.fetch, on: req.db)) { $0.id }
            return (try page.rows.map {
                MemberDTO(id: $0.id!, name: Masking.name(try cipher.open($0.nameSealed)), expertise: $0.expertise,
                          appointedOn: $0.appointedOn, termEndsOn: $0.termEndsOn)
            }, page.nextCursor)
        }

        @Sendable static func addMember(req: Request) async throws -> Response {
            let who = try req.officer()
            let body = try req.content.decode(EngagementService.NewMember.self)
            let member = try await req.application.engagement.addMember(body, by: who)
            return try await MemberDTO(id: member.id!, name: Masking.name(body.name), expertise: member.expertise, appointedOn: member.appointedOn,
                                       termEndsOn: member.termEndsOn).encodeResponse(status: .created, for: req)
        }

        @Sendable static func counts(req: Request) async throws -> [EngagementService.LevelCount] {
            let who = try req.officer()
            let (from, to) = try days(req)
            return try await req.application.engagement.counts(for: who, from: from, to: to)
        }

        static func days(_ req: Request) throws -> (String, String) {
            func day(_ name: String) throws -> String {
                guard let raw = try? req.query.get(String.self, at: name), Day(raw) != nil else { throw AppError.invalid(name, "must be a date as YYYY-MM-DD") }
                return raw
            }
            let from = try day("from"), to = try day("to")
            guard from < to else { throw AppError.invalid("to", "must be after from") }
            return (from, to)
        }
    }

    /// `/api/v1/liaison`: 联访解 pairings, visits, items and counts.
    enum LiaisonController {
        struct ContactDTO: Content {
            let id: Int; let officerId: Int; let kind: LiaisonContactKind; let name: String; let startedOn: String; let endedOn: String?
        }
        struct VisitDTO: Content { let id: Int; let contactId: Int; let day: String; let mode: VisitMode; let notes: String }
        struct ItemDTO: Content {
            let id: Int; let visitId: Int; let description: String; let solution: String?; let matterId: Int?
        }
        struct Ending: Content { let endedOn: String }

        static func contactDTO(_ c: LiaisonContact, cipher: PersonalDataCipher) throws -> ContactDTO {
            let name = try cipher.open(c.nameSealed)
            return ContactDTO(id: c.id!, officerId: c.officerID, kind: c.kind, name: c.kind == .individual ? Masking.name(name) : name,
                              startedOn: c.startedOn, endedOn: c.endedOn)
        }

        @Sendable static func contacts(req: Request) async throws -> Response {
            let window = try ListWindow(req, defaultLimit: 500, maxLimit: 1000)
            let page = try await contactPage(req, window)
            return try await window.response(page.contacts, nextCursor: page.nextCursor, for: req)
        }

        /// One page of the pairings within the officer's reach (the API's and the page's).
        static func contactPage(_ req: Request, _ window: ListWindow) async throws -> (contacts: [ContactDTO], nextCursor: String?) {
            let who = try req.officer()
            let cipher = req.application.cipher
            let page = window.page(try await LiaisonStore.contacts(within: who.reach, after: window.cursor, limit: window.fetch, on: req.db)) { $0.id }
            return (try page.rows.map { try contactDTO($0, cipher: cipher) }, page.nextCursor)
        }

        @Sendable static func pair(req: Request) async throws -> Response {
            let who = try req.officer()
            let contact = try await req.application.liaison.pair(try req.content.decode(LiaisonService.NewPairing.self), by: who)
            return try await contactDTO(contact, cipher: req.application.cipher).encodeResponse(status: .created, for: req)
        }

        @Sendable static func end(req: Request) async throws -> ContactDTO {
            let who = try req.officer()
            let contact = try await req.application.liaison.end(try EngagementController.id(req, "contactID"),
                                                                endedOn: try req.content.decode(Ending.self).endedOn, by: who)
            return try contactDTO(contact, cipher: req.application.cipher)
        }

        @Sendable static func visit(req: Request) async throws -> Response {
            let who = try req.officer()
            let visit = try await req.application.liaison.visit(try EngagementController.id(req, "contactID"),
                                                                try req.content.decode(LiaisonService.NewVisit.self), by: who)
            return try await VisitDTO(id: visit.id!, contactId: visit.contactID, day: visit.day, mode: visit.mode, notes: visit.notes)
                .encodeResponse(status: .created, for: req)
        }

        @Sendable static func collect(req: Request) async throws -> Response {
            let who = try req.officer()
            let item = try await req.application.liaison.collect(try EngagementController.id(req, "visitID"),
                                                                 try req.content.decode(LiaisonService.NewItem.self), by: who)
            return try await ItemDTO(id: item.id!, visitId: item.visitID, description: item.description, solution: item.solution, matterId: item.matterID)
                .encodeResponse(status: .created, for: req)
        }

        @Sendable static func openMatter(req: Request) async throws -> MatterDetail {
            let who = try req.officer()
            let body = try req.content.decode(EngagementController.OpenMatter.self)
            let matterID = try await req.application.liaison.openMatter(try EngagementController.id(req, "itemID"), summary: body.summary,
                                                                        complainants: body.complainants, by: who)
            return try await MatterDetail.load(matterID, for: .officer(who.actor), app: req.application)
        }

        @Sendable static func counts(req: Request) async throws -> LiaisonService.Counts {
            let who = try req.officer()
            let (from, to) = try EngagementController.days(req)
            var unit: Int?
            if let raw = (try? req.query.get(String.self, at: "unit")).flatMap({ $0.isEmpty ? nil : $0 }) {
                guard let id = Int(raw) else { throw AppError.invalid("unit", "must be a unit id") }
                unit = id
            }
            return try await req.application.liaison.counts(for: who, unitID: unit, from: from, to: to)
        }
    }
}
