/// Who may manage staff accounts. An administrator creates, re-roles and disables accounts only
/// at units within his own reach (so only a city-level administrator makes city roles, and a
/// station's only its own station's), gives only a role that belongs at the account's unit, and
/// never changes or disables his own account: no one raises himself. Another account's bearer
/// tokens are listed and revoked within the same reach.
public enum AccountRules {
    public enum Change: Sendable, Equatable {
        case create(role: Role)
        case changeRole(accountID: Int, to: Role)
        case disable(accountID: Int)
        /// Lists or revokes another account's bearer tokens (one's own are managed under /me).
        case manageTokens(accountID: Int)
        /// Issues a new one-time password and removes the second factor.
        case resetCredentials(accountID: Int)
    }

    public enum Refusal: Error, Sendable, Equatable {
        /// Only administrators manage accounts.
        case notAdministrator
        /// The account's unit is above or beside the administrator's.
        case outOfReach
        /// An administrator's own account is changed by another administrator.
        case ownAccount
        /// Chiefs and deputies belong to a unit of their level, call-back officers to a call-back
        /// office and nothing else to it; partner bodies have no accounts.
        case roleDoesNotFit(Role, UnitKind)
    }

    /// Whether an account at a unit of `kind` may hold `role`.
    public static func fits(_ role: Role, unitKind kind: UnitKind) -> Bool {
        guard kind != .partner else { return false }
        // The office that asks residents stands outside the chain being judged: no chief, clerk
        // or handler sits in it, and no call-back officer sits anywhere else.
        if kind == .callbackOffice || role == .callbackOfficer { return kind == .callbackOffice && role == .callbackOfficer }
        return role.chiefUnitKind.map { $0 == kind } ?? true
    }

    /// Whether the officer manages accounts at all (asked first, before anything is read).
    public static func managesAccounts(_ officer: Actor) -> Bool { officer.role == .administrator }

    /// Checks `change` to an account at `place` (a unit of `kind`) by `admin`.
    public static func authorize(_ change: Change, at place: TreePlace, unitKind kind: UnitKind, by admin: Actor) throws(Refusal) {
        guard managesAccounts(admin) else { throw .notAdministrator }
        switch change {
        case .changeRole(let id, _), .disable(let id), .manageTokens(let id), .resetCredentials(let id):
            guard id != admin.officerID else { throw .ownAccount }
        case .create:
            break
        }
        guard admin.reach.contains(place) else { throw .outOfReach }
        switch change {
        case .create(let role), .changeRole(_, let role):
            guard fits(role, unitKind: kind) else { throw .roleDoesNotFit(role, kind) }
        case .disable, .manageTokens, .resetCredentials:
            break
        }
    }
}
