import Fluent
import Foundation
import LedgerCore

/// A warm police reception room (暖心警务会客厅), owned by a police station.
package final class ReceptionRoom: Model, @unchecked Sendable {
    package static let schema = "reception_rooms"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: ReceptionRoomKind
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "address") var address: String
    @Field(key: "hours") var hours: String
    /// JSON array of languages offered besides Chinese, e.g. ["en"].
    @Field(key: "languages") var languages: String
    @Field(key: "model_site") var modelSite: Bool
    @Field(key: "created_at") var createdAt: Date

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $name, $kind, $unitID, $districtID, $cityID, $address, $hours, $languages, $modelSite, $createdAt
        ]
    }

    package init() {}

    var languageList: [String] { (try? JSONDecoder().decode([String].self, from: Data(languages.utf8))) ?? [] }
}
