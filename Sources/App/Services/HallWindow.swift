import Fluent
import Foundation

/// A window of a hall and the catalogue services it takes (JSON array of service codes).
final class HallWindow: Model, @unchecked Sendable {
    static let schema = "hall_windows"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "hall_id") var hallID: Int
    @Field(key: "name") var name: String
    @Field(key: "service_codes") var serviceCodes: String

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $hallID, $name, $serviceCodes] }

    init() {}

    var codes: [String] { (try? JSONDecoder().decode([String].self, from: Data(serviceCodes.utf8))) ?? [] }
}
