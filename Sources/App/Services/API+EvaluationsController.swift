import Foundation
import LedgerCore
import Vapor

extension API {
    /// 好差评: residents rate a served case (`/api/v1/public/evaluations`); halls mark bookings
    /// served, work their rectification tasks and appeal ratings; the call-back office decides
    /// appeals; the month's figures per hall and window.
    enum EvaluationsController {
        struct RatingBody: Content {
            let token: String?; let code: String?; let phoneLast4: String?
            let rating: ServiceRating; let reasons: [EvaluationReason]?; let comment: String?; let anonymous: Bool?
        }
        struct Lookup: Content { let code: String; let phoneLast4: String }
        struct AppealBody: Content { let reason: String }
        struct DecisionBody: Content { let decision: EvaluationAppealState; let note: String }
        struct EvaluationItem: Content {
            let id: Int; let caseKind: EvaluatedCase; let serviceCode: String; let unitId: Int; let hallId: Int?; let windowId: Int?
            let rating: ServiceRating; let reasons: [EvaluationReason]; let comment: String; let channel: EvaluationChannel
            let anonymous: Bool; let ratedAt: Date; let appealState: EvaluationAppealState?; let appealReason: String?; let appealNote: String?

            init(_ row: EvaluationStore.Evaluation) {
                id = row.id; caseKind = row.caseKind; serviceCode = row.serviceCode; unitId = row.unitId; hallId = row.hallId
                windowId = row.windowId; rating = row.rating; reasons = row.reasonList; comment = row.comment; channel = row.channel
                anonymous = row.anonymous; ratedAt = row.ratedAt; appealState = row.appealState; appealReason = row.appealReason
                appealNote = row.appealNote
            }
        }

        // MARK: - Residents

        /// The case behind a one-time link.
        @Sendable static func show(req: Request) async throws -> EvaluationService.CaseView {
            try await req.application.evaluations.view(.token(req.parameters.get("token") ?? ""), from: req.clientAddress)
        }

        /// The case behind a code and the phone's last four digits (the tracking page's way).
        @Sendable static func lookup(req: Request) async throws -> EvaluationService.CaseView {
            let body = try req.content.decode(Lookup.self)
            return try await req.application.evaluations.view(.code(body.code, phoneLast4: body.phoneLast4), from: req.clientAddress)
        }

        @Sendable static func rate(req: Request) async throws -> HTTPStatus {
            let body = try req.content.decode(RatingBody.self)
            let proof: EvaluationService.Proof
            if let token = body.token, !token.isEmpty {
                proof = .token(token)
            } else if let code = body.code, !code.isEmpty {
                proof = .code(code, phoneLast4: body.phoneLast4 ?? "")
            } else {
                throw AppError.invalid("token", "give the link's token, or the code with the phone's last four digits")
            }
            try await req.application.evaluations.evaluate(proof, .init(rating: body.rating, reasons: body.reasons, comment: body.comment,
                                                                        anonymous: body.anonymous), from: req.clientAddress)
            return .created
        }

        /// The month's figures per hall, for everyone (no windows, no comments).
        @Sendable static func board(req: Request) async throws -> ServiceFigures.Report {
            try await ServiceFigures.report(within: nil, month: try single(req, "month"), withWindows: false,
                                            app: req.application)
        }

        // MARK: - Staff

        /// A hall's bookings for a day (default today), names masked.
        @Sendable static func desk(req: Request) async throws -> [EvaluationService.DeskItem] {
            let who = try req.officer()
            guard let hallID = (try? req.query.get(Int.self, at: "hall")) else { throw AppError.invalid("hall", "name the hall by its id") }
            return try await req.application.evaluations.desk(hallID: hallID, day: try day(req), for: who)
        }

        /// The `day` asked for (YYYY-MM-DD), if any.
        static func day(_ req: Request) throws -> Day? {
            guard let raw = try single(req, "day") else { return nil }
            guard let day = Day(raw) else { throw AppError.invalid("day", "must be a date as YYYY-MM-DD") }
            return day
        }

        @Sendable static func serve(req: Request) async throws -> HTTPStatus {
            let who = try req.officer()
            guard let id = req.parameters.get("appointmentID", as: Int.self) else { throw AppError.notFound("appointment") }
            try await req.application.evaluations.serve(appointmentID: id, by: who)
            return .noContent
        }

