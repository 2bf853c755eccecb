import Fluent
import Vapor

/// Sign-in, the second factor, sign-out and the language switch.
enum SignInController {
    struct Credentials: Content { let username: String; let password: String }
    struct Code: Content { let code: String }

    /// The sign-in form. A browser without a session gets an anonymous one, which carries
    /// the CSRF token for the form and is replaced at sign-in.
    @Sendable static func form(req: Request) async throws -> Response {
        if let who = req.auth.get(SignedIn.self) { return req.redirect(to: Page.start(for: who.role).path) }
        var context = Layout.context(req)
        var response: Response
        if req.staffSession == nil {
            try await req.application.rateLimiter.hit(RateLimiter.signInPerIP, key: req.clientAddress)
            let (token, session) = try await req.application.auth.startSession(officerID: nil, stage: .anonymous, replacing: nil)
            context = Layout.Context(language: context.language, who: nil, csrf: session.csrfToken, path: context.path)
            response = SignInView.signIn(context)
            response.cookies[AuthService.cookieName] = AuthService.cookie(token)
        } else {
            response = SignInView.signIn(context)
        }
        return response
    }

    @Sendable static func signIn(req: Request) async throws -> Response {
        let context = Layout.context(req)
        guard let session = req.staffSession else { return req.redirect(to: Page.signIn.path) }
        let form = try req.content.decode(Credentials.self)
        let auth = req.application.auth
        try await req.application.rateLimiter.hit(RateLimiter.signInPerIP, key: req.clientAddress)
        let officer: Officer
        do {
            officer = try await auth.checkPassword(username: form.username, password: form.password)
        } catch let error as AppError {
            return SignInView.signIn(context, error: error.detail, status: error.status)
        }
        let stage: StaffSession.Stage, next: Page
        switch auth.nextStep(officer) {
        case .done: (stage, next) = (.active, .matters)
        case .secondFactor: (stage, next) = (.secondFactor, .secondFactor)
        case .replacePassword: (stage, next) = (.newPassword, .newPassword)
        case .refused: return SignInView.signIn(context, error: context.language(.signinNoFactor), status: .forbidden)
        }
        if stage == .active { try await auth.clearFailures(officer.id!) }
        let (token, _) = try await auth.startSession(officerID: officer.id!, stage: stage, replacing: session)
        let response = req.redirect(to: next.path)
        response.cookies[AuthService.cookieName] = AuthService.cookie(token)
        return response
    }

    /// The officer a session in `stage` belongs to, if the account is still enabled.
    private static func pending(_ req: Request, stage: StaffSession.Stage) async throws -> (StaffSession, Officer)? {
        guard let session = req.staffSession, session.stage == stage, let officerID = session.officerID,
              let officer = try await Officer.fetch(officerID, on: req.db), !officer.disabled else { return nil }
        return (session, officer)
    }

    @Sendable static func secondFactorForm(req: Request) async throws -> Response {
        guard try await pending(req, stage: .secondFactor) != nil else { return req.redirect(to: Page.signIn.path) }
        return SignInView.secondFactor(Layout.context(req))
    }

    /// A right code completes sign-in and changes the session id once more.
    @Sendable static func secondFactor(req: Request) async throws -> Response {
        guard let (session, officer) = try await pending(req, stage: .secondFactor) else { return req.redirect(to: Page.signIn.path) }
        let form = try req.content.decode(Code.self)
        guard try await req.application.auth.verifyTOTP(officer, code: form.code) else {
            return SignInView.secondFactor(Layout.context(req), error: "code: wrong or expired", status: .unauthorized)
        }
        return try await signedIn(req, officer, replacing: session)
    }

    /// After a one-time password: the officer's own password, with the second factor enrolled
    /// (production) or verified in the same form.
    @Sendable static func newPasswordForm(req: Request) async throws -> Response {
        guard let (_, officer) = try await pending(req, stage: .newPassword) else { return req.redirect(to: Page.signIn.path) }
        return try await newPasswordPage(req, officer, error: nil, status: .ok)
    }

    @Sendable static func newPassword(req: Request) async throws -> Response {
        guard let (session, officer) = try await pending(req, stage: .newPassword),
              case .replacePassword(let factor) = req.application.auth.nextStep(officer) else { return req.redirect(to: Page.signIn.path) }
        let form = try req.content.decode(NewPasswordForm.self)
        do {
            try await req.application.auth.replaceOneTimePassword(officer, new: form.newPassword ?? "", code: form.code, factor: factor)
        } catch let error as AppError where error.status != .tooManyRequests {
            return try await newPasswordPage(req, officer, error: error.detail, status: error.status)
        }
        return try await signedIn(req, officer, replacing: session)
    }

    struct NewPasswordForm: Content { let newPassword: String?; let code: String? }

    private static func newPasswordPage(_ req: Request, _ officer: Officer, error: String?, status: HTTPResponseStatus) async throws -> Response {
        guard case .replacePassword(let factor) = req.application.auth.nextStep(officer) else { return req.redirect(to: Page.signIn.path) }
        let enrolment = factor == .enrol ? try await req.application.auth.enrolment(officer) : nil
        return SignInView.newPassword(Layout.context(req), enrolment: enrolment, asksCode: factor != .none, error: error, status: status)
    }

    /// Completes sign-in: the failure count is cleared and the session id changes once more.
    private static func signedIn(_ req: Request, _ officer: Officer, replacing session: StaffSession) async throws -> Response {
        let auth = req.application.auth
        try await auth.clearFailures(officer.id!)
        let (token, _) = try await auth.startSession(officerID: officer.id!, stage: .active, replacing: session)
        let response = req.redirect(to: Page.start(for: officer.role).path)
        response.cookies[AuthService.cookieName] = AuthService.cookie(token)
        return response
    }

    @Sendable static func signOut(req: Request) async throws -> Response {
        if let session = req.staffSession { try await req.application.auth.endSession(session.id!) }
        let response = req.redirect(to: Page.signIn.path)
        response.cookies[AuthService.cookieName] = AuthService.expiredCookie
        return response
    }

    @Sendable static func language(req: Request) async throws -> Response {
        let language = PageLanguage(rawValue: (try? req.query.get(String.self, at: "set")) ?? "") ?? .zh
        var back = (try? req.query.get(String.self, at: "back")) ?? Page.matters.path
        // Only paths on this site: never an open redirect.
        let unsafe = back.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0 == "\\" }
        if !back.hasPrefix("/") || back.hasPrefix("//") || unsafe { back = Page.matters.path }
        let response = req.redirect(to: back)
        response.cookies[PageLanguage.cookieName] = HTTPCookies.Value(string: language.rawValue, maxAge: 365 * 86400, path: "/",
                                                                      isSecure: false, isHTTPOnly: true, sameSite: .lax)
        return response
    }
}
