import Fluent
import Foundation

/// A member of the civil think tank (民间智库), appointed for a term.
package final class ThinkTankMember: Model, @unchecked Sendable {
    package static let schema = "think_tank_members"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "name_sealed") var nameSealed: String
    @Field(key: "expertise") var expertise: String
    @Field(key: "unit_id") var unitID: Int
    @Field(key: "appointed_on") var appointedOn: String
    @Field(key: "term_ends_on") var termEndsOn: String

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] { [$id, $nameSealed, $expertise, $unitID, $appointedOn, $termEndsOn] }

    package init() {}
}
