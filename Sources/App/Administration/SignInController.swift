import Fluent
import Vapor

/// Sign-in, the second factor, sign-out and the language switch.
enum SignInController {
    struct Credentials: Content { let username: String; let password: String }
    struct Code: Content { let code: String }

    /// The sign-in form. A browser without a session gets an anonymous one, which carries
    /// the CSRF token for the form and is replaced at sign-in.
    @Sendable static func form(req: Request) async throws -> Response {
        if req.auth.has(SignedIn.self) { return req.redirect(to: Page.matters.path) }
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
        let need = auth.secondFactorNeed(officer)
        if !need.required { try await auth.clearFailures(officer.id!) }
        let (token, _) = try await auth.startSession(officerID: officer.id!, stage: need.required ? .secondFactor : .active, replacing: session)
        let response = req.redirect(to: need.required ? Page.secondFactor.path : Page.matters.path)
        response.cookies[AuthService.cookieName] = AuthService.cookie(token)
        return response
    }

    @Sendable static func secondFactorForm(req: Request) async throws -> Response {
        guard let session = req.staffSession, session.stage == .secondFactor, let officerID = session.officerID,
              let officer = try await Officer.fetch(officerID, on: req.db) else { return req.redirect(to: Page.signIn.path) }
        var enrolment: (String, String)?
        if !officer.totpEnabled {
            enrolment = try await req.application.auth.beginTOTPEnrolment(officer)
        }
        return SignInView.secondFactor(Layout.context(req), enrolment: enrolment)
    }

    /// A right code completes sign-in and changes the session id once more.
    @Sendable static func secondFactor(req: Request) async throws -> Response {
        guard let session = req.staffSession, session.stage == .secondFactor, let officerID = session.officerID,
              let officer = try await Officer.fetch(officerID, on: req.db), !officer.disabled else { return req.redirect(to: Page.signIn.path) }
        let form = try req.content.decode(Code.self)
        let auth = req.application.auth
        if officer.totpEnabled {
            guard try await auth.verifyTOTP(officer, code: form.code) else {
                return SignInView.secondFactor(Layout.context(req), enrolment: nil, error: "code: wrong or expired", status: .unauthorized)
            }
        } else {
            do {
                try await auth.confirmTOTPEnrolment(officer, code: form.code)
            } catch let error as AppError {
                return SignInView.secondFactor(Layout.context(req), enrolment: nil, error: error.detail, status: error.status)
            }
        }
        try await auth.clearFailures(officerID)
        let (token, _) = try await auth.startSession(officerID: officerID, stage: .active, replacing: session)
        let response = req.redirect(to: Page.matters.path)
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
