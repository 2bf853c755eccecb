import Foundation
import Fluent

/// A server-side sign-in session. The cookie carries a random token; only its hash is stored,
/// so a copy of the database cannot be replayed as a cookie.
final class StaffSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    enum Stage: String, Codable { case anonymous, secondFactor, newPassword, active }

    @ID(custom: .id, generatedBy: .user) var id: String?
    @OptionalField(key: "officer_id") var officerID: Int?
    @Field(key: "stage") var stage: Stage
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $officerID, $stage, $csrfToken, $createdAt, $lastSeenAt] }

    init() {}

    init(tokenHash: String, officerID: Int?, stage: Stage, csrfToken: String, now: Date) {
        self.id = tokenHash
        self.officerID = officerID
        self.stage = stage
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
    }
}