        /// Ratings within the officer's reach, newest first; `bad=true` keeps the 差评.
        @Sendable static func list(req: Request) async throws -> Response {
            let who = try req.officer()
            let window = try ListWindow(req)
            let badOnly = try flag(req, "bad")
            let rows = try await EvaluationStore.evaluations(within: who.reach, badOnly: badOnly, before: window.cursor, limit: window.fetch, on: req.db)
            let page = window.page(rows) { $0.id }
            return try await window.response(page.rows.map(EvaluationItem.init), nextCursor: page.nextCursor, for: req)
        }

        @Sendable static func appeal(req: Request) async throws -> HTTPStatus {
            let who = try req.officer()
            guard let id = req.parameters.get("evaluationID", as: Int.self) else { throw AppError.notFound("evaluation") }
            try await req.application.evaluations.appeal(id, reason: try req.content.decode(AppealBody.self).reason, by: who)
            return .noContent
        }

        @Sendable static func decide(req: Request) async throws -> HTTPStatus {
            let who = try req.officer()
            guard let id = req.parameters.get("evaluationID", as: Int.self) else { throw AppError.notFound("evaluation") }
            let body = try req.content.decode(DecisionBody.self)
            guard body.decision != .pending else { throw AppError.invalid("decision", "must be upheld or rejected") }
            try await req.application.evaluations.decide(id, upheld: body.decision == .upheld, note: body.note, by: who)
            return .noContent
        }

        /// The appeals waiting for the call-back office the officer works in.
        @Sendable static func pendingAppeals(req: Request) async throws -> [EvaluationItem] {
            let who = try req.officer()
            let (caller, _) = try await req.application.callbacks.caller(who)
            return try await EvaluationStore.pendingAppeals(office: caller.office, limit: 200, on: req.db).map(EvaluationItem.init)
        }

        @Sendable static func tasks(req: Request) async throws -> Response {
            let who = try req.officer()
            let window = try ListWindow(req)
            let openOnly = try flag(req, "open")
            let rows = try await req.application.rectifications.list(for: who, openOnly: openOnly, before: window.cursor, limit: window.fetch)
            let page = window.page(rows) { $0.id }
            return try await window.response(Array(page.rows), nextCursor: page.nextCursor, for: req)
        }

        @Sendable static func task(req: Request) async throws -> RectificationService.TaskView {
            try await req.application.rectifications.show(try taskID(req), for: try req.officer())
        }

        @Sendable static func taskPhone(req: Request) async throws -> RectificationService.Phone {
            try await req.application.rectifications.revealPhone(try taskID(req), by: try req.officer())
        }

        @Sendable static func callBack(req: Request) async throws -> RectificationService.TaskView {
            let who = try req.officer()
            return try await req.application.rectifications.callBack(try taskID(req), try req.content.decode(RectificationService.CallbackBody.self), by: who)
        }

        @Sendable static func rectify(req: Request) async throws -> RectificationService.TaskView {
            let who = try req.officer()
            return try await req.application.rectifications.rectify(try taskID(req), try req.content.decode(RectificationService.RectifyBody.self), by: who)
        }

        /// The month's figures per hall and window within the officer's reach.
        @Sendable static func report(req: Request) async throws -> ServiceFigures.Report {
            let who = try req.officer()
            return try await ServiceFigures.report(within: who.reach, month: try single(req, "month"), withWindows: true,
                                                   app: req.application)
        }

        /// A yes-or-no filter: `true` or `false`, empty or absent for no; anything else (or the
        /// name twice) is refused naming it.
        static func flag(_ req: Request, _ name: String) throws -> Bool {
            guard let raw = try single(req, name) else { return false }
            guard let value = Bool(raw) else { throw AppError.invalid(name, "must be true or false") }
            return value
        }

        /// A query parameter given at most once; empty counts as absent.
        static func single(_ req: Request, _ name: String) throws -> String? {
            let values = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name == name }.map { $0.value ?? "" }
            guard values.count <= 1 else { throw AppError.invalid(name, "give it once") }
            return values.first.flatMap { $0.isEmpty ? nil : $0 }
        }

        private static func taskID(_ req: Request) throws -> Int {
            guard let id = req.parameters.get("taskID", as: Int.self) else { throw AppError.notFound("rectification task") }
            return id
        }
    }
}
