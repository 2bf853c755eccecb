import Fluent
import LedgerCore
import Vapor

/// Staff pages for 进建商 (meetings, items, minutes, the think tank) and 联访解 (pairings, visits).
enum EngagementPageController {
    struct MeetingForm: Content {
        let day: String?; let place: String?; let topic: String?
        let thinkTankMembers: Int?; let deputies: Int?; let cppccMembers: Int?; let residents: Int?; let experienceOfficers: Int?; let officers: Int?
    }
    struct ItemForm: Content { let title: String? }
    struct ResolveForm: Content { let resolution: String?; let plan: String?; let ownerId: Int?; let dueOn: String? }
    struct MatterForm: Content { let summary: String?; let name: String?; let phone: String? }
    struct MinutesForm: Content { let minutes: String? }
    struct MemberForm: Content { let name: String?; let expertise: String?; let appointedOn: String?; let termEndsOn: String? }
    struct PairForm: Content { let kind: String?; let name: String?; let startedOn: String? }
    struct VisitForm: Content { let day: String?; let mode: String?; let notes: String?; let description: String?; let solution: String? }

    @Sendable static func meetings(req: Request) async throws -> Response {
        EngagementViews.meetings(try await API.EngagementController.meetingPage(req, try ListWindow(req, defaultLimit: 100)).meetings, context: Layout.context(req))
    }

    @Sendable static func createMeeting(req: Request) async throws -> Response {
        let who = try req.officer()
        do {
            let form = try req.content.decode(MeetingForm.self)
            guard let topic = form.topic.flatMap(EngagementTopic.init(rawValue:)) else { throw AppError.invalid("topic", "choose a topic") }
            let counts: [String: Int] = [
                ParticipantKind.thinkTankMembers.rawValue: form.thinkTankMembers ?? 0, ParticipantKind.deputies.rawValue: form.deputies ?? 0,
                ParticipantKind.cppccMembers.rawValue: form.cppccMembers ?? 0, ParticipantKind.residents.rawValue: form.residents ?? 0,
                ParticipantKind.experienceOfficers.rawValue: form.experienceOfficers ?? 0, ParticipantKind.officers.rawValue: form.officers ?? 0]
            let meeting = try await req.application.engagement.create(
                .init(unitId: nil, day: form.day ?? "", place: form.place ?? "", topic: topic, participants: counts, memberIds: nil, minutes: nil), by: who)
            return req.redirect(to: Page.meeting(meeting.id!).path)
        } catch let error as AppError {
            return EngagementViews.meetings(try await API.EngagementController.meetingPage(req, try ListWindow(req, defaultLimit: 100)).meetings, context: Layout.context(req), error: error.detail, status: error.status)
        }
    }

    @Sendable static func meeting(req: Request) async throws -> Response {
        try await render(req, id: try API.EngagementController.id(req, "meetingID"), error: nil, status: .ok)
    }

