import Fluent
import LedgerCore
import SQLKit
import Vapor

/// The staff pages for the ledgers: list, register, the matter page and its actions.
enum MattersPageController {
    struct NewMatterForm: Content {
        let summary: String?, details: String?, channel: String?, suggestedLedger: String?
        let name: String?, phone: String?, idNumber: String?, address: String?
        /// Made with the form, so that sending it twice (a reload of the receipt) registers once.
        let requestKey: String?
    }

    struct ActionForm: Content {
        let version: Int?
        let ledger: String?, reason: String?, note: String?, result: String?, text: String?
        let rating: String?, verdict: String?, comment: String?, asked: String?, summary: String?, finding: String?
        let handlerId: Int?, partnerUnitId: Int?, complainantId: Int?, answerableOfficerId: Int?
    }

    @Sendable static func list(req: Request) async throws -> Response {
        let who = try req.officer()
        let filters = try MatterList.Filters(from: req.query)
        let list = try await MatterList.load(filters, for: who, on: req.db)
        let units = try await UnitStore.bureaus(within: who.reach, on: req.db)
        return MatterListView.render(list, filters: filters, units: units, context: Layout.context(req))
    }

    @Sendable static func newForm(req: Request) async throws -> Response {
        _ = try req.officer()
        return NewMatterView.render(.init(), context: Layout.context(req))
    }

