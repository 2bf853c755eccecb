import Fluent
import LedgerCore
import Vapor

extension API {
    /// `/api/v1/public`: what residents use without an account — send a message, follow it
    /// with its tracking code, rate the answer, and read the public board.
    enum PublicController {
        struct Receipt: Content { let trackingCode: String }
        struct Lookup: Content { let trackingCode: String; let phoneLast4: String }
        struct Rating: Content { let trackingCode: String; let phoneLast4: String; let rating: Satisfaction; let comment: String? }
        struct District: Content { let id: Int; let name: String }

        @Sendable static func submit(req: Request) async throws -> Response {
            let input = try req.content.decode(NewMessageInput.self)
            let code = try await req.application.messages.submit(input, from: req.clientAddress)
            return try await Receipt(trackingCode: code).encodeResponse(status: .created, for: req)
        }

        @Sendable static func track(req: Request) async throws -> MessageService.ResidentView {
            let body = try req.content.decode(Lookup.self)
            let service = req.application.messages
            return try await service.residentView(try await service.find(code: body.trackingCode, phoneLast4: body.phoneLast4, from: req.clientAddress))
        }

        @Sendable static func rate(req: Request) async throws -> MessageService.ResidentView {
            let body = try req.content.decode(Rating.self)
            let service = req.application.messages
            let tracked = try await service.find(code: body.trackingCode, phoneLast4: body.phoneLast4, from: req.clientAddress)
            try await service.rate(tracked, rating: body.rating, comment: body.comment ?? "")
            return try await service.residentView(try await service.reload(tracked))
        }

        @Sendable static func board(req: Request) async throws -> PublicBoard {
            try await PublicBoard.load(try PublicBoard.Filters(from: req.query), app: req.application)
        }

        @Sendable static func districts(req: Request) async throws -> [District] {
            try await UnitStore.units(kind: .district, on: req.db).map { District(id: $0.id!, name: $0.name) }
        }
    }

    /// `/api/v1/messages`: the staff desk for messages from the online platform.
    enum MessagesController {
        struct MessageDTO: Content {
            let id: Int; let kind: MessageKind; let status: MessageStatus; let content: String; let createdAt: Date
            let unitId: Int; let districtId: Int?
            let name: String?; let phone: String?; let idNumber: String?; let place: String?
            let answer: String?; let answeredAt: Date?; let matterId: Int?; let rating: Satisfaction?; let ratingComment: String?
        }
        struct Page: Content { let items: [MessageDTO]; let nextCursor: String? }
        struct AnswerBody: Content { let answer: String }
        struct EscalateBody: Content { let unitId: Int; let summary: String }

        static func dto(_ message: ResidentMessage, cipher: PersonalDataCipher) throws -> MessageDTO {
            MessageDTO(
                id: message.id!, kind: message.kind, status: message.status, content: message.content, createdAt: message.createdAt,
                unitId: message.unitID, districtId: message.districtID,
                name: try message.nameSealed.map { Masking.name(try cipher.open($0)) },
                phone: try message.phoneSealed.map { Masking.phone(try cipher.open($0)) },
                idNumber: try message.idNumberSealed.map { Masking.idNumber(try cipher.open($0)) },
                place: try message.placeSealed.map { Masking.address(try cipher.open($0)) },
                answer: message.answer, answeredAt: message.answeredAt, matterId: message.matterID,
                rating: message.rating, ratingComment: message.ratingComment)
        }

        static func page(_ req: Request, who: SignedIn) async throws -> Page {
            var status: MessageStatus?, kind: MessageKind?
            if let raw = (try? req.query.get(String.self, at: "status")).flatMap({ $0.isEmpty ? nil : $0 }) {
                guard let chosen = MessageStatus(rawValue: raw) else { throw AppError.invalid("status", "must be received, answered or escalated") }
                status = chosen
            }
            if let raw = (try? req.query.get(String.self, at: "kind")).flatMap({ $0.isEmpty ? nil : $0 }) {
                guard let chosen = MessageKind(rawValue: raw) else { throw AppError.invalid("kind", "must be consultation, suggestion, report or business") }
                kind = chosen
            }
            let window = try ListWindow(req)
            let rows = try await MessageStore.messages(visibleTo: who, status: status, kind: kind, before: window.cursor, limit: window.fetch, on: req.db)
            let cipher = req.application.cipher
            let page = window.page(rows) { $0.id }
            return Page(items: try page.rows.map { try dto($0, cipher: cipher) }, nextCursor: page.nextCursor)
        }

        @Sendable static func list(req: Request) async throws -> Page { try await page(req, who: try req.officer()) }

        /// The phones, ID numbers and e-mail addresses typed into a message, in clear, for a chief
        /// of the unit it was sent to; recorded.
        @Sendable static func revealText(req: Request) async throws -> [TextPersonalData.Revealed] {
            let who = try req.officer()
            let id = try messageID(req)
            let message = try await req.application.messages.load(id, for: who, on: req.db)
            guard who.role.isChief, who.unitID == message.unitID else {
                throw AppError.forbidden("only the chiefs of the unit a message was sent to may see its personal data in clear")
            }
            return try await TextPersonalData.reveal(.message, id: id, matterID: message.matterID, by: who, app: req.application)
        }

        @Sendable static func show(req: Request) async throws -> MessageDTO {
            let who = try req.officer()
            let message = try await req.application.messages.load(try messageID(req), for: who, on: req.db)
            return try dto(message, cipher: req.application.cipher)
        }

        @Sendable static func answer(req: Request) async throws -> MessageDTO {
            let who = try req.officer()
            let id = try messageID(req)
            try await req.application.messages.answer(id, text: try req.content.decode(AnswerBody.self).answer, by: who)
            return try dto(try await req.application.messages.load(id, for: who, on: req.db), cipher: req.application.cipher)
        }

        @Sendable static func escalate(req: Request) async throws -> MessageDTO {
            let who = try req.officer()
            let id = try messageID(req)
            let body = try req.content.decode(EscalateBody.self)
            _ = try await req.application.messages.escalate(id, to: body.unitId, summary: body.summary, by: who)
            return try dto(try await req.application.messages.load(id, for: who, on: req.db), cipher: req.application.cipher)
        }

        /// Received, answered and escalated per unit for a period (`from` inclusive, `to` exclusive, YYYY-MM-DD).
        @Sendable static func counts(req: Request) async throws -> [MessageService.UnitCount] {
            let who = try req.officer()
            func day(_ name: String) throws -> Date {
                guard let raw = try? req.query.get(String.self, at: name), let day = Day(raw) else {
                    throw AppError.invalid(name, "must be a date as YYYY-MM-DD")
                }
                return WorkingCalendar().startOfDay(day)
            }
            let from = try day("from"), to = try day("to")
            guard from < to else { throw AppError.invalid("to", "must be after from") }
            return try await req.application.messages.counts(for: who, from: from, to: to)
        }

        static func messageID(_ req: Request) throws -> Int {
            guard let id = req.parameters.get("messageID", as: Int.self), id > 0 else { throw AppError.notFound("message") }
            return id
        }
    }
}
