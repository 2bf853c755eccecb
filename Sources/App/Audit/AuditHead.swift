import Foundation
import Fluent

/// The single row holding the chain's last sequence number and hash. Appenders lock it,
/// which orders events across instances and detects events cut off the end.
final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: .id, generatedBy: .user) var id: Int?
    @Field(key: "seq") var seq: Int
    @Field(key: "hash") var hash: String

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $seq, $hash] }

    init() {}
}
