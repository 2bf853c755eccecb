import Foundation
import Fluent
import LedgerCore

/// A ledger matter: the current state, projected from its events in the same transaction.
package final class Matter: Model, @unchecked Sendable {
    package static let schema = "matters"

    @ID(custom: .id, generatedBy: .database) package var id: Int?

    // State
    @Field(key: "reference") var reference: String
    @OptionalField(key: "ledger") var ledger: Ledger?
    @Field(key: "status") var status: MatterStatus
    @Field(key: "version") var version: Int
    @Field(key: "round") var round: Int
    @Field(key: "oversight_level") var oversightLevel: Int

    // What was said and where it came from
    @Field(key: "channel") var channel: SourceChannel
    @OptionalField(key: "source_ref") var sourceRef: String?
    @Field(key: "summary") var summary: String
    @Field(key: "details") var details: String
    @Field(key: "topic") var topic: MatterTopic
    /// The words the full-text index holds (`SearchGrams` of summary and details; a reference is found by its own index).
    @Field(key: "search_text") var searchText: String

    // Placement in the unit tree (scope is plain equality on these)
    @Field(key: "unit_id") var unitID: Int
    @OptionalField(key: "district_id") var districtID: Int?
    @Field(key: "city_id") var cityID: Int
    @OptionalField(key: "handler_id") var handlerID: Int?

    // Deadlines and chasing
    @Field(key: "registered_at") var registeredAt: Date
    @OptionalField(key: "deadline_at") var deadlineAt: Date?
    @Field(key: "chase_level") var chaseLevel: Int
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @OptionalField(key: "decline_reason") var declineReason: String?
    @Field(key: "registered_by") var registeredBy: Int

    // Listed by hand, not found by reflection (see ModelCatalog).
    package var properties: [any AnyProperty] {
        [
            $id, $reference, $ledger, $status, $version, $round, $oversightLevel, $channel, $sourceRef, $summary, $details,
            $topic, $searchText, $unitID, $districtID, $cityID, $handlerID, $registeredAt, $deadlineAt, $chaseLevel,
            $closedAt, $escalatedAt, $declineReason, $registeredBy
        ]
    }

    package init() {}
}

extension Matter {
    var isOverdue: Bool { chaseLevel > 0 }

    var placement: MatterPlacement { MatterPlacement(unitID: unitID, districtID: districtID, cityID: cityID) }
}
