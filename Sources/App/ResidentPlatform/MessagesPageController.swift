import Fluent
import LedgerCore
import Vapor

/// The staff desk for online messages: list, read, answer, escalate into a ledger.
enum MessagesPageController {
    struct AnswerForm: Content { let answer: String? }
    struct EscalateForm: Content { let unitId: Int?; let summary: String? }

    @Sendable static func list(req: Request) async throws -> Response {
        let who = try req.officer()
        return MessagesView.list(try await API.MessagesController.page(req, who: who), context: Layout.context(req))
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let who = try req.officer()
        return try await render(req, who: who, id: try API.MessagesController.messageID(req), error: nil, status: .ok)
    }

    @Sendable static func answer(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.MessagesController.messageID(req)
        do {
            try await req.application.messages.answer(id, text: try req.content.decode(AnswerForm.self).answer ?? "", by: who)
            return req.redirect(to: Page.message(id).path)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, who: who, id: id, error: error.detail, status: error.status)
        }
    }

    @Sendable static func escalate(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.MessagesController.messageID(req)
        do {
            let form = try req.content.decode(EscalateForm.self)
            guard let unitID = form.unitId else { throw AppError.invalid("unitId", "choose the owning unit") }
            let matterID = try await req.application.messages.escalate(id, to: unitID, summary: form.summary ?? "", by: who)
            return req.redirect(to: Page.matter(matterID).path)
        } catch let error as AppError where error.status != .notFound {
            return try await render(req, who: who, id: id, error: error.detail, status: error.status)
        }
    }

    private static func render(_ req: Request, who: SignedIn, id: Int, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let message = try await req.application.messages.load(id, for: who, on: req.db)
        let units = try await UnitStore.bureaus(within: who.reach, on: req.db)
            .filter { $0.id == message.districtID || $0.districtID == message.districtID || $0.kind == .city }
        return MessagesView.show(try API.MessagesController.dto(message, cipher: req.application.cipher), units: units,
                                 context: Layout.context(req), error: error, status: status)
    }
}