    @Sendable static func create(req: Request) async throws -> Response {
        let who = try req.officer()
        let form = try req.content.decode(NewMatterForm.self)
        let draft = NewMatterView.Draft(summary: form.summary ?? "", details: form.details ?? "", channel: form.channel ?? "",
                                        suggestedLedger: form.suggestedLedger ?? "", name: form.name ?? "", phone: form.phone ?? "",
                                        idNumber: form.idNumber ?? "", address: form.address ?? "",
                                        requestKey: form.requestKey.flatMap { (1...64).contains($0.count) ? $0 : nil } ?? SecretToken.make(bytes: 12))
        do {
            guard let channel = SourceChannel(rawValue: draft.channel) else { throw AppError.invalid("channel", "choose where the matter came from") }
            let ledger: Ledger? = draft.suggestedLedger.isEmpty ? nil : Ledger(rawValue: draft.suggestedLedger)
            if !draft.suggestedLedger.isEmpty && ledger == nil { throw AppError.invalid("suggestedLedger", "is not a ledger") }
            let input = NewMatterInput(
                summary: draft.summary, details: draft.details, channel: channel, sourceRef: nil, unitId: nil, suggestedLedger: ledger,
                complainants: [.init(name: draft.name, phone: draft.phone, idNumber: draft.idNumber.isEmpty ? nil : draft.idNumber,
                                     address: draft.address.isEmpty ? nil : draft.address)])
            let registered = try await req.application.ledger.register(input, by: who, idempotency: try .init(key: "page:" + draft.requestKey, body: input))
            // The same form sent again: the matter exists and its codes were shown once.
            if registered.replayed { return req.redirect(to: Page.matter(registered.id).path) }
            let reference = try await Matter.fetch(registered.id, on: req.db)?.reference ?? ""
            return NewMatterView.receipt(reference: reference, matterID: registered.id, codes: registered.trackingCodes, context: Layout.context(req))
        } catch let error as AppError {
            return NewMatterView.render(draft, context: Layout.context(req), error: error.detail, status: error.status)
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let who = try req.officer()
        let model = try await pageModel(try API.MattersController.matterID(req), who: who, app: req.application)
        return MatterView.render(model, context: Layout.context(req))
    }

    /// Performs the action and goes back to the matter page (post/redirect/get); a refusal
    /// shows the page again with the reason.
    @Sendable static func act(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.MattersController.matterID(req)
        guard let action = req.parameters.get("action").flatMap(MatterAction.init(rawValue:)) else { throw AppError.notFound("action") }
        do {
            let form = try req.content.decode(ActionForm.self)
            guard let version = form.version else { throw AppError.invalid("version", "is required; reload the page") }
            let command = try command(action, form, who: who)
            try LimitCheck.texts(of: command)
            _ = try await req.application.ledger.perform(command, on: id, expectedVersion: version, by: .officer(who.actor))
            return req.redirect(to: Page.matter(id).path)
        } catch let error as AppError {
            if error.status == .notFound { throw error }
            let model = try await pageModel(id, who: who, app: req.application)
            return MatterView.render(model, context: Layout.context(req), error: error.detail, status: error.status)
        }
    }

    /// Shows one complainant in clear on the matter page; the look is recorded in the timeline.
    @Sendable static func reveal(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.MattersController.matterID(req)
        guard let complainantID = req.parameters.get("complainantID", as: Int.self) else { throw AppError.notFound("complainant") }
        let revealed = try await PersonalDataReveal.reveal(complainantID, of: id, by: who, app: req.application)
        var model = try await pageModel(id, who: who, app: req.application)
        model.revealed = revealed
        return MatterView.render(model, context: Layout.context(req))
    }

    struct AppealForm: Content { let rating: String?; let reason: String? }
    struct DecisionForm: Content { let decision: String?; let note: String? }

    @Sendable static func appeal(req: Request) async throws -> Response {
        let who = try req.officer()
        let id = try API.MattersController.matterID(req)
        do {
            let form = try req.content.decode(AppealForm.self)
            let parts = (form.rating ?? "").split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { throw AppError.invalid("rating", "choose the rating to appeal") }
            _ = try await req.application.appeals.file(matterID: id, complainantID: parts[1], round: parts[0], reason: form.reason ?? "", by: who)
            return req.redirect(to: Page.matter(id).path)
        } catch let error as AppError where error.status != .notFound {
            return MatterView.render(try await pageModel(id, who: who, app: req.application), context: Layout.context(req), error: error.detail, status: error.status)
        }
    }

    @Sendable static func decideAppeal(req: Request) async throws -> Response {
        let who = try req.officer()
        guard let appealID = req.parameters.get("appealID", as: Int.self) else { throw AppError.notFound("appeal") }
        let matterID = (try? req.query.get(Int.self, at: "matter")) ?? 0
        do {
            let form = try req.content.decode(DecisionForm.self)
            guard let decision = form.decision.flatMap(AppealDecision.init(rawValue:)) else { throw AppError.invalid("decision", "choose a decision") }
            _ = try await req.application.appeals.decide(appealID: appealID, decision: decision, note: form.note ?? "", by: who)
            return req.redirect(to: matterID > 0 ? Page.matter(matterID).path : Page.matters.path)
        } catch let error as AppError where error.status != .notFound && matterID > 0 {
            return MatterView.render(try await pageModel(matterID, who: who, app: req.application), context: Layout.context(req), error: error.detail, status: error.status)
        }
    }

    static func command(_ action: MatterAction, _ form: ActionForm, who: SignedIn) throws -> MatterCommand {
        func required<T>(_ value: T?, _ field: String) throws -> T {
            guard let value else { throw AppError.invalid(field, "is required") }
            return value
        }
        switch action {
        case .vet:
            guard let ledger = form.ledger.flatMap(Ledger.init(rawValue:)) else { throw AppError.invalid("ledger", "choose a ledger") }
            return .vet(ledger)
        case .decline: return .decline(reason: try required(form.reason, "reason"))
        case .handle: return .startHandling(handlerID: form.handlerId ?? who.officerID)
        case .coordinate: return .coordinate(partnerUnitID: try required(form.partnerUnitId, "partnerUnitId"), note: try required(form.note, "note"))
        case .result: return .recordResult(try required(form.result, "result"))
        case .reply: return .reply(complainantID: try required(form.complainantId, "complainantId"), text: try required(form.text, "text"))
        case .rate:
            guard let rating = form.rating.flatMap(Satisfaction.init(rawValue:)) else { throw AppError.invalid("rating", "choose a rating") }
            return .rate(complainantID: try required(form.complainantId, "complainantId"), rating: rating, comment: form.comment ?? "")
        case .unreachable: return .reportUnreachable(complainantID: try required(form.complainantId, "complainantId"), note: try required(form.note, "note"))
        case .approveUnreachable: return .approveUnreachable(complainantID: try required(form.complainantId, "complainantId"))
        case .publish: return .publish(asked: try required(form.asked, "asked"), summary: try required(form.summary, "summary"))
        case .withhold:
            guard let reason = form.reason.flatMap(WithholdingReason.init(rawValue:)) else { throw AppError.invalid("reason", "choose a lawful reason") }
            return .withhold(reason: reason, note: try required(form.note, "note"))
        case .accountability:
            return .reviewAccountability(answerableOfficerID: try required(form.answerableOfficerId, "answerableOfficerId"),
                                         finding: try required(form.finding, "finding"))
        case .close: return .close
        case .recheck:
            guard let verdict = form.verdict.flatMap(RecheckVerdict.init(rawValue:)) else { throw AppError.invalid("verdict", "choose what the resident said") }
            return .recheck(complainantID: try required(form.complainantId, "complainantId"), verdict: verdict, comment: form.comment ?? "")
        }
    }

    static func pageModel(_ id: Int, who: SignedIn, app: Application) async throws -> MatterView.Model {
        let detail = try await MatterDetail.load(id, for: .officer(who.actor), app: app)
        let db = app.db
        let timeline = try await TimelineEntry.load(matterID: id, on: db)
        let partners = try await UnitStore.partners(ofCity: detail.cityId, on: db)
        let chain = [detail.unitId, detail.districtId, detail.cityId].compactMap { $0 }
        let answerable = try await OfficerStore.workingMatters(in: chain, on: db)
        // The owning unit's active officers, from the same rows.
        let handlers = answerable.filter { $0.unitID == detail.unitId && !$0.disabled && $0.role != .clerk }
        let mayReveal = PersonalDataReveal.mayReveal(who, owningUnitID: detail.unitId, handlerID: detail.handlerId)
        let placement = MatterPlacement(unitID: detail.unitId, districtID: detail.districtId, cityID: detail.cityId)
        let mayAppeal = (try? AppealRules.mayFile(who.actor, placement: placement, rating: .dissatisfied)) != nil
        let mayDecide = (try? AppealRules.mayDecide(who.actor, placement: placement)) != nil
        return MatterView.Model(detail: detail, timeline: timeline, handlers: handlers, partners: partners, answerable: answerable,
                                mayReveal: mayReveal, mayAppeal: mayAppeal, mayDecideAppeals: mayDecide)
    }
}
