import Fluent
import LedgerCore
import Vapor

extension API {
    /// `/api/v1/officers`: staff accounts. Administrators create and disable them.
    enum OfficersController {
        struct OfficerDTO: Content {
            let id: Int; let username: String; let displayName: String; let role: Role; let unitId: Int
            let rank: String?; let disabled: Bool; let secondFactor: Bool
            init(_ officer: Officer) {
                id = officer.id!; username = officer.username; displayName = officer.displayName; role = officer.role
                unitId = officer.unitID; rank = officer.rank; disabled = officer.disabled; secondFactor = officer.totpEnabled
            }
        }
        struct NewOfficer: Content { let username: String; let displayName: String; let role: Role; let unitId: Int; let rank: String? }
        struct RoleBody: Content { let role: Role }
        struct Created: Content { let officer: OfficerDTO; let oneTimePassword: String }

        /// Officers of the caller's unit and the units under it.
        @Sendable static func list(req: Request) async throws -> Response {
            let who = try req.officer()
            let window = try ListWindow(req, defaultLimit: 500, maxLimit: 2000)
            let page = window.page(try await OfficerStore.within(who.reach, after: window.cursor, limit: window.fetch, on: req.db)) { $0.id }
            return try await window.response(page.rows.map(OfficerDTO.init), nextCursor: page.nextCursor, for: req)
        }

        @Sendable static func show(req: Request) async throws -> OfficerDTO {
            let who = try req.officer()
            guard let id = req.parameters.get("officerID", as: Int.self), let officer = try await Officer.fetch(id, on: req.db),
                  let unit = try await Unit.fetch(officer.unitID, on: req.db), who.reach.contains(unit.place) else { throw AppError.notFound("officer") }
            return OfficerDTO(officer)
        }

