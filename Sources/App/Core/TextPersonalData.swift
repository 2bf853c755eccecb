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
    /// A text with its personal data masked, and what was masked, sealed.
    typealias Split = (text: String, sealed: [Sealed])

    static func split(_ text: String, field: String, cipher: PersonalDataCipher) throws -> Split {
        let (masked, found) = PersonalDataInText.masked(text)
        let sealed = try found.map { item in
            Sealed(field: field, found: item, sealed: try cipher.seal(item.value), digest: item.kind == .phone ? cipher.digest(item.value) : nil)
        }
        return (masked, sealed)
    }

    /// Scans texts stored before typed personal data was sealed (M0045), one batch of
    /// messages and one of matters per run, oldest first: what is found is sealed and masked
    /// as if it had been typed today. Returns how many values were sealed.
    static func sealOlderTexts(_ app: Application, batchSize: Int = 200) async throws -> Int {
        let cipher = app.cipher
        let now = app.clock.now()
        var sealedCount = 0
        let messages = try await TextPersonalDataStore.olderMessages(limit: batchSize, on: app.db)
        if let last = messages.last {
            let changes = try messages.compactMap { row -> (id: Int, content: String, sealed: [Sealed])? in
                let content = try split(row.content, field: "content", cipher: cipher)
                return content.sealed.isEmpty ? nil : (row.id, content.text, content.sealed)
            }
            sealedCount += changes.reduce(0) { $0 + $1.sealed.count }
            try await app.write { db in
                for change in changes {
                    try await TextPersonalDataStore.replaceContent(ofMessage: change.id, with: change.content, on: db)
                    try await TextPersonalDataStore.insert(change.sealed, owner: .message, id: change.id, at: now, on: db)
                }
                try await TextPersonalDataStore.advance("messages", to: last.id, on: db)
            }
        }
        let matters = try await TextPersonalDataStore.olderMatters(limit: batchSize, on: app.db)
        if let last = matters.last {
            let changes = try matters.compactMap { row -> (id: Int, summary: String, details: String, sealed: [Sealed])? in
                let summary = try split(row.summary, field: "summary", cipher: cipher)
                let details = try split(row.details, field: "details", cipher: cipher)
                let sealed = summary.sealed + details.sealed
                return sealed.isEmpty ? nil : (row.id, summary.text, details.text, sealed)
            }
            sealedCount += changes.reduce(0) { $0 + $1.sealed.count }
            try await app.write { db in
                for change in changes {
                    try await TextPersonalDataStore.replaceTexts(ofMatter: change.id, summary: change.summary, details: change.details,
                                                                 searchText: SearchGrams.document(change.summary + " " + change.details), on: db)
                    try await TextPersonalDataStore.insert(change.sealed, owner: .matter, id: change.id, at: now, on: db)
                }
                try await TextPersonalDataStore.advance("matters", to: last.id, on: db)
            }
        }
        if sealedCount > 0 {
            let fields = ["values": String(sealedCount)]
            try await app.write { db in
                try await AuditLog.append(on: db, kind: .olderTextsSealed, matterID: nil, actorID: nil, fields: fields, at: now)
            }
        }
        return sealedCount
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

    struct OlderMessage: Decodable { let id: Int; let content: String }
    struct OlderMatter: Decodable { let id: Int; let summary: String; let details: String }

    static func olderMessages(limit: Int, on db: any Database) async throws -> [OlderMessage] {
        try await db.statements.rows("""
            SELECT m.id, m.content FROM messages m JOIN text_scan_progress p ON p.name = 'messages'
            WHERE m.id > p.next_id AND m.id <= p.until_id ORDER BY m.id LIMIT \(literal: limit)
            """)
    }

    static func olderMatters(limit: Int, on db: any Database) async throws -> [OlderMatter] {
        try await db.statements.rows("""
            SELECT m.id, m.summary, m.details FROM matters m JOIN text_scan_progress p ON p.name = 'matters'
            WHERE m.id > p.next_id AND m.id <= p.until_id ORDER BY m.id LIMIT \(literal: limit)
            """)
    }

    static func replaceContent(ofMessage id: Int, with content: String, on db: any Database) async throws {
        try await db.statements.run("UPDATE messages SET content = \(bind: content) WHERE id = \(bind: id)")
    }

    static func replaceTexts(ofMatter id: Int, summary: String, details: String, searchText: String, on db: any Database) async throws {
        try await db.statements.run("""
            UPDATE matters SET summary = \(bind: summary), details = \(bind: details), search_text = \(bind: searchText) WHERE id = \(bind: id)
            """)
    }

    static func advance(_ name: String, to id: Int, on db: any Database) async throws {
        try await db.statements.run("UPDATE text_scan_progress SET next_id = \(bind: id) WHERE name = \(bind: name)")
    }

    /// The records whose text holds a phone with this digest.
    static func owners(_ owner: TextPersonalData.Owner, phoneDigest digest: String, on db: any Database) async throws -> [Int] {
        try await db.statements.values("""
            SELECT DISTINCT owner_id FROM text_personal_data WHERE digest = \(bind: digest) AND owner = \(bind: owner.rawValue)
            """, column: "owner_id", as: Int.self)
    }
}
