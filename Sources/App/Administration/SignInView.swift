import Plot
import Vapor

enum SignInView {
    static func signIn(_ context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t("signin.title"), context, status: status, error: error, content: [
            .form(.id("signin"), .action(Page.signIn.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .label(.for("username"), .text(t("signin.username"))),
                  .input(.type(.text), .name("username"), .id("username"), .required(true), .autofocus(true),
                         .attribute(named: "autocomplete", value: "username")),
                  .label(.for("password"), .text(t("signin.password"))),
                  .input(.type(.password), .name("password"), .id("password"), .required(true),
                         .attribute(named: "autocomplete", value: "current-password")),
                  .button(.type(.submit), .id("signin-submit"), .text(t("signin.submit"))))
        ])
    }

    static func secondFactor(_ context: Layout.Context, enrolment: (secret: String, uri: String)?, error: String? = nil,
                             status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        let title = enrolment == nil ? t("signin.code.title") : t("signin.enrol.title")
        return Layout.page(title, context, status: status, error: error, content: [
            .unwrap(enrolment) { enrolment in
                .group(.p(.text(t("signin.enrol.help"))), .p(.code(.id("totp-secret"), .text(enrolment.secret))),
                       .p(.small(.text(enrolment.uri))))
            },
            .form(.id("second-factor"), .action(Page.secondFactor.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .label(.for("code"), .text(t("signin.code"))),
                  .input(.type(.text), .name("code"), .id("code"), .required(true), .autofocus(true),
                         .attribute(named: "inputmode", value: "numeric"), .attribute(named: "autocomplete", value: "one-time-code")),
                  .button(.type(.submit), .id("code-submit"), .text(t("signin.code.submit"))))
        ])
    }
}
