import Fluent
import LedgerCore
import Vapor

/// The resident platform's pages: send a message, follow it, rate the answer, read the board.
enum ResidentController {
    struct MessageForm: Content {
        let kind: String?, content: String?, districtId: String?, place: String?
        let name: String?, phone: String?, idNumber: String?, language: String?
    }
    struct LookupForm: Content { let trackingCode: String?; let phoneLast4: String? }
    struct RatingForm: Content { let trackingCode: String?; let phoneLast4: String?; let rating: String?; let comment: String? }

    @Sendable static func home(req: Request) async throws -> Response {
        ResidentViews.home(Layout.context(req))
    }

    @Sendable static func form(req: Request) async throws -> Response {
        var draft = ResidentViews.Draft()
        if let kind = try? req.query.get(String.self, at: "kind"), MessageKind(rawValue: kind) != nil { draft.kind = kind }
        return ResidentViews.form(draft, districts: try await districts(req), context: Layout.context(req))
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let form = try req.content.decode(MessageForm.self)
        let draft = ResidentViews.Draft(kind: form.kind ?? "", content: form.content ?? "", districtId: form.districtId ?? "",
                                        place: form.place ?? "", name: form.name ?? "", phone: form.phone ?? "", idNumber: form.idNumber ?? "")
        do {
            guard let kind = MessageKind(rawValue: draft.kind) else { throw AppError.invalid("kind", "choose the kind of message") }
            var districtID: Int?
            if !draft.districtId.isEmpty {
                guard let id = Int(draft.districtId) else { throw AppError.invalid("districtId", "choose a district") }
                districtID = id
            }
            func optional(_ text: String) -> String? { text.isEmpty ? nil : text }
            let input = NewMessageInput(kind: kind, content: draft.content, districtId: districtID, place: optional(draft.place),
                                        latitude: nil, longitude: nil, name: optional(draft.name), phone: optional(draft.phone),
                                        idNumber: optional(draft.idNumber), language: PageLanguage.of(req).rawValue)
            let code = try await req.application.messages.submit(input, from: req.clientAddress)
            return ResidentViews.receipt(code: code, context: Layout.context(req))
        } catch let error as AppError {
            return ResidentViews.form(draft, districts: try await districts(req), context: Layout.context(req), error: error.detail, status: error.status)
        }
    }

    @Sendable static func trackForm(req: Request) async throws -> Response {
        ResidentViews.trackForm(Layout.context(req))
    }

    @Sendable static func track(req: Request) async throws -> Response {
        let form = try req.content.decode(LookupForm.self)
        let service = req.application.messages
        do {
            let message = try await service.find(code: form.trackingCode ?? "", phoneLast4: form.phoneLast4 ?? "", from: req.clientAddress)
            return ResidentViews.status(try await service.residentView(message), phoneLast4: form.phoneLast4 ?? "", context: Layout.context(req))
        } catch let error as AppError {
            return ResidentViews.trackForm(Layout.context(req), code: form.trackingCode ?? "", error: error.detail, status: error.status)
        }
    }

    @Sendable static func rate(req: Request) async throws -> Response {
        let form = try req.content.decode(RatingForm.self)
        let service = req.application.messages
        let code = form.trackingCode ?? "", last4 = form.phoneLast4 ?? ""
        let message: MessageService.Tracked
        do {
            message = try await service.find(code: code, phoneLast4: last4, from: req.clientAddress)
        } catch let error as AppError {
            return ResidentViews.trackForm(Layout.context(req), code: code, error: error.detail, status: error.status)
        }
        do {
            guard let rating = form.rating.flatMap(Satisfaction.init(rawValue:)) else { throw AppError.invalid("rating", "choose a rating") }
            try await service.rate(message, rating: rating, comment: form.comment ?? "")
            return ResidentViews.status(try await service.residentView(try await service.reload(message)), phoneLast4: last4, context: Layout.context(req))
        } catch let error as AppError {
            return ResidentViews.status(try await service.residentView(message), phoneLast4: last4, context: Layout.context(req),
                                        error: error.detail, status: error.status)
        }
    }

    @Sendable static func board(req: Request) async throws -> Response {
        let filters = try PublicBoard.Filters(from: req.query)
        let board = try await PublicBoard.load(filters, app: req.application)
        let services = try await ServiceFigures.report(within: nil, month: filters.monthText, withWindows: false, app: req.application)
        return ResidentViews.board(board, services: services, filters: filters, districts: try await districts(req), context: Layout.context(req))
    }

    static func districts(_ req: Request) async throws -> [Unit] {
        try await UnitStore.units(kind: .district, on: req.db)
    }
}
