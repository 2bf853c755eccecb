import Fluent
import Foundation
import LedgerCore

/// A message a resident sent through the online platform. Contact details and the place are
/// personal data, sealed like a complainant's.
package final class ResidentMessage: Model, @unchecked Sendable {
    package static let schema = "messages"

    @ID(custom: .id, generatedBy: .database) package var id: Int?

    // What was said
    @Field(key: "tracking_code") var trackingCode: String
    @Field(key: "kind") var kind: MessageKind
    @Field(key: "content") var content: String
    @Field(key: "language") var language: String
    @Field(key: "created_at") var createdAt: Date
    /// The catalogue entry an Open311 client reported under, if it came that way.
    @OptionalField(key: "service_code") var serviceCode: String?
    /// The random id an Open311 request is known by in public (`XA-` and 16 hex digits).
    @OptionalField(key: "public_id") var publicID: String?

    // Where: the unit it concerns (a district bureau, or the city when none was chosen)
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @OptionalField(key: "place_sealed") var placeSealed: String?
    @OptionalField(key: "coordinates_sealed") var coordinatesSealed: String?

    // Who: optional for consultations
    @OptionalField(key: "name_sealed") var nameSealed: String?
    @OptionalField(key: "phone_sealed") var phoneSealed: String?
    @OptionalField(key: "phone_digest") var phoneDigest: String?
    @OptionalField(key: "id_number_sealed") var idNumberSealed: String?

    // What became of it
    @Field(key: "status") var status: MessageStatus
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_by") var answeredBy: Int?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    @OptionalField(key: "matter_id") var matterID: Int?
    @OptionalField(key: "complainant_id") var complainantID: Int?
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @OptionalField(key: "rating") var rating: Satisfaction?
    @OptionalField(key: "rating_comment") var ratingComment: String?

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $trackingCode, $kind, $content, $language, $createdAt, $serviceCode, $publicID, $unitID, $districtID, $cityID,
            $placeSealed, $coordinatesSealed, $nameSealed, $phoneSealed, $phoneDigest, $idNumberSealed, $status, $answer,
            $answeredBy, $answeredAt, $matterID, $complainantID, $escalatedAt, $rating, $ratingComment
        ]
    }

    package init() {}
}
