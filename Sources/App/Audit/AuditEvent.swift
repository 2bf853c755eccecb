import Foundation
import Fluent

/// One event of the append-only, hash-chained log. Never updated or deleted: the database
/// refuses both (see M0011).
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(custom: "seq", generatedBy: .user) var id: Int?
    @Field(key: "at") var at: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "matter_id") var matterID: Int?
    @OptionalField(key: "actor_id") var actorID: Int?
    @Field(key: "payload") var payload: String
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $at, $kind, $matterID, $actorID, $payload, $prevHash, $hash] }

    init() {}
}
