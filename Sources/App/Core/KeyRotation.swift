import Crypto
import Fluent
import Foundation
import SQLKit
#if canImport(Glibc)
import Glibc
#endif
import Vapor

/// Every column that holds sealed personal data, named once: key custody samples them, key
/// rotation re-seals them. A phone's keyed digest (for exact look-ups) is made again with it.
enum SealedColumns {
    struct Table: Sendable {
        let name: String
        let sealed: [String]
        /// The digest column and the sealed phone it is the digest of.
        var phoneDigest: (digest: String, phone: String)?
    }

    static let tables: [Table] = [
        Table(name: "complainants", sealed: ["name_sealed", "phone_sealed", "id_number_sealed", "address_sealed"],
              phoneDigest: ("phone_digest", "phone_sealed")),
        Table(name: "messages", sealed: ["place_sealed", "coordinates_sealed", "name_sealed", "phone_sealed", "id_number_sealed"],
              phoneDigest: ("phone_digest", "phone_sealed")),
        Table(name: "appointments", sealed: ["name_sealed", "phone_sealed"]),
        Table(name: "service_applications", sealed: ["name_sealed", "phone_sealed", "id_number_sealed"]),
        Table(name: "outbox", sealed: ["recipient_sealed"]),
        Table(name: "liaison_contacts", sealed: ["name_sealed"]),
        Table(name: "think_tank_members", sealed: ["name_sealed"]),
        Table(name: "officers", sealed: ["totp_secret"]),
        // A digest only where there was one: phones found in free text, not ID numbers or e-mail.
        Table(name: "text_personal_data", sealed: ["sealed"], phoneDigest: ("digest", "sealed")),
    ]
}

/// `minyi key rotate`: seals everything again with a new data key. The new key is written
/// first, beside the old (`data.key.next`, created exclusively, owner-only); rows are re-sealed
/// in batches, each batch one commit, a value that already opens with the new key left alone;
/// the canary last; then the new key replaces the old in one rename. A crash at any point is
/// resumed by running the command again, and until then the server refuses to start. Run it
/// with every instance stopped: a running server would seal new data with the old key.
enum KeyRotation {
    struct Report: Sendable { var rowsResealed = 0; var filesResealed = 0; var keyID = "" }

    static func keyPath(_ config: AppConfig) -> String { (config.dataDirectory as NSString).appendingPathComponent("data.key") }
    static func nextKeyPath(_ config: AppConfig) -> String { keyPath(config) + ".next" }

    /// The new key of a rotation under way, if one was started and not finished.
    static func pendingCipher(_ config: AppConfig) throws -> PersonalDataCipher? {
        let path = nextKeyPath(config)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try PersonalDataCipher.fromFile(path)
    }

    static func run(_ app: Application, batchSize: Int = 500, afterBatch: @Sendable (Int) throws -> Void = { _ in },
                    progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }) async throws -> Report {
        let config = app.config
        guard (config.dataKeyBase64 ?? "").isEmpty, (config.dataKeyFile ?? "").isEmpty else {
            throw AppError.invalid("MINYI_DATA_KEY", "the key comes from outside the data directory: rotate it where it is kept, not here")
        }
        let old = app.cipher
        let next = try pendingCipher(config) ?? PersonalDataCipher.createFile(nextKeyPath(config))
        var report = Report(keyID: next.keyID)
        var total = 0
        for table in SealedColumns.tables { total += try await KeyRotationStore.count(table.name, on: app.db) }
        total += try await KeyRotationStore.count("attachments", on: app.db)
        var done = 0, batches = 0
        for table in SealedColumns.tables {
            var after = 0
            while true {
                let rows = try await KeyRotationStore.rows(of: table, after: after, limit: batchSize, on: app.db)
                guard let last = rows.last else { break }
                var updates: [(id: Int, values: [String: String])] = []
                for row in rows {
                    let values = try reseal(row, of: table, from: old, to: next)
                    if !values.isEmpty { updates.append((row.id, values)) }
                }
                let batch = updates
                try await app.write { db in
                    for update in batch { try await KeyRotationStore.update(table.name, id: update.id, set: update.values, on: db) }
                }
                report.rowsResealed += updates.count
                done += rows.count
                after = last.id
                progress(done, total)
                batches += 1
                try afterBatch(batches)
            }
        }
        var after = 0
        while true {
            let files = try await KeyRotationStore.files(after: after, limit: max(1, batchSize / 10), on: app.db)
            guard let last = files.last else { break }
            let resealed = try files.filter { $0.keyId != next.keyID }.map { file -> KeyRotationStore.File in
                // A file stored in clear by an older version (no key id) is sealed now.
                let data = file.keyId == nil ? file.data : try old.open(file.data)
                let name = file.keyId == nil ? file.filename : try old.open(file.filename)
                return .init(id: file.id, data: try next.seal(data), filename: try next.seal(name), keyId: next.keyID)
            }
            try await app.write { db in
                for file in resealed { try await KeyRotationStore.update(file, on: db) }
            }
            report.filesResealed += resealed.count
            done += files.count
            after = last.id
            progress(done, total)
        }
        if let canary = try await KeyCustodyStore.canary(on: app.db), !next.opens(canary, as: KeyCustody.canaryText) {
            let sealed = try next.seal(KeyCustody.canaryText)
            try await app.write { db in try await KeyRotationStore.replaceCanary(sealed, on: db) }
        }
        try PersonalDataCipher.replaceFile(keyPath(config), with: nextKeyPath(config))
        app.cipher = next
        let now = app.clock.now()
        let fields = ["key": next.keyID, "rows": String(report.rowsResealed), "files": String(report.filesResealed)]
        try await app.write { db in
            try await AuditLog.append(on: db, kind: .dataKeyRotated, matterID: nil, actorID: nil, fields: fields, at: now)
        }
        return report
    }

    /// The row's sealed values opened with the old key and sealed with the new, and its phone
    /// digest made again; values that already open with the new key are left as they are.
    private static func reseal(_ row: KeyRotationStore.SealedRow, of table: SealedColumns.Table,
                               from old: PersonalDataCipher, to next: PersonalDataCipher) throws -> [String: String] {
        var values: [String: String] = [:]
        for column in table.sealed {
            guard let sealed = row.values[column] ?? nil, (try? next.open(sealed)) == nil else { continue }
            guard let plain = try? old.open(sealed) else {
                throw AppError(status: .internalServerError, title: "Sealed data is damaged",
                               detail: "\(table.name) \(row.id) \(column) opens with neither the old nor the new key; nothing after it was changed")
            }
            values[column] = try next.seal(plain)
            if let digest = table.phoneDigest, digest.phone == column, (row.values[digest.digest] ?? nil) != nil {
                values[digest.digest] = next.digest(plain)
            }
        }
        return values
    }
}

