import Fluent
import Foundation
import LedgerCore
import Vapor

/// Keeps the files of online applications sealed and no longer than needed: at every start it
/// seals files stored in clear by earlier versions, and in the background it removes the files
/// of applications that ended more than `MINYI_SCAN_RETENTION_DAYS` ago.
enum ApplicationFileKeeper {
    static let batch = 200

    /// Seals every file still in clear, a batch per write. Returns how many it sealed.
    @discardableResult
    static func sealClearFiles(_ app: Application) async throws -> Int {
        let cipher = app.cipher
        let now = app.clock.now()
        var sealed = 0
        while true {
            let count = try await app.write { db -> Int in
                let files = try await ServiceStore.unsealedAttachments(limit: batch, on: db)
                for file in files {
                    try await ServiceStore.storeSealed(file.id!, data: cipher.seal(file.sealedData), filename: cipher.seal(file.sealedFilename),
                                                       keyID: cipher.keyID, on: db)
                }
                if !files.isEmpty {
                    try await AuditLog.append(on: db, kind: .attachmentsSealed, matterID: nil, actorID: nil,
                                              fields: ["files": String(files.count)], at: now)
                }
                return files.count
            }
            sealed += count
            if count < batch { return sealed }
        }
    }

    /// Removes the files of applications that ended before the retention time. Returns how many.
    @discardableResult
    static func purgeExpired(_ app: Application) async throws -> Int {
        let now = app.clock.now()
        let cutoff = ApplicationFiles.purgeCutoff(now: now, retentionDays: app.config.scanRetentionDays)
        var purged = 0
        while true {
            let count = try await app.write { db -> Int in
                let ids = try await ServiceStore.attachmentsPastRetention(endedBefore: cutoff, limit: batch, on: db)
                try await ServiceStore.purgeAttachments(ids, at: now, on: db)
                if !ids.isEmpty {
                    try await AuditLog.append(on: db, kind: .attachmentsPurged, matterID: nil, actorID: nil,
                                              fields: ["files": ids.map(String.init).joined(separator: ","),
                                                       "retentionDays": String(app.config.scanRetentionDays)], at: now)
                }
                return ids.count
            }
            purged += count
            if count < batch { return purged }
        }
    }
}
