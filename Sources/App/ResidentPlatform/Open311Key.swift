import Fluent
import Foundation

/// An api_key for an Open311 client, issued by an administrator; only its digest is stored.
final class Open311Key: Model, @unchecked Sendable {
    static let schema = "open311_keys"

    @ID(custom: .id, generatedBy: .user) var id: String?
    @Field(key: "label") var label: String
    @Field(key: "created_by") var createdBy: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $label, $createdBy, $createdAt, $revokedAt] }

    init() {}
}