/// The SQL of key rotation.
enum KeyRotationStore {
    /// A row's id and its sealed columns, whatever the table.
    struct SealedRow: Decodable {
        let id: Int
        let values: [String: String?]

        init(id: Int, values: [String: String?]) { self.id = id; self.values = values }

        private struct Column: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Column.self)
            id = try container.decode(Int.self, forKey: Column(stringValue: "id"))
            var values: [String: String?] = [:]
            for key in container.allKeys where key.stringValue != "id" {
                values[key.stringValue] = try container.decodeIfPresent(String.self, forKey: key)
            }
            self.values = values
        }
    }

    struct File: Decodable { let id: Int; let data: Data; let filename: String; let keyId: String? }

    static func count(_ table: String, on db: any Database) async throws -> Int {
        try await db.statements.value("SELECT COUNT(*) AS n FROM \(ident: table)", column: "n", as: Int.self) ?? 0
    }

    static func rows(of table: SealedColumns.Table, after id: Int, limit: Int, on db: any Database) async throws -> [SealedRow] {
        // Rows come back with camelCase keys (see `Statements.rows`): name them by column again.
        let columns = table.sealed + (table.phoneDigest.map { [$0.digest] } ?? [])
        let byKey = Dictionary(uniqueKeysWithValues: columns.map { (camelCase($0), $0) })
        return try await db.statements.rows("""
            SELECT \(idents: ["id"] + columns, joinedBy: ", ") FROM \(ident: table.name)
            WHERE id > \(bind: id) ORDER BY id LIMIT \(literal: limit)
            """, as: SealedRow.self).map { row in
            SealedRow(id: row.id, values: Dictionary(uniqueKeysWithValues: row.values.compactMap { key, value in byKey[key].map { ($0, value) } }))
        }
    }

    private static func camelCase(_ column: String) -> String {
        let parts = column.split(separator: "_")
        return String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func update(_ table: String, id: Int, set values: [String: String], on db: any Database) async throws {
        let assignments: [SQLQueryString] = values.sorted { $0.key < $1.key }.map { "\(ident: $0.key) = \(bind: $0.value)" }
        try await db.statements.run("UPDATE \(ident: table) SET \(assignments.joined(separator: ", ")) WHERE id = \(bind: id)")
    }

    static func files(after id: Int, limit: Int, on db: any Database) async throws -> [File] {
        try await db.statements.rows("""
            SELECT id, data, filename, key_id FROM attachments
            WHERE id > \(bind: id) AND purged_at IS NULL ORDER BY id LIMIT \(literal: limit)
            """)
    }

    static func update(_ file: File, on db: any Database) async throws {
        try await db.statements.run("""
            UPDATE attachments SET data = \(bind: file.data), filename = \(bind: file.filename), key_id = \(bind: file.keyId)
            WHERE id = \(bind: file.id)
            """)
    }

    static func replaceCanary(_ sealed: String, on db: any Database) async throws {
        try await db.statements.run("UPDATE data_key_canary SET sealed = \(bind: sealed) WHERE id = 1")
    }
}

/// `minyi key rotate`, with a progress bar.
struct KeyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "rotate: seal all personal data again with a new key")
        var action: String
    }

    var help: String { "Rotates the data key (key rotate): every sealed value and file is sealed again with a new key. Stop every instance first." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "rotate" else { throw AppError.invalid("action", "the only action is rotate") }
        let resuming = try KeyRotation.pendingCipher(context.application.config) != nil
        context.console.print(resuming ? "resuming the key rotation that was interrupted" : "rotating the data key")
        let report = try await KeyRotation.run(context.application, progress: { done, total in
            let width = 30, filled = total == 0 ? width : width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardOutput.write(Data("\r[\(bar)] \(done)/\(total) rows".utf8))
        })
        context.console.print("")
        context.console.print("done: \(report.rowsResealed) rows and \(report.filesResealed) files sealed again; the new key's id is \(report.keyID)")
        context.console.print("back up the new data.key now: backups taken before need the old key, which is gone")
    }
}
