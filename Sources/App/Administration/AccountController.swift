import Fluent
import Plot
import Vapor

/// The officer's own account: password change and second-factor status.
enum AccountController {
    struct PasswordForm: Content { let currentPassword: String?; let newPassword: String? }

    @Sendable static func show(req: Request) async throws -> Response {
        let who = try req.officer()
        return try await page(req, who: who, notice: nil, error: nil, status: .ok)
    }

    @Sendable static func changePassword(req: Request) async throws -> Response {
        let who = try req.officer()
        let form = try req.content.decode(PasswordForm.self)
        do {
            try await req.application.auth.changePassword(officerID: who.officerID, current: form.currentPassword ?? "",
                                                          new: form.newPassword ?? "", keepingSession: who.sessionID)
            return try await page(req, who: who, notice: PageLanguage.of(req)(.accountChanged), error: nil, status: .ok)
        } catch let error as AppError {
            return try await page(req, who: who, notice: nil, error: error.detail, status: error.status)
        }
    }

    private static func page(_ req: Request, who: SignedIn, notice: String?, error: String?, status: HTTPResponseStatus) async throws -> Response {
        let context = Layout.context(req)
        let t = context.language
        let officer = try await Officer.fetch(who.officerID, on: req.db)
        return Layout.page(t(.accountTitle), context, status: status, error: error, content: [
            .unwrap(notice) { .p(.class("notice"), .id("notice"), .text($0)) },
            .dl(.class("facts"),
                .dt(.text(t(.signinUsername))), .dd(.text(who.username)),
                .dt(.text(t(.fieldUnit))), .dd(.text(who.unitName)),
                .dt(.text(t(.accountSecondFactor))),
                .dd(.text(officer?.totpEnabled == true ? t(.accountSecondFactorOn) : t(.accountSecondFactorOff)))),
            .h2(.text(t(.accountPassword))),
            .form(.id("password-change"), .action(Page.accountPassword.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .label(.for("currentPassword"), .text(t(.accountCurrent))),
                  .input(.type(.password), .name("currentPassword"), .id("currentPassword"), .required(true),
                         .attribute(named: "autocomplete", value: "current-password")),
                  .label(.for("newPassword"), .text(t(.accountNew))),
                  .input(.type(.password), .name("newPassword"), .id("newPassword"), .required(true),
                         .attribute(named: "autocomplete", value: "new-password"), .attribute(named: "minlength", value: "12")),
                  .button(.type(.submit), .id("password-submit"), .text(t(.accountPassword)))),
        ])
    }
}
