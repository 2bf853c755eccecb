import Foundation
import Fluent
import LedgerCore

/// Working days allowed per stage for one ledger.
final class DeadlineSetting: Model, @unchecked Sendable {
    static let schema = "deadline_settings"

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "ledger") var ledger: Ledger
    @Field(key: "vet_days") var vetDays: Int
    @Field(key: "reply_days") var replyDays: Int

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] { [$id, $ledger, $vetDays, $replyDays] }

    init() {}

    init(ledger: Ledger, policy: DeadlinePolicy) {
        self.ledger = ledger
        self.vetDays = policy.vetDays
        self.replyDays = policy.replyDays
    }

    var policy: DeadlinePolicy { DeadlinePolicy(vetDays: vetDays, replyDays: replyDays) }
}
