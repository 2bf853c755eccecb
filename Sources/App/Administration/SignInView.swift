import Plot
import Vapor

enum SignInView {
    static func signIn(_ context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.signinTitle), context, status: status, error: error, content: [
            .form(.id("signin"), .action(Page.signIn.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .label(.for("username"), .text(t(.signinUsername))),
                  .input(.type(.text), .name("username"), .id("username"), .required(true), .autofocus(true),
                         .attribute(named: "autocomplete", value: "username")),
                  .label(.for("password"), .text(t(.signinPassword))),
                  .input(.type(.password), .name("password"), .id("password"), .required(true),
                         .attribute(named: "autocomplete", value: "current-password")),
                  .button(.type(.submit), .id("signin-submit"), .text(t(.signinSubmit))))
        ])
    }

    static func secondFactor(_ context: Layout.Context, enrolment: (secret: String, uri: String)?, error: String? = nil,
                             status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        let title = enrolment == nil ? t(.signinCodeTitle) : t(.signinEnrolTitle)
        return Layout.page(title, context, status: status, error: error, content: [
            .unwrap(enrolment) { enrolment in
                .group(.p(.text(t(.signinEnrolHelp))), .p(.code(.id("totp-secret"), .text(enrolment.secret))),
                       .p(.small(.text(enrolment.uri))))
            },
            .form(.id("second-factor"), .action(Page.secondFactor.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .label(.for("code"), .text(t(.signinCode))),
                  .input(.type(.text), .name("code"), .id("code"), .required(true), .autofocus(true),
                         .attribute(named: "inputmode", value: "numeric"), .attribute(named: "autocomplete", value: "one-time-code")),
                  .button(.type(.submit), .id("code-submit"), .text(t(.signinCodeSubmit))))
        ])
    }
}
