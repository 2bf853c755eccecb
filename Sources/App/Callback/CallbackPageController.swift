import Foundation
import LedgerCore
import Vapor

/// The call-back office's desk (`/callbacks`): the replies waiting for a call and the day's
/// re-checks, the number for a call (each look recorded), and what the resident said.
enum CallbackPageController {
    /// The form of a call, as the desk posts it (values are the API's names).
    struct CallForm: Content {
        let outcome: String?, rating: String?, verdict: String?, comment: String?, note: String?
    }

    @Sendable static func desk(req: Request) async throws -> Response {
        try await render(req, who: try req.officer())
    }

    @Sendable static func revealPhone(req: Request) async throws -> Response {
        let who = try req.officer()
        let (matterID, complainantID) = try ids(req)
        do {
            let phone = try await req.application.callbacks.revealPhone(matterID: matterID, complainantID: complainantID, by: who)
            return try await render(req, who: who, revealed: .reply(matterID: matterID, complainantID: complainantID, phone: phone.phone))
        } catch let error as AppError where error.status != .forbidden {
            return try await render(req, who: who, error: error)
        }
    }

    @Sendable static func record(req: Request) async throws -> Response {
        let who = try req.officer()
        let (matterID, complainantID) = try ids(req)
        do {
            let form = try req.content.decode(CallForm.self)
            let call = CallbackService.CallRecord(outcome: try outcome(form), calledAt: nil,
                                                  rating: try choice(form.rating, Satisfaction.self, field: "rating"),
                                                  comment: form.comment, note: form.note)
            _ = try await req.application.callbacks.record(call, matterID: matterID, complainantID: complainantID, by: who)
            return req.redirect(to: Page.callbacks.path)
        } catch let error as AppError where error.status != .forbidden {
            return try await render(req, who: who, error: error)
        }
    }

    @Sendable static func revealRecheckPhone(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try recheckID(req)
        do {
            let phone = try await req.application.rechecks.revealPhone(recheckID: id, by: who)
            return try await render(req, who: who, revealed: .recheck(id: id, phone: phone.phone))
        } catch let error as AppError where error.status != .forbidden {
            return try await render(req, who: who, error: error)
        }
    }

    @Sendable static func recordRecheck(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try recheckID(req)
        do {
            let form = try req.content.decode(CallForm.self)
            let call = RecheckService.CallRecord(outcome: try outcome(form), calledAt: nil,
                                                 verdict: try choice(form.verdict, RecheckVerdict.self, field: "verdict"),
                                                 comment: form.comment, note: form.note)
            _ = try await req.application.rechecks.record(call, recheckID: id, by: who)
            return req.redirect(to: Page.callbacks.path)
        } catch let error as AppError where error.status != .forbidden {
            return try await render(req, who: who, error: error)
        }
    }

    /// The office decides an appeal against a service rating (好差评).
    @Sendable static func decideAppeal(req: Request) async throws -> Response {
        let who = try req.officer()
        guard let id = req.parameters.get("evaluationID", as: Int.self) else { throw AppError.notFound("evaluation") }
        do {
            let form = try req.content.decode(CallForm.self)
            guard let decision = try choice(form.verdict, EvaluationAppealState.self, field: "decision"), decision != .pending else {
                throw AppError.invalid("decision", "choose upheld or rejected")
            }
            try await req.application.evaluations.decide(id, upheld: decision == .upheld, note: form.note ?? "", by: who)
            return req.redirect(to: Page.callbacks.path)
        } catch let error as AppError where error.status != .forbidden {
            return try await render(req, who: who, error: error)
        }
    }

    private static func render(_ req: Request, who: SignedIn, revealed: CallbackViews.Revealed? = nil, error: AppError? = nil) async throws -> Response {
        let app = req.application
        let queue = try await app.callbacks.queue(for: who)
        let rechecks = try await app.rechecks.waiting(for: who)
        let appeals = try await EvaluationStore.pendingAppeals(office: try await app.callbacks.caller(who).0.office, limit: 100, on: app.db)
        return CallbackViews.desk(queue: queue, rechecks: rechecks, appeals: appeals, revealed: revealed, context: Layout.context(req),
                                  error: error?.detail, status: error?.status ?? .ok)
    }

    private static func outcome(_ form: CallForm) throws -> CallOutcome {
        guard let outcome = form.outcome.flatMap(CallOutcome.init(rawValue:)) else { throw AppError.invalid("outcome", "choose how the call went") }
        return outcome
    }

    /// An optional choice: empty is none, anything else must be one of the values.
    private static func choice<T: RawRepresentable>(_ value: String?, _ type: T.Type, field: String) throws -> T? where T.RawValue == String {
        guard let value, !value.isEmpty else { return nil }
        guard let chosen = T(rawValue: value) else { throw AppError.invalid(field, "is not one of the choices") }
        return chosen
    }

    private static func ids(_ req: Request) throws -> (Int, Int) {
        guard let matterID = req.parameters.get("matterID", as: Int.self),
              let complainantID = req.parameters.get("complainantID", as: Int.self) else { throw AppError.notFound("call") }
        return (matterID, complainantID)
    }

    private static func recheckID(_ req: Request) throws -> Int {
        guard let id = req.parameters.get("recheckID", as: Int.self) else { throw AppError.notFound("re-check") }
        return id
    }
}
