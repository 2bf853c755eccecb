import Fluent
import Foundation

/// A place that handles police services (一窗通办): the municipal hall, a district centre,
/// a station's household-registration room, or a street or town centre.
final class ServiceHall: Model, @unchecked Sendable {
    static let schema = "service_halls"

    enum Kind: String, Codable, CaseIterable { case municipal, districtCentre, stationRoom, streetCentre }

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: Kind
    @Field(key: "unit_id") var unitID: Int
    @Field(key: "address") var address: String
    @Field(key: "hours") var hours: String

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $name, $kind, $unitID, $address, $hours] }

    init() {}
}
