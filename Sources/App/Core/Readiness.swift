import Fluent
import Foundation
import Vapor

/// `/healthz` says the process answers; `/readyz` says it can serve: the database answers, every
/// migration of `SchemaHistory` is applied, and the data key opens the canary. A load balancer
/// sends traffic only to an instance that answers 200 here; 503 names the part that failed.
enum Readiness {
    struct Part: Content { let part: String; let ok: Bool; let detail: String? }
    struct Report: Content { let ready: Bool; let parts: [Part] }

    static func check(_ app: Application) async -> Report {
        var parts: [Part] = []
        do {
            _ = try await app.db.statements.value("SELECT 1 AS one", column: "one", as: Int.self)
            parts.append(Part(part: "database", ok: true, detail: nil))
        } catch {
            // The rest asks the database too: say only what failed first.
            return Report(ready: false, parts: [Part(part: "database", ok: false, detail: "the database does not answer")])
        }
        do {
            let applied = Set(try await app.db.statements.values("SELECT name FROM _fluent_migrations", column: "name", as: String.self))
            let missing = SchemaHistory.names.filter { !applied.contains($0) }
            parts.append(Part(part: "migrations", ok: missing.isEmpty,
                              detail: missing.isEmpty ? nil : "not applied: " + missing.map { $0.components(separatedBy: ".").last ?? $0 }.joined(separator: ", ")))
        } catch {
            parts.append(Part(part: "migrations", ok: false, detail: "the migration history cannot be read"))
        }
        do {
            let canary = try await KeyCustodyStore.canary(on: app.db)
            let opens = canary.map { app.cipher.opens($0, as: KeyCustody.canaryText) } ?? false
            parts.append(Part(part: "dataKey", ok: opens, detail: opens ? nil : "the data key does not open the canary"))
        } catch {
            parts.append(Part(part: "dataKey", ok: false, detail: "the canary cannot be read"))
        }
        return Report(ready: parts.allSatisfy(\.ok), parts: parts)
    }

    @Sendable static func serve(req: Request) async throws -> Response {
        let report = await check(req.application)
        let response = try await report.encodeResponse(status: report.ready ? .ok : .serviceUnavailable, for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
