import LedgerCore
import Vapor

/// The officer behind a request, from a session cookie or a bearer token.
package struct SignedIn: Authenticatable, Sendable {
    package let officerID: Int
    let username: String
    let displayName: String
    let role: Role
    let unitID: Int
    let unitKind: UnitKind
    let unitName: String
    /// Set for cookie sessions, which must also prove the CSRF token on every state change.
    let sessionID: String?
    let csrfToken: String?

    package var actor: Actor { Actor(officerID: officerID, role: role, unitID: unitID, unitKind: unitKind) }
    var isAdministrator: Bool { role == .administrator }

    package init(officerID: Int, username: String, displayName: String, role: Role, unitID: Int, unitKind: UnitKind,
                 unitName: String, sessionID: String?, csrfToken: String?) {
        self.officerID = officerID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.unitID = unitID
        self.unitKind = unitKind
        self.unitName = unitName
        self.sessionID = sessionID
        self.csrfToken = csrfToken
    }
}

extension Request {
    /// The signed-in officer, or 401.
    func officer() throws -> SignedIn {
        guard let who = auth.get(SignedIn.self) else { throw AppError.unauthorized }
        return who
    }
}
