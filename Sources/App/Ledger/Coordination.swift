import Foundation
import Fluent

/// Work done with a partner body (街道办, 社区, 司法所 …) on a matter.
final class Coordination: Model, @unchecked Sendable {
    static let schema = "coordinations"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "round") var round: Int
    @Field(key: "partner_unit_id") var partnerUnitID: Int
    @Field(key: "note") var note: String
    @Field(key: "officer_id") var officerID: Int
    @Field(key: "at") var at: Date

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $matterID, $round, $partnerUnitID, $note, $officerID, $at] }

    init() {}
}
