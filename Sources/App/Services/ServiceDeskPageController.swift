import Foundation
import LedgerCore
import Vapor

/// The halls' desk (`/service-desk`): a hall's bookings for a day with the button that records a
/// resident served (which invites the rating), and the unit's 差评 to put right — the number for
/// the call-back (each look recorded), the call-back, the rectification and an appeal.
enum ServiceDeskPageController {
    struct NoteForm: Content { let note: String?; let answer: String?; let reason: String? }

    @Sendable static func desk(req: Request) async throws -> Response {
        try await render(req, who: try req.officer())
    }

    @Sendable static func serve(req: Request) async throws -> Response {
        let who = try req.officer()
        return try await act(req, who: who) { try await req.application.evaluations.serve(appointmentID: try id(req, "appointmentID"), by: who) }
    }

    @Sendable static func revealPhone(req: Request) async throws -> Response {
        let who = try req.officer()
        do {
            let phone = try await req.application.rectifications.revealPhone(try id(req, "taskID"), by: who)
            return try await render(req, who: who, revealed: (phone.taskId, phone.phone))
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, who: who, error: error)
        }
    }

    @Sendable static func callBack(req: Request) async throws -> Response {
        let who = try req.officer()
        return try await act(req, who: who) {
            let form = try req.content.decode(NoteForm.self)
            _ = try await req.application.rectifications.callBack(try id(req, "taskID"), .init(note: form.note ?? "", calledAt: nil), by: who)
        }
    }

    @Sendable static func rectify(req: Request) async throws -> Response {
        let who = try req.officer()
        return try await act(req, who: who) {
            let form = try req.content.decode(NoteForm.self)
            _ = try await req.application.rectifications.rectify(try id(req, "taskID"), .init(answer: form.answer ?? ""), by: who)
        }
    }

    @Sendable static func appeal(req: Request) async throws -> Response {
        let who = try req.officer()
        return try await act(req, who: who) {
            let form = try req.content.decode(NoteForm.self)
            try await req.application.evaluations.appeal(try id(req, "evaluationID"), reason: form.reason ?? "", by: who)
        }
    }

    /// Does the work, then shows the desk again where it was (the hall and day are in the query).
    private static func act(_ req: Request, who: SignedIn, _ work: () async throws -> Void) async throws -> Response {
        do {
            try await work()
            var back = Page.serviceDesk.path
            if let query = req.url.query, !query.isEmpty { back += "?" + query }
            return req.redirect(to: back)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, who: who, error: error)
        }
    }

    private static func render(_ req: Request, who: SignedIn, revealed: (task: Int, phone: String)? = nil, error: AppError? = nil) async throws -> Response {
        let app = req.application
        let halls = try await app.evaluations.halls(for: who)
        let chosen = (try? req.query.get(Int.self, at: "hall")).flatMap { id in halls.first { $0.id == id } } ?? halls.first
        let day = (try? API.EvaluationsController.day(req)) ?? nil
        var bookings: [EvaluationService.DeskItem] = []
        if let chosen { bookings = try await app.evaluations.desk(hallID: chosen.id!, day: day, for: who) }
        let tasks = try await app.rectifications.list(for: who, openOnly: true, before: nil, limit: 100)
        let appealable = try await EvaluationStore.evaluations(within: who.reach, badOnly: true, before: nil, limit: 50, on: app.db).filter {
            (try? EvaluationAppealRules.mayFile(who.actor, unitID: $0.unitId, rating: $0.rating, appeal: $0.appealState)) != nil
        }
        return ServiceDeskViews.desk(.init(halls: halls, hall: chosen, day: day ?? WorkingCalendar().day(of: app.clock.now()), bookings: bookings,
                                           tasks: tasks, appealable: appealable, revealed: revealed, who: who),
                                     context: Layout.context(req), error: error?.detail, status: error?.status ?? .ok)
    }

    private static func id(_ req: Request, _ name: String) throws -> Int {
        guard let id = req.parameters.get(name, as: Int.self) else { throw AppError.notFound(name) }
        return id
    }
}
