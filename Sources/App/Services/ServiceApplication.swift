import Fluent
import Foundation

/// An application for a catalogue service made online (在线办理), with its materials attached.
final class ServiceApplication: Model, @unchecked Sendable {
    static let schema = "service_applications"

    enum Status: String, Codable, CaseIterable { case submitted, accepted, needsMore, rejected, completed }

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "code") var code: String
    @Field(key: "service_code") var serviceCode: String
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @Field(key: "name_sealed") var nameSealed: String
    @Field(key: "phone_sealed") var phoneSealed: String
    @Field(key: "id_number_sealed") var idNumberSealed: String
    @Field(key: "status") var status: Status
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $code, $serviceCode, $unitID, $districtID, $cityID, $nameSealed, $phoneSealed, $idNumberSealed, $status,
            $note, $createdAt, $updatedAt
        ]
    }

    init() {}
}
