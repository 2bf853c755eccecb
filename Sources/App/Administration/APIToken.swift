import Foundation
import Fluent

/// A bearer token for scripts. Stored as a hash; shown once when issued.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(custom: .id, generatedBy: .user) var id: String?
    @Field(key: "officer_id") var officerID: Int
    @Field(key: "label") var label: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// After this the token signs no one in (MINYI_TOKEN_DAYS after it was issued).
    @OptionalField(key: "expires_at") var expiresAt: Date?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $officerID, $label, $createdAt, $revokedAt, $expiresAt] }

    init() {}

    init(tokenHash: String, officerID: Int, label: String, now: Date, expiresAt: Date) {
        self.id = tokenHash
        self.officerID = officerID
        self.label = label
        self.createdAt = now
        self.expiresAt = expiresAt
    }
}
