import Foundation
import Fluent

/// The first response to a creating POST, replayed when the same Idempotency-Key comes again.
final class IdempotencyRecord: Model, @unchecked Sendable {
    static let schema = "idempotency_keys"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "officer_id") var officerID: Int
    @Field(key: "key") var key: String
    @Field(key: "request_digest") var requestDigest: String
    @Field(key: "status") var status: Int
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $officerID, $key, $requestDigest, $status, $body, $createdAt] }

    init() {}
}
