import LedgerCore
import Plot
import Vapor

/// The one-time rating link a resident receives with a reply: its page (`/rate/{token}`) and its
/// API (`/api/v1/public/rating-links/{token}`).
enum RatingLinkController {
    struct RatingForm: Content { let rating: String?; let comment: String? }
    struct RatingBody: Content { let rating: Satisfaction; let comment: String? }

    // MARK: - API

    @Sendable static func show(req: Request) async throws -> RatingLinkService.View {
        try await req.application.ratingLinks.view(token: req.parameters.get("token") ?? "", from: req.clientAddress)
    }

    @Sendable static func rate(req: Request) async throws -> Response {
        let body = try req.content.decode(RatingBody.self)
        try NewMatterInput.text(body.comment ?? "", field: "comment", max: 2000, required: false)
        try await req.application.ratingLinks.rate(token: req.parameters.get("token") ?? "", rating: body.rating, comment: body.comment ?? "",
                                                   from: req.clientAddress)
        return Response(status: .noContent)
    }

    // MARK: - Page

    @Sendable static func page(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let context = Layout.context(req)
        do {
            return form(try await req.application.ratingLinks.view(token: token, from: req.clientAddress), token: token, context: context)
        } catch let error as AppError {
            return unusable(error, context: context)
        }
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let context = Layout.context(req)
        let form = try req.content.decode(RatingForm.self)
        let service = req.application.ratingLinks
        do {
            guard let rating = form.rating.flatMap(Satisfaction.init(rawValue:)) else { throw AppError.invalid("rating", "choose a rating") }
            try NewMatterInput.text(form.comment ?? "", field: "comment", max: 2000, required: false)
            try await service.rate(token: token, rating: rating, comment: form.comment ?? "", from: req.clientAddress)
            let t = context.language
            return Layout.page(t(.rateLinkTitle), context, status: .ok, content: [.p(.id("rated"), .text(t(.rateLinkThanks)))])
        } catch let error as AppError where error.status == .unprocessableEntity {
            guard let view = try? await service.view(token: token, from: req.clientAddress) else { return unusable(error, context: context) }
            return self.form(view, token: token, context: context, error: error, comment: form.comment ?? "")
        } catch let error as AppError {
            return unusable(error, context: context)
        }
    }

    private static func form(_ view: RatingLinkService.View, token: String, context: Layout.Context, error: AppError? = nil,
                             comment: String = "") -> Response {
        let t = context.language
        return Layout.page(t(.rateLinkTitle), context, status: error?.status ?? .ok, error: error?.detail, content: [
            .p(.text(t(.rateLinkHelp))),
            .dl(.class("facts"),
                .dt(.text(t(.rateLinkReference))), .dd(.text(view.reference)),
                .dt(.text(t(.rateLinkExpires))), .dd(.text(Format.minute(view.expiresAt)))),
            .h2(.text(t(.rateLinkReply))),
            .p(.id("reply"), .class("details"), .text(view.reply)),
            .form(.id("rate-form"), .action(Page.rateLink(token).path), .method(.post),
                  Layout.csrfField(context.csrf),
                  Controls.select("rating", label: t(.fieldRating), options: view.ratings.map { ($0.rawValue, t.rating($0)) }, id: "rating"),
                  .label(.for("comment"), .text(t(.fieldComment))),
                  .textarea(.name("comment"), .id("comment"), .text(comment)),
                  .button(.type(.submit), .id("rate-submit"), .text(t(.rateLinkTitle)))),
        ])
    }

    private static func unusable(_ error: AppError, context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.rateLinkUnusable), context, status: error.status, error: error.detail, content: [
            .p(.a(.href(Page.home.path), .text(t(.portalTrack)))),
        ])
    }
}
