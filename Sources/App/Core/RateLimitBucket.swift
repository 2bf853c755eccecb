import Fluent
import Foundation

/// Requests counted per key (an IP, a phone digest) and time window, in the database so that
/// every instance sees the same counts.
final class RateLimitBucket: Model, @unchecked Sendable {
    static let schema = "rate_limit_buckets"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "key") var key: String
    @Field(key: "window_start") var windowStart: Int
    @Field(key: "hits") var hits: Int

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $key, $windowStart, $hits] }

    init() {}
}
