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

    static func secondFactor(_ context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.signinCodeTitle), context, status: status, error: error, content: [
            .form(.id("second-factor"), .action(Page.secondFactor.path), .method(.post),
                  Layout.csrfField(context.csrf), codeField(t),
                  .button(.type(.submit), .id("code-submit"), .text(t(.signinCodeSubmit))))
        ])
    }

    /// The officer's own password in place of a one-time one; with the key to enrol and a code
    /// field when a second factor is enrolled or verified with it.
    static func newPassword(_ context: Layout.Context, enrolment: (secret: String, uri: String)?, asksCode: Bool,
                            error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.signinNewPasswordTitle), context, status: status, error: error, content: [
            .p(.text(t(.signinNewPasswordHelp))),
            .unwrap(enrolment) { enrolment in
                .group(.h2(.text(t(.signinEnrolTitle))), .p(.text(t(.signinEnrolHelp))),
                       .p(.code(.id("totp-secret"), .text(enrolment.secret))), .p(.small(.text(enrolment.uri))))
            },
            .form(.id("new-password"), .action(Page.newPassword.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .label(.for("newPassword"), .text(t(.accountNew))),
                  .input(.type(.password), .name("newPassword"), .id("newPassword"), .required(true), .autofocus(true),
                         .attribute(named: "minlength", value: "12"), .attribute(named: "autocomplete", value: "new-password")),
                  .if(asksCode, codeField(t)),
                  .button(.type(.submit), .id("new-password-submit"), .text(t(.signinNewPasswordSubmit))))
        ])
    }

    private static func codeField(_ t: PageLanguage) -> Node<HTML.FormContext> {
        .group(.label(.for("code"), .text(t(.signinCode))),
               .input(.type(.text), .name("code"), .id("code"), .required(true),
                      .attribute(named: "inputmode", value: "numeric"), .attribute(named: "autocomplete", value: "one-time-code")))
    }
}
