import Crypto
import Fluent
import LedgerCore
import Vapor

extension API {
    /// `/api/v1/matters`: the ledgers and every action on a matter.
    enum MattersController {
        struct Versioned: Content { let version: Int }
        struct VetBody: Content { let version: Int; let ledger: Ledger }
        struct DeclineBody: Content { let version: Int; let reason: String }
        struct HandleBody: Content { let version: Int; let handlerId: Int? }
        struct CoordinationBody: Content { let version: Int; let partnerUnitId: Int; let note: String }
        struct ResultBody: Content { let version: Int; let result: String }
        struct ReplyBody: Content { let version: Int; let complainantId: Int; let text: String }
        struct RatingBody: Content { let version: Int; let complainantId: Int; let rating: Satisfaction; let comment: String? }
        struct RecheckBody: Content { let version: Int; let complainantId: Int; let verdict: RecheckVerdict; let comment: String? }
        struct UnreachableBody: Content { let version: Int; let complainantId: Int; let note: String }
        struct ApprovalBody: Content { let version: Int; let complainantId: Int }
        struct PublishBody: Content { let version: Int; let asked: String; let summary: String }
        struct WithholdBody: Content { let version: Int; let reason: WithholdingReason; let note: String }
        struct AccountabilityBody: Content { let version: Int; let answerableOfficerId: Int; let finding: String }

        @Sendable static func list(req: Request) async throws -> MatterList {
            try await MatterList.load(try MatterList.Filters(from: req.query), for: try req.officer(), on: req.db)
        }

        @Sendable static func create(req: Request) async throws -> Response {
            let who = try req.officer()
            let input = try req.content.decode(NewMatterInput.self)
            let registered: LedgerService.RegisteredMatter
            if let key = req.headers.first(name: "Idempotency-Key") {
                guard !key.isEmpty, key.count <= 200 else { throw AppError.invalid("Idempotency-Key", "must be 1 to 200 characters") }
                registered = try await req.application.ledger.register(input, by: who, idempotency: try .init(key: key, body: input))
            } else {
                registered = try await req.application.ledger.register(input, by: who)
            }
            let id = registered.id
            var detail = try await MatterDetail.load(id, for: .officer(who.actor), app: req.application)
            detail.trackingCodes = registered.trackingCodes
            let response = try await detail.encodeResponse(status: .created, for: req)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/matters/\(id)")
            return response
        }

        @Sendable static func show(req: Request) async throws -> MatterDetail {
            try await MatterDetail.load(try matterID(req), for: .officer(try req.officer().actor), app: req.application)
        }

        @Sendable static func timeline(req: Request) async throws -> [TimelineEntry] {
            let id = try matterID(req)
            _ = try await MatterDetail.load(id, for: .officer(try req.officer().actor), app: req.application)  // scope check
            return try await TimelineEntry.load(matterID: id, on: req.db)
        }

        /// Decodes the body for `action` into a command and its expected version. Each action's
        /// URL segment is its `MatterAction`, so `availableActions` names URLs directly.
        static func command(for action: MatterAction, req: Request, who: SignedIn) throws -> (MatterCommand, Int) {
            switch action {
            case .vet: let b = try req.content.decode(VetBody.self); return (.vet(b.ledger), b.version)
            case .decline: let b = try req.content.decode(DeclineBody.self); return (.decline(reason: b.reason), b.version)
            case .handle: let b = try req.content.decode(HandleBody.self); return (.startHandling(handlerID: b.handlerId ?? who.officerID), b.version)
            case .coordinate:
                let b = try req.content.decode(CoordinationBody.self); return (.coordinate(partnerUnitID: b.partnerUnitId, note: b.note), b.version)
            case .result: let b = try req.content.decode(ResultBody.self); return (.recordResult(b.result), b.version)
            case .reply: let b = try req.content.decode(ReplyBody.self); return (.reply(complainantID: b.complainantId, text: b.text), b.version)
            case .rate:
                let b = try req.content.decode(RatingBody.self)
                return (.rate(complainantID: b.complainantId, rating: b.rating, comment: b.comment ?? ""), b.version)
            case .unreachable:
                let b = try req.content.decode(UnreachableBody.self); return (.reportUnreachable(complainantID: b.complainantId, note: b.note), b.version)
            case .approveUnreachable:
                let b = try req.content.decode(ApprovalBody.self); return (.approveUnreachable(complainantID: b.complainantId), b.version)
            case .publish: let b = try req.content.decode(PublishBody.self); return (.publish(asked: b.asked, summary: b.summary), b.version)
            case .withhold: let b = try req.content.decode(WithholdBody.self); return (.withhold(reason: b.reason, note: b.note), b.version)
            case .accountability:
                let b = try req.content.decode(AccountabilityBody.self)
                return (.reviewAccountability(answerableOfficerID: b.answerableOfficerId, finding: b.finding), b.version)
            case .close: let b = try req.content.decode(Versioned.self); return (.close, b.version)
            case .recheck:
                let b = try req.content.decode(RecheckBody.self)
                return (.recheck(complainantID: b.complainantId, verdict: b.verdict, comment: b.comment ?? ""), b.version)
            }
        }

