import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// Free text as it is stored: what `PersonalDataInText` finds is sealed into
/// `text_personal_data` and the text keeps only the mask, so the search index, the exports,
/// the pages and the public board never see the value. An audited reveal opens it again.
enum TextPersonalData {
    enum Owner: String, Sendable { case message, matter }

    /// A text's personal data, sealed, ready to store with its owner.
    struct Sealed: Sendable {
        let field: String
        let found: PersonalDataInText.Found
        let sealed: String
        let digest: String?
    }

    /// The text to store (masked) and what to seal, for one field.
    static func split(_ text: String, field: String, cipher: PersonalDataCipher) throws -> (text: String, sealed: [Sealed]) {
        let (masked, found) = PersonalDataInText.masked(text)
        let sealed = try found.map { item in
            Sealed(field: field, found: item, sealed: try cipher.seal(item.value), digest: item.kind == .phone ? cipher.digest(item.value) : nil)
        }
        return (masked, sealed)
    }

    /// A revealed value, with the mask it is shown as.
    struct Revealed: Content { let field: String; let kind: String; let masked: String; let value: String }

    /// Opens a record's sealed text data, recording who did (the caller checked who may).
    static func reveal(_ owner: Owner, id: Int, matterID: Int?, by who: SignedIn, app: Application) async throws -> [Revealed] {
        let rows = try await TextPersonalDataStore.rows(owner, id: id, on: app.db)
        let now = app.clock.now()
        try await app.write { db in
            try await AuditLog.append(on: db, kind: .textPersonalDataRevealed, matterID: matterID, actorID: who.officerID,
                                      fields: [owner.rawValue: String(id), "values": String(rows.count)], at: now)
        }
        let cipher = app.cipher
        return try rows.map { Revealed(field: $0.field, kind: $0.kind, masked: $0.masked, value: try cipher.open($0.sealed)) }
    }
}

/// The SQL of `text_personal_data`.
enum TextPersonalDataStore {
    struct Row: Decodable { let field: String; let kind: String; let masked: String; let sealed: String }

    static func insert(_ sealed: [TextPersonalData.Sealed], owner: TextPersonalData.Owner, id: Int, at now: Date, on db: any Database) async throws {
        try await db.statements.insert(into: "text_personal_data", columns: ["owner", "owner_id", "field", "kind", "masked", "sealed", "digest", "created_at"],
                                       values: sealed.map { [owner.rawValue, id, $0.field, $0.found.kind.rawValue, $0.found.masked, $0.sealed, $0.digest, now] })
    }

    static func rows(_ owner: TextPersonalData.Owner, id: Int, on db: any Database) async throws -> [Row] {
        try await db.statements.rows("""
            SELECT field, kind, masked, sealed FROM text_personal_data
            WHERE owner = \(bind: owner.rawValue) AND owner_id = \(bind: id) ORDER BY id
            """)
    }

    /// The records whose text holds a phone with this digest.
    static func owners(_ owner: TextPersonalData.Owner, phoneDigest digest: String, on db: any Database) async throws -> [Int] {
        try await db.statements.values("""
            SELECT DISTINCT owner_id FROM text_personal_data WHERE digest = \(bind: digest) AND owner = \(bind: owner.rawValue)
            """, column: "owner_id", as: Int.self)
    }
}
