import Fluent
import LedgerCore
import Vapor

extension API {
    /// Bearer tokens for scripts, the signed-in officer, and TOTP enrolment.
    enum AuthController {
        struct TokenRequest: Content { let username: String; let password: String; let code: String?; let label: String?; let newPassword: String? }
        struct TokenResponse: Content { let token: String; let officerId: Int; let expiresAt: Date }
        /// A live bearer token as its owner or an administrator sees it: never the token itself.
        struct TokenInfo: Content {
            let id: String; let label: String; let createdAt: Date; let expiresAt: Date?
            init(_ token: APIToken) { id = token.id!; label = token.label; createdAt = token.createdAt; expiresAt = token.expiresAt }
        }
        struct Me: Content {
            let id: Int; let username: String; let displayName: String; let role: Role
            let unitId: Int; let unitName: String; let unitKind: UnitKind
        }
        struct Enrolment: Content { let secret: String; let uri: String }
        struct Code: Content { let code: String }
        struct PasswordChange: Content { let currentPassword: String; let newPassword: String }

        @Sendable static func changePassword(req: Request) async throws -> HTTPStatus {
            let who = try req.officer()
            let body = try req.content.decode(PasswordChange.self)
            try await req.application.auth.changePassword(officerID: who.officerID, current: body.currentPassword, new: body.newPassword,
                                                          keepingSession: who.sessionID)
            return .noContent
        }

        @Sendable static func issueToken(req: Request) async throws -> Response {
            let body = try req.content.decode(TokenRequest.self)
            try NewMatterInput.line(body.username, field: "username", max: 100)
            try NewMatterInput.line(body.label ?? "script", field: "label", max: 100)
            let auth = req.application.auth
            try await req.application.rateLimiter.hit(RateLimiter.signInPerIP, key: req.clientAddress)
            let officer = try await auth.checkPassword(username: body.username, password: body.password)
            switch auth.nextStep(officer) {
            case .done:
                break
            case .secondFactor:
                guard let code = body.code, try await auth.verifyTOTP(officer, code: code) else {
                    throw AppError(status: .unauthorized, title: "Second factor required", detail: "a valid TOTP code is required",
                                   invalidParams: [.init(name: "code", reason: "missing or wrong")])
                }
            case .refused:
                throw AppError(status: .forbidden, title: "Second factor required",
                               detail: "no second factor is enrolled on this account; an administrator must reset it")
            case .replacePassword(.enrol):
                throw AppError(status: .forbidden, title: "Password change required",
                               detail: "newPassword: this is a one-time password; set your own on the staff pages (/signin), where the second factor is enrolled with it",
                               invalidParams: [.init(name: "newPassword", reason: "set on the staff pages, with a second factor")])
            case .replacePassword(let factor):
                guard let newPassword = body.newPassword else {
                    throw AppError(status: .forbidden, title: "Password change required",
                                   detail: "newPassword: this is a one-time password; send newPassword to set your own",
                                   invalidParams: [.init(name: "newPassword", reason: "required: this is a one-time password")])
                }
                try await auth.replaceOneTimePassword(officer, new: newPassword, code: body.code, factor: factor)
            }
            try await auth.clearFailures(officer.id!)
            let issued = try await auth.issueToken(officerID: officer.id!, label: body.label ?? "script")
            return try await TokenResponse(token: issued.token, officerId: officer.id!, expiresAt: issued.expiresAt).encodeResponse(status: .created, for: req)
        }

        @Sendable static func revokeToken(req: Request) async throws -> HTTPStatus {
            guard let bearer = req.headers.bearerAuthorization else { throw AppError.unauthorized }
            let digest = SecretToken.digest(bearer.token)
            let now = req.now
            try await req.application.write { db in
                try await SessionStore.revokeToken(digest: digest, at: now, on: db)
            }
            return .noContent
        }

        @Sendable static func myTokens(req: Request) async throws -> [TokenInfo] {
            let who = try req.officer()
            return try await SessionStore.liveTokens(ofOfficer: who.officerID, now: req.now, on: req.db).map(TokenInfo.init)
        }

        @Sendable static func revokeMyToken(req: Request) async throws -> HTTPStatus {
            try await revoke(req, tokenOf: try req.officer().officerID)
        }

        /// Revokes a token of `officerID`, audited; 404 when the officer has no such live token.
        static func revoke(_ req: Request, tokenOf officerID: Int) async throws -> HTTPStatus {
            let who = try req.officer()
            guard let tokenID = req.parameters.get("tokenID") else { throw AppError.notFound("token") }
            let now = req.now
            let revoked = try await req.application.write { db -> Bool in
                guard try await SessionStore.revokeToken(tokenID, ofOfficer: officerID, at: now, on: db) else { return false }
                try await AuditLog.append(on: db, kind: .tokenRevoked, matterID: nil, actorID: who.officerID,
                                          fields: ["officer": String(officerID), "token": String(tokenID.prefix(12))], at: now)
                return true
            }
            guard revoked else { throw AppError.notFound("token") }
            return .noContent
        }

        @Sendable static func me(req: Request) async throws -> Me {
            let who = try req.officer()
            return Me(id: who.officerID, username: who.username, displayName: who.displayName, role: who.role,
                      unitId: who.unitID, unitName: who.unitName, unitKind: who.unitKind)
        }

        @Sendable static func beginTOTP(req: Request) async throws -> Enrolment {
            let who = try req.officer()
            guard let officer = try await Officer.fetch(who.officerID, on: req.db) else { throw AppError.unauthorized }
            // An enrolled second factor is never switched off by starting again.
            guard !officer.totpEnabled else { throw AppError.conflict("a second factor is already enrolled", field: "totp") }
            let (secret, uri) = try await req.application.auth.beginTOTPEnrolment(officer)
            return Enrolment(secret: secret, uri: uri)
        }

        @Sendable static func confirmTOTP(req: Request) async throws -> HTTPStatus {
            let who = try req.officer()
            let body = try req.content.decode(Code.self)
            guard let officer = try await Officer.fetch(who.officerID, on: req.db) else { throw AppError.unauthorized }
            try await req.application.auth.confirmTOTPEnrolment(officer, code: body.code)
            return .noContent
        }
    }
}
