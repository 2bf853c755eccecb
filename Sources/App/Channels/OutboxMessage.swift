import Fluent
import Foundation

/// A notification waiting to go out (SMS, WeChat template message, e-mail). Written in the
/// same transaction as the change that causes it, so a restart loses nothing; sent by the
/// dispatcher with the row's id as the idempotency key, so nothing goes out twice.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox"

    enum Channel: String, Codable, CaseIterable { case sms, wechat, email }
    enum Status: String, Codable { case pending, sent, failed, cancelled }

    @ID(custom: .id, generatedBy: .database) var id: Int?
    @Field(key: "dedupe_key") var dedupeKey: String
    @Field(key: "channel") var channel: Channel
    @Field(key: "recipient_sealed") var recipientSealed: String
    @Field(key: "template") var template: String
    @Field(key: "payload") var payload: String
    @Field(key: "status") var status: Status
    @Field(key: "attempts") var attempts: Int
    @Field(key: "not_before") var notBefore: Date
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    // Listed by hand, not found by reflection (see ModelCatalog).
    var properties: [any AnyProperty] {
        [
            $id, $dedupeKey, $channel, $recipientSealed, $template, $payload, $status, $attempts, $notBefore,
            $claimedUntil, $lastError, $createdAt, $sentAt
        ]
    }

    init() {}
}
