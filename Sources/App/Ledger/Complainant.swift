import Foundation
import Fluent

/// A resident behind a matter (涉众). Personal fields are sealed with AES-GCM; the phone's
/// keyed hash allows look-ups without decrypting.
package final class Complainant: Model, @unchecked Sendable {
    package static let schema = "complainants"

    @ID(custom: .id, generatedBy: .database) package var id: Int?
    @Field(key: "matter_id") package var matterID: Int
    @Field(key: "name_sealed") var nameSealed: String
    @Field(key: "phone_sealed") var phoneSealed: String
    @OptionalField(key: "id_number_sealed") var idNumberSealed: String?
    @OptionalField(key: "address_sealed") var addressSealed: String?
    @Field(key: "phone_digest") var phoneDigest: String
    /// The digest of the complainant's tracking code; the code itself is shown once.
    @OptionalField(key: "tracking_digest") var trackingDigest: String?

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $matterID, $nameSealed, $phoneSealed, $idNumberSealed, $addressSealed, $phoneDigest, $trackingDigest
        ]
    }

    package init() {}
}