        @Sendable static func create(req: Request) async throws -> Response {
            let who = try req.officer()
            guard AccountRules.managesAccounts(who.actor) else { throw AppError.forbidden("only administrators manage accounts") }
            let body = try req.content.decode(NewOfficer.self)
            try NewMatterInput.line(body.username, field: "username", max: 60)
            try NewMatterInput.line(body.displayName, field: "displayName", max: 60)
            guard body.username.wholeMatch(of: /[a-z0-9][a-z0-9._-]{2,59}/) != nil else {
                throw AppError.invalid("username", "use 3–60 lower-case letters, digits, dots, dashes or underscores")
            }
            if let rank = body.rank, OfficerRank(rawValue: rank) == nil {
                throw AppError.invalid("rank", "must be one of " + OfficerRank.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let password = SecretToken.password()
            let hash = try await req.application.auth.hashPassword(password)
            let now = req.now
            let officer = try await req.application.write { db -> Officer in
                guard let unit = try await Unit.fetch(body.unitId, on: db) else { throw AppError.invalid("unitId", "is not a unit") }
                try authorize(.create(role: body.role), at: unit, by: who)
                if try await OfficerStore.usernameTaken(body.username, on: db) {
                    throw AppError.conflict("the username is taken", field: "username")
                }
                let officer = Officer(username: body.username, displayName: body.displayName, role: body.role,
                                      unitID: unit.id!, passwordHash: hash, rank: body.rank, oneTimePassword: true)
                try await officer.create(on: db)
                try await AuditLog.append(on: db, kind: .officerCreated, matterID: nil, actorID: who.officerID,
                                          fields: ["officer": String(officer.id!), "role": body.role.rawValue, "unit": String(unit.id!)], at: now)
                return officer
            }
            return try await Created(officer: OfficerDTO(officer), oneTimePassword: password).encodeResponse(status: .created, for: req)
        }

        /// Disabling an account ends its sessions and tokens on the server at once.
        @Sendable static func disable(req: Request) async throws -> OfficerDTO {
            let who = try req.officer()
            guard AccountRules.managesAccounts(who.actor) else { throw AppError.forbidden("only administrators manage accounts") }
            guard let id = req.parameters.get("officerID", as: Int.self) else { throw AppError.notFound("officer") }
            let app = req.application
            let now = req.now
            let officer = try await app.write { db -> Officer in
                let (officer, unit) = try await account(id, on: db)
                try authorize(.disable(accountID: id), at: unit, by: who)
                officer.disabled = true
                try await officer.save(on: db)
                try await app.auth.endAllSessions(officerID: id, on: db)
                try await AuditLog.append(on: db, kind: .officerDisabled, matterID: nil, actorID: who.officerID,
                                          fields: ["officer": String(id)], at: now)
                return officer
            }
            return OfficerDTO(officer)
        }

        /// For an officer who lost the authenticator or the password: a new one-time password, no
        /// second factor (enrolled again with the password's replacement), every session and token
        /// ended. Audited; never one's own account.
        @Sendable static func resetCredentials(req: Request) async throws -> Response {
            let who = try req.officer()
            guard AccountRules.managesAccounts(who.actor) else { throw AppError.forbidden("only administrators manage accounts") }
            guard let id = req.parameters.get("officerID", as: Int.self) else { throw AppError.notFound("officer") }
            let app = req.application
            let password = SecretToken.password()
            let hash = try await app.auth.hashPassword(password)
            let now = req.now
            let officer = try await app.write { db -> Officer in
                let (_, unit) = try await account(id, on: db)
                try authorize(.resetCredentials(accountID: id), at: unit, by: who)
                try await OfficerStore.resetCredentials(of: id, oneTimeHash: hash, on: db)
                try await app.auth.endAllSessions(officerID: id, on: db)
                try await AuditLog.append(on: db, kind: .credentialsReset, matterID: nil, actorID: who.officerID,
                                          fields: ["officer": String(id)], at: now)
                guard let officer = try await Officer.fetch(id, on: db) else { throw AppError.notFound("officer") }
                return officer
            }
            return try await Created(officer: OfficerDTO(officer), oneTimePassword: password).encodeResponse(status: .ok, for: req)
        }

        /// Another account's live bearer tokens, for an administrator within reach.
        @Sendable static func tokens(req: Request) async throws -> [API.AuthController.TokenInfo] {
            let id = try await tokenAccount(req)
            return try await SessionStore.liveTokens(ofOfficer: id, now: req.now, on: req.db).map(API.AuthController.TokenInfo.init)
        }

        @Sendable static func revokeToken(req: Request) async throws -> HTTPStatus {
            try await API.AuthController.revoke(req, tokenOf: try await tokenAccount(req))
        }

        private static func tokenAccount(_ req: Request) async throws -> Int {
            let who = try req.officer()
            guard AccountRules.managesAccounts(who.actor) else { throw AppError.forbidden("only administrators manage accounts") }
            guard let id = req.parameters.get("officerID", as: Int.self) else { throw AppError.notFound("officer") }
            let (_, unit) = try await account(id, on: req.db)
            try authorize(.manageTokens(accountID: id), at: unit, by: who)
            return id
        }

        /// Gives an account another role; it holds from the account's next request.
        @Sendable static func changeRole(req: Request) async throws -> OfficerDTO {
            let who = try req.officer()
            guard AccountRules.managesAccounts(who.actor) else { throw AppError.forbidden("only administrators manage accounts") }
            guard let id = req.parameters.get("officerID", as: Int.self) else { throw AppError.notFound("officer") }
            let body = try req.content.decode(RoleBody.self)
            let now = req.now
            return try await req.application.write { db -> OfficerDTO in
                try await lockRow("officers", id: id, on: db)
                let (officer, unit) = try await account(id, on: db)
                try authorize(.changeRole(accountID: id, to: body.role), at: unit, by: who)
                let before = officer.role
                guard before != body.role else { return OfficerDTO(officer) }
                officer.role = body.role
                try await officer.save(on: db)
                try await AuditLog.append(on: db, kind: .officerRoleChanged, matterID: nil, actorID: who.officerID,
                                          fields: ["officer": String(id), "from": before.rawValue, "to": body.role.rawValue], at: now)
                return OfficerDTO(officer)
            }
        }

        private static func account(_ id: Int, on db: any Database) async throws -> (Officer, Unit) {
            guard let officer = try await Officer.fetch(id, on: db), let unit = try await Unit.fetch(officer.unitID, on: db) else {
                throw AppError.notFound("officer \(id)")
            }
            return (officer, unit)
        }

        /// `AccountRules` in HTTP terms: an account out of reach is as if it did not exist, a
        /// unit out of reach or a role that does not belong there is blamed on its field.
        private static func authorize(_ change: AccountRules.Change, at unit: Unit, by who: SignedIn) throws {
            do throws(AccountRules.Refusal) {
                try AccountRules.authorize(change, at: unit.place, unitKind: unit.kind, by: who.actor)
            } catch {
                switch error {
                case .notAdministrator: throw AppError.forbidden("only administrators manage accounts")
                case .outOfReach:
                    guard case .create = change else { throw AppError.notFound("officer") }
                    throw AppError.invalid("unitId", "must be your own unit or a unit under it")
                case .ownAccount: throw AppError.invalid("officerID", "an administrator's own account is changed by another administrator")
                case .roleDoesNotFit(_, .partner): throw AppError.invalid("unitId", "must be a city bureau, district bureau or police station")
                case .roleDoesNotFit(let role, let kind):
                    throw AppError.invalid("role", "a \(role.rawValue) does not belong at a \(kind.rawValue) unit")
                }
            }
        }
    }
}
