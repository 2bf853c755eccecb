import Fluent
import Foundation

/// Something a resident or unit raised on a visit (解): solved on the spot, or a ledger matter.
package final class LiaisonItem: Model, @unchecked Sendable {
    package static let schema = "liaison_items"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "visit_id") var visitID: Int
    @Field(key: "contact_id") var contactID: Int
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "day") var day: String
    @Field(key: "description") package var description: String
    @OptionalField(key: "solution") var solution: String?
    @OptionalField(key: "matter_id") var matterID: Int?

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $visitID, $contactID, $unitID, $districtID, $cityID, $day, $description, $solution, $matterID
        ]
    }

    package init() {}
}
