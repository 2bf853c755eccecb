import Foundation
import LedgerCore
import Plot
import Vapor

/// 好差评 pages: the one-time link a resident receives when served (`/evaluate/{token}`) and the
/// tracking page's way in with a code and the phone's last four digits (`/evaluate`).
enum EvaluationPageController {
    struct RatingForm: Content {
        let code: String?; let phoneLast4: String?
        let rating: String?; let reasons: [String]?; let comment: String?; let anonymous: String?
    }

    @Sendable static func lookupForm(req: Request) async throws -> Response {
        lookup(Layout.context(req))
    }

    @Sendable static func linkPage(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let context = Layout.context(req)
        do {
            let view = try await req.application.evaluations.view(.token(token), from: req.clientAddress)
            return form(view, action: Page.evaluateLink(token).path, hidden: [], context: context)
        } catch let error as AppError {
            return Layout.page(context.language(.evaluateUnusable), context, status: error.status, error: error.detail, content: [
                .p(.a(.href(Page.evaluate.path), .text(context.language(.evaluateTitle)))),
            ])
        }
    }

    @Sendable static func linkSubmit(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        return try await submit(req, proof: .token(token), action: Page.evaluateLink(token).path, hidden: [])
    }

    /// The code form's answer: without a rating, the case and its form; with one, the rating.
    @Sendable static func submit(req: Request) async throws -> Response {
        let form = try req.content.decode(RatingForm.self)
        let code = form.code ?? "", last4 = form.phoneLast4 ?? ""
        let proof = EvaluationService.Proof.code(code, phoneLast4: last4)
        let hidden = [("code", code), ("phoneLast4", last4)]
        guard form.rating != nil else {
            let context = Layout.context(req)
            do {
                return self.form(try await req.application.evaluations.view(proof, from: req.clientAddress), action: Page.evaluate.path,
                                 hidden: hidden, context: context)
            } catch let error as AppError {
                return lookup(context, error: error.detail, status: error.status)
            }
        }
        return try await submit(req, proof: proof, action: Page.evaluate.path, hidden: hidden)
    }

    private static func submit(_ req: Request, proof: EvaluationService.Proof, action: String, hidden: [(String, String)]) async throws -> Response {
        let context = Layout.context(req)
        let form = try req.content.decode(RatingForm.self)
        let service = req.application.evaluations
        do {
            guard let rating = form.rating.flatMap(ServiceRating.init(rawValue:)) else { throw AppError.invalid("rating", "choose a rating") }
            var reasons: [EvaluationReason] = []
            for raw in form.reasons ?? [] {
                guard let reason = EvaluationReason(rawValue: raw) else { throw AppError.invalid("reasons", "\(raw) is not a reason on the list") }
                reasons.append(reason)
            }
            try await service.evaluate(proof, .init(rating: rating, reasons: reasons, comment: form.comment,
                                                    anonymous: form.anonymous == "on" || form.anonymous == "true"), from: req.clientAddress)
            return Layout.page(context.language(.evaluateTitle), context, status: .created, content: [
                .p(.id("evaluated"), .text(context.language(.evaluateThanks))),
            ])
        } catch let error as AppError where error.status == .unprocessableEntity {
            guard let view = try? await service.view(proof, from: req.clientAddress) else { return lookup(context, error: error.detail, status: error.status) }
            return self.form(view, action: action, hidden: hidden, context: context, error: error, typed: form)
        } catch let error as AppError {
            return lookup(context, error: error.detail, status: error.status)
        }
    }

    private static func lookup(_ context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.evaluateTitle), context, status: status, error: error, content: [
            .p(.text(t(.evaluateLookupHelp))),
            .form(.id("evaluate-lookup"), .action(Page.evaluate.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  ResidentViews.field("code", t(.servicesCode), ""),
                  ResidentViews.field("phoneLast4", t(.trackLast4), ""),
                  .button(.type(.submit), .id("evaluate-lookup-submit"), .text(t(.trackSubmit)))),
        ])
    }

    private static func form(_ view: EvaluationService.CaseView, action: String, hidden: [(String, String)], context: Layout.Context,
                             error: AppError? = nil, typed: RatingForm? = nil) -> Response {
        let t = context.language
        let chosen = Set(typed?.reasons ?? [])
        let place = [view.hall, view.window].compactMap { $0 }.joined(separator: " · ")
        let facts: Node<HTML.BodyContext> = .dl(.class("facts"),
            .dt(.text(t(.servicesCode))), .dd(.text(view.code)),
            .dt(.text(t(.evaluateService))), .dd(.text(context.language == .zh ? view.serviceName : view.serviceNameEn)),
            .dt(.text(t(.evaluatePlace))), .dd(.text(place.isEmpty ? t(.evaluateOnline) : place)),
            .unwrap(view.finishedAt) { .group(.dt(.text(t(.evaluateFinished))), .dd(.text(Format.minute($0)))) })
        if let rated = view.rated {
            return Layout.page(t(.evaluateTitle), context, status: .ok, content: [
                facts, .p(.id("already-rated"), .text(t(.evaluateAlready) + t(.serviceRating(rated)))),
            ])
        }
        func reasonBox(_ reason: EvaluationReason) -> Node<HTML.FormContext> {
            .label(.class("check"), .input(.type(.checkbox), .name("reasons[]"), .value(reason.rawValue), .id("reason-\(reason.rawValue)"),
                                           .attribute(named: "checked", value: chosen.contains(reason.rawValue) ? "checked" : nil)),
                   .text(t(.evaluationReason(reason))))
        }
        return Layout.page(t(.evaluateTitle), context, status: error?.status ?? .ok, error: error?.detail, content: [
            .p(.text(t(.evaluateHelp))),
            facts,
            .form(.id("evaluate-form"), .action(action), .method(.post),
                  Layout.csrfField(context.csrf),
                  .forEach(hidden) { .input(.type(.hidden), .name($0.0), .value(Safe.attribute($0.1))) },
                  Controls.select("rating", label: t(.fieldRating), options: view.ratings.map { ($0.rawValue, t(.serviceRating($0))) },
                                  selected: typed?.rating, id: "rating"),
                  .fieldset(.element(named: "legend", text: t(.evaluateReasons)), .p(.small(.text(t(.evaluateReasonsHint)))),
                            .div(.class("reasons"),
                                 .div(.forEach(view.reasons.filter(\.isPraise)) { reasonBox($0) }),
                                 .div(.forEach(view.reasons.filter { !$0.isPraise }) { reasonBox($0) }))),
                  .label(.for("comment"), .text(t(.fieldComment))),
                  .textarea(.name("comment"), .id("comment"), .text(typed?.comment ?? "")),
                  .label(.class("check"), .input(.type(.checkbox), .name("anonymous"), .value("true"), .id("anonymous"),
                                                 .attribute(named: "checked", value: typed?.anonymous != nil ? "checked" : nil)), .text(t(.evaluateAnonymous))),
                  .button(.type(.submit), .id("evaluate-submit"), .text(t(.evaluateTitle)))),
        ])
    }
}