    /// Runs a change on a meeting and shows the meeting again, with the reason if it was refused.
    private static func change(_ req: Request, meetingID: Int, _ body: () async throws -> Void) async throws -> Response {
        do {
            try await body()
            return req.redirect(to: Page.meeting(meetingID).path)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, id: meetingID, error: error.detail, status: error.status)
        }
    }

    @Sendable static func addItem(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.EngagementController.id(req, "meetingID")
        return try await change(req, meetingID: id) {
            _ = try await req.application.engagement.addItem(id, title: try req.content.decode(ItemForm.self).title ?? "", by: who)
        }
    }

    @Sendable static func minutes(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.EngagementController.id(req, "meetingID")
        return try await change(req, meetingID: id) {
            try await req.application.engagement.setMinutes(id, minutes: try req.content.decode(MinutesForm.self).minutes ?? "", by: who)
        }
    }

    @Sendable static func resolve(req: Request) async throws -> Response {
        let who = try req.officer()
        let itemID = try API.EngagementController.id(req, "itemID")
        let meetingID = (try? req.query.get(Int.self, at: "meeting")) ?? 0
        return try await change(req, meetingID: meetingID) {
            let form = try req.content.decode(ResolveForm.self)
            guard let owner = form.ownerId else { throw AppError.invalid("ownerId", "choose who owns it") }
            _ = try await req.application.engagement.resolve(itemID, .init(resolution: form.resolution ?? "", plan: form.plan ?? "",
                                                                           ownerId: owner, dueOn: form.dueOn ?? ""), by: who)
        }
    }

    @Sendable static func openMatter(req: Request) async throws -> Response {
        let who = try req.officer()
        let itemID = try API.EngagementController.id(req, "itemID")
        let meetingID = (try? req.query.get(Int.self, at: "meeting")) ?? 0
        do {
            let form = try req.content.decode(MatterForm.self)
            let matterID = try await req.application.engagement.openMatter(
                itemID, summary: form.summary ?? "", complainants: [.init(name: form.name ?? "", phone: form.phone ?? "", idNumber: nil, address: nil)], by: who)
            return req.redirect(to: Page.matter(matterID).path)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, id: meetingID, error: error.detail, status: error.status)
        }
    }

    @Sendable static func thinkTank(req: Request) async throws -> Response {
        EngagementViews.thinkTank(try await API.EngagementController.memberPage(req, try ListWindow(req, defaultLimit: 500, maxLimit: 1000)).members, context: Layout.context(req))
    }

    @Sendable static func addMember(req: Request) async throws -> Response {
        let who = try req.officer()
        do {
            let form = try req.content.decode(MemberForm.self)
            _ = try await req.application.engagement.addMember(.init(name: form.name ?? "", expertise: form.expertise ?? "",
                                                                     appointedOn: form.appointedOn ?? "", termEndsOn: form.termEndsOn ?? ""), by: who)
            return req.redirect(to: Page.thinkTank.path)
        } catch let error as AppError {
            return EngagementViews.thinkTank(try await API.EngagementController.memberPage(req, try ListWindow(req, defaultLimit: 500, maxLimit: 1000)).members, context: Layout.context(req), error: error.detail, status: error.status)
        }
    }

    @Sendable static func liaison(req: Request) async throws -> Response {
        try await liaisonPage(req, error: nil, status: .ok)
    }

    static func liaisonPage(_ req: Request, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let who = try req.officer()
        let items = try await LiaisonStore.openItems(within: who.reach, limit: 200, on: req.db)
        return EngagementViews.liaison(try await API.LiaisonController.contactPage(req, try ListWindow(req, defaultLimit: 500, maxLimit: 1000)).contacts, openItems: items,
                                       context: Layout.context(req), error: error, status: status)
    }

    @Sendable static func liaisonMatter(req: Request) async throws -> Response {
        let who = try req.officer()
        let itemID = try API.EngagementController.id(req, "itemID")
        do {
            let form = try req.content.decode(MatterForm.self)
            let matterID = try await req.application.liaison.openMatter(
                itemID, summary: form.summary ?? "", complainants: [.init(name: form.name ?? "", phone: form.phone ?? "", idNumber: nil, address: nil)], by: who)
            return req.redirect(to: Page.matter(matterID).path)
        } catch let error as AppError where error.status != .notFound {
            return try await liaisonPage(req, error: error.detail, status: error.status)
        }
    }

    @Sendable static func pair(req: Request) async throws -> Response {
        let who = try req.officer()
        do {
            let form = try req.content.decode(PairForm.self)
            guard let kind = form.kind.flatMap(LiaisonContactKind.init(rawValue:)) else { throw AppError.invalid("kind", "choose the kind of contact") }
            _ = try await req.application.liaison.pair(.init(officerId: nil, kind: kind, name: form.name ?? "", startedOn: form.startedOn ?? ""), by: who)
            return req.redirect(to: Page.liaison.path)
        } catch let error as AppError {
            return try await liaisonPage(req, error: error.detail, status: error.status)
        }
    }

    /// A visit, and what was raised on it (solved on the spot when a solution is given).
    @Sendable static func visit(req: Request) async throws -> Response {
        let who = try req.officer()
        let contactID = try API.EngagementController.id(req, "contactID")
        do {
            let form = try req.content.decode(VisitForm.self)
            guard let mode = form.mode.flatMap(VisitMode.init(rawValue:)) else { throw AppError.invalid("mode", "choose how the visit was made") }
            let visit = try await req.application.liaison.visit(contactID, .init(day: form.day ?? "", mode: mode, notes: form.notes ?? ""), by: who)
            if let description = form.description, !description.isEmpty {
                _ = try await req.application.liaison.collect(visit.id!, .init(description: description,
                                                                               solution: (form.solution ?? "").isEmpty ? nil : form.solution), by: who)
            }
            return req.redirect(to: Page.liaison.path + "#contact-\(contactID)")
        } catch let error as AppError where error.status != .notFound {
            return try await liaisonPage(req, error: error.detail, status: error.status)
        }
    }

    private static func render(_ req: Request, id: Int, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let who = try req.officer()
        let meeting = try await req.application.engagement.meeting(id, for: who, on: req.db)
        let owners = try await EngagementStore.owners(of: meeting, on: req.db)
        return EngagementViews.meeting(try await API.EngagementController.dto(meeting, db: req.db), owners: owners, context: Layout.context(req),
                                       error: error, status: status)
    }
}
