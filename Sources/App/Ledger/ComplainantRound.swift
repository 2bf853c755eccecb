import Foundation
import Fluent
import LedgerCore

/// What one complainant was told and said in one round: the reply (一事一反馈) and the rating.
final class ComplainantRound: Model, @unchecked Sendable {
    static let schema = "complainant_rounds"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "matter_id") var matterID: Int
    @Field(key: "round") var round: Int
    @Field(key: "complainant_id") var complainantID: Int

    @OptionalField(key: "reply") var reply: String?
    @OptionalField(key: "replied_by") var repliedBy: Int?
    @OptionalField(key: "replied_at") var repliedAt: Date?

    @OptionalField(key: "rating") var rating: Satisfaction?
    @OptionalField(key: "rating_comment") var ratingComment: String?
    /// When a certified rating was given (the figures count rows with it; M0048).
    @OptionalField(key: "rated_at") var ratedAt: Date?
    @OptionalField(key: "rated_by") var ratedBy: RatingSource?
    @OptionalField(key: "rating_channel") var ratingChannel: RatingChannel?
    /// The call-back officer who recorded the rating.
    @OptionalField(key: "rated_by_officer") var ratedByOfficer: Int?
    /// When a unit recorded a rating itself, before M0048 forbade it (never counted).
    @OptionalField(key: "unit_rated_at") var unitRatedAt: Date?

    @OptionalField(key: "unreachable_note") var unreachableNote: String?
    @OptionalField(key: "unreachable_approved_by") var unreachableApprovedBy: Int?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $matterID, $round, $complainantID, $reply, $repliedBy, $repliedAt, $rating, $ratingComment, $ratedAt,
            $ratedBy, $ratingChannel, $ratedByOfficer, $unitRatedAt,
            $unreachableNote, $unreachableApprovedBy
        ]
    }

    init() {}

    init(matterID: Int, round: Int, complainantID: Int) {
        self.matterID = matterID
        self.round = round
        self.complainantID = complainantID
    }
}