        static func act(_ action: MatterAction) -> @Sendable (Request) async throws -> MatterDetail {
            { req in
                let who = try req.officer()
                let id = try matterID(req)
                let (command, version) = try command(for: action, req: req, who: who)
                try LimitCheck.texts(of: command)
                _ = try await req.application.ledger.perform(command, on: id, expectedVersion: version, by: .officer(who.actor))
                return try await MatterDetail.load(id, for: .officer(who.actor), app: req.application)
            }
        }

        @Sendable static func revealText(req: Request) async throws -> [TextPersonalData.Revealed] {
            try await PersonalDataReveal.revealText(of: try matterID(req), by: try req.officer(), app: req.application)
        }

        struct PhoneMatch: Content { let id: Int; let reference: String; let summary: String; let status: MatterStatus; let unitId: Int }

        /// `GET /api/v1/matters/by-phone?phone=…`: the matters of a full phone number, within reach.
        @Sendable static func byPhone(req: Request) async throws -> [PhoneMatch] {
            let who = try req.officer()
            let phone = (try? req.query.get(String.self, at: "phone")) ?? ""
            return try await PersonalDataReveal.matters(withPhone: phone, for: who, app: req.application).map {
                PhoneMatch(id: $0.id!, reference: $0.reference, summary: $0.summary, status: $0.status, unitId: $0.unitID)
            }
        }

        /// Shows one complainant's personal data in clear, and records who looked.
        @Sendable static func reveal(req: Request) async throws -> PersonalDataReveal.Revealed {
            let who = try req.officer()
            guard let complainantID = req.parameters.get("complainantID", as: Int.self) else { throw AppError.notFound("complainant") }
            return try await PersonalDataReveal.reveal(complainantID, of: try matterID(req), by: who, app: req.application)
        }

        struct AppealBody: Content { let complainantId: Int; let round: Int; let reason: String }
        struct DecisionBody: Content { let decision: AppealDecision; let note: String }

        /// 监督: the owning unit appeals a rating it believes malicious.
        @Sendable static func appeal(req: Request) async throws -> Response {
            let who = try req.officer()
            let body = try req.content.decode(AppealBody.self)
            let appeal = try await req.application.appeals.file(matterID: try matterID(req), complainantID: body.complainantId,
                                                                round: body.round, reason: body.reason, by: who)
            return try await appeal.encodeResponse(status: .created, for: req)
        }

        /// A chief one level up decides the appeal.
        @Sendable static func decideAppeal(req: Request) async throws -> AppealService.AppealDTO {
            let who = try req.officer()
            guard let id = req.parameters.get("appealID", as: Int.self) else { throw AppError.notFound("appeal") }
            let body = try req.content.decode(DecisionBody.self)
            return try await req.application.appeals.decide(appealID: id, decision: body.decision, note: body.note, by: who)
        }

        static func matterID(_ req: Request) throws -> Int {
            guard let id = req.parameters.get("matterID", as: Int.self), id > 0 else { throw AppError.notFound("matter") }
            return id
        }
    }
}

/// Size limits on the free text of actions.
enum LimitCheck {
    static func texts(of command: MatterCommand) throws {
        let pairs: [(String, String, Int)] = switch command {
        case .decline(let reason): [("reason", reason, 2000)]
        case .coordinate(_, let note): [("note", note, 2000)]
        case .recordResult(let text): [("result", text, 5000)]
        case .reply(_, let text): [("text", text, 5000)]
        case .rate(_, _, let comment), .recheck(_, _, let comment): [("comment", comment, 2000)]
        case .reportUnreachable(_, let note): [("note", note, 2000)]
        case .publish(let asked, let summary): [("asked", asked, 1000), ("summary", summary, 2000)]
        case .withhold(_, let note): [("note", note, 2000)]
        case .reviewAccountability(_, let finding): [("finding", finding, 2000)]
        case .vet, .startHandling, .approveUnreachable, .close: []
        }
        for (field, text, max) in pairs { try NewMatterInput.text(text, field: field, max: max, required: false) }
    }
}

