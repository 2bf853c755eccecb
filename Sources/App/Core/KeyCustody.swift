import Fluent
import Foundation
import Vapor

/// Keeps the data key and the data it sealed together. A database that holds sealed data
/// starts only with the key that sealed it: a missing `data.key` is not replaced by a new one
/// (which would seal new data with a key that cannot open the old), and a wrong key stops the
/// server. The proof is a canary: a known text sealed with the key when the database first met it.
enum KeyCustody {
    static let canaryText = "minyi data key canary"

    static func check(_ app: Application) async throws {
        let cipher = app.cipher
        let canary = try await KeyCustodyStore.canary(on: app.db)
        let sample = canary == nil ? try await KeyCustodyStore.someSealedValue(on: app.db) : nil
        if let made = cipher.madeKeyFile, canary != nil || sample != nil {
            // Take the fresh key away again, so the next start refuses too until the real one is back.
            try? FileManager.default.removeItem(atPath: made)
            throw AppError(status: .internalServerError, title: "Data key missing",
                           detail: "the database holds sealed personal data but \(made) was missing; restore data.key (or MINYI_DATA_KEY / MINYI_DATA_KEY_FILE) from backup. No new key was kept.")
        }
        if let next = try KeyRotation.pendingCipher(app.config) {
            // An interrupted rotation: data is sealed partly with each key. Only finishing it may start.
            guard app.config.finishesKeyRotation else {
                throw AppError(status: .internalServerError, title: "Key rotation unfinished",
                               detail: "a data key rotation was interrupted (\(KeyRotation.nextKeyPath(app.config)) exists); run `minyi key rotate` to finish it before anything else")
            }
            guard let canary, cipher.opens(canary, as: canaryText) || next.opens(canary, as: canaryText) else { throw wrongKey(cipher) }
            return
        }
        if let canary {
            guard cipher.opens(canary, as: canaryText) else { throw wrongKey(cipher) }
            return
        }
        // No canary: the database meets its first key, or it predates the canary and the key must open what is there.
        if let sample, (try? cipher.open(sample)) == nil { throw wrongKey(cipher) }
        let fresh = try cipher.seal(canaryText)
        try await app.write { db in try await KeyCustodyStore.plant(fresh, on: db) }
        // Another instance may have planted its own first: this key must open that one too.
        guard let planted = try await KeyCustodyStore.canary(on: app.db), cipher.opens(planted, as: canaryText) else { throw wrongKey(cipher) }
    }

    private static func wrongKey(_ cipher: PersonalDataCipher) -> AppError {
        AppError(status: .internalServerError, title: "Wrong data key",
                 detail: "the data key from \(cipher.source) does not open the personal data this database holds; restore the key it was sealed with")
    }
}

/// The canary row and the question "is anything sealed here?".
enum KeyCustodyStore {
    static func canary(on db: any Database) async throws -> String? {
        try await db.statements.value("SELECT sealed FROM data_key_canary WHERE id = 1", column: "sealed", as: String.self)
    }

    static func plant(_ sealed: String, on db: any Database) async throws {
        try await db.statements.run("INSERT INTO data_key_canary (id, sealed) VALUES (1, \(bind: sealed)) ON CONFLICT (id) DO NOTHING")
    }

    /// One sealed value from any table that keeps them, if there is one.
    static func someSealedValue(on db: any Database) async throws -> String? {
        for table in SealedColumns.tables {
            let (table, column) = (table.name, table.sealed[0])
            if let value = try await db.statements.value(
                "SELECT \(ident: column) AS sealed FROM \(ident: table) WHERE \(ident: column) IS NOT NULL LIMIT 1", column: "sealed", as: String.self) {
                return value
            }
        }
        return nil
    }
}
