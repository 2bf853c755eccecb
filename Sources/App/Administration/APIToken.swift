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

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $officerID, $label, $createdAt, $revokedAt] }

    init() {}

    init(tokenHash: String, officerID: Int, label: String, now: Date) {
        self.id = tokenHash
        self.officerID = officerID
        self.label = label
        self.createdAt = now
    }
}
