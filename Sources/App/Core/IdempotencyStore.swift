import Crypto
import Fluent
import Foundation
import LedgerCore

/// The first result of a creating POST per (officer, Idempotency-Key).
package enum IdempotencyStore {
    package struct Claim: Sendable {
        let key: String
        let requestDigest: String

        init(key: String, requestDigest: String) {
            self.key = key
            self.requestDigest = requestDigest
        }

        /// A claim on `key` for `body`: the same request in another key order or spacing is
        /// still the same request.
        init(key: String, body: some Encodable) throws {
            let canonical = JSONEncoder()
            canonical.outputFormatting = [.sortedKeys]
            self.init(key: key, requestDigest: Digits.hex(SHA256.hash(data: try canonical.encode(body))))
        }
    }

    /// The matter a previous request with this key created; a different body under the same key is refused.
    static func find(_ claim: Claim, officerID: Int, on db: any Database) async throws -> Int? {
        guard let record = try await IdempotencyRecord.query(on: db).filter(\.$officerID == officerID).filter(\.$key == claim.key).first() else {
            return nil
        }
        guard record.requestDigest == claim.requestDigest else {
            throw AppError(status: .unprocessableEntity, title: "Idempotency key reused", detail: "this Idempotency-Key was already used for a different request",
                           invalidParams: [.init(name: "Idempotency-Key", reason: "was already used for a different request")])
        }
        return Int(record.body)
    }

    static func save(_ claim: Claim, officerID: Int, matterID: Int, at date: Date, on db: any Database) async throws {
        let record = IdempotencyRecord()
        record.officerID = officerID
        record.key = claim.key
        record.requestDigest = claim.requestDigest
        record.status = 201
        record.body = String(matterID)
        record.createdAt = date
        try await record.create(on: db)
    }
}
