import Fluent
import Foundation

/// A resident's booking of a slot for a catalogue service (在线预约).
final class Appointment: Model, @unchecked Sendable {
    static let schema = "appointments"

    enum Status: String, Codable { case booked, cancelled, served }

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "code") var code: String
    @Field(key: "slot_id") var slotID: Int
    @Field(key: "service_code") var serviceCode: String
    @Field(key: "name_sealed") var nameSealed: String
    @Field(key: "phone_sealed") var phoneSealed: String
    @Field(key: "status") var status: Status
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?
    /// When a window's officer recorded the resident served (M0054), and who.
    @OptionalField(key: "served_at") var servedAt: Date?
    @OptionalField(key: "served_by") var servedBy: Int?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $code, $slotID, $serviceCode, $nameSealed, $phoneSealed, $status, $createdAt, $cancelledAt, $servedAt, $servedBy
        ]
    }

    init() {}
}
