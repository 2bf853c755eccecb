@testable import App
import Fluent
import Foundation
import LedgerCore
import SQLKit
import Testing

@Suite("The hash-chained audit log")
struct AuditTests {
    func sql(_ world: TestWorld) -> any SQLDatabase { world.app.db.sql }

    /// Lets the test act as an intruder with direct database access.
    func dropGuards(_ world: TestWorld) async throws {
        if sql(world).dialect.name == "sqlite" {
            try await sql(world).raw("DROP TRIGGER audit_events_no_update").run()
            try await sql(world).raw("DROP TRIGGER audit_events_no_delete").run()
        } else {
            try await sql(world).raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
        }
    }

    func verify(_ world: TestWorld) async throws -> Result<AuditRecord?, AuditChain.Failure> {
        try await AuditLog.verify(on: world.app.db, batchSize: 3)
    }

    func makeHistory(_ world: TestWorld) async throws -> Int {
        let id = try await world.register()
        try await world.bringToReplied(id)
        return id
    }

    @Test("an untouched log verifies and every change is in it")
    func verifies() async throws {
        try await withWorld { world in
            _ = try await makeHistory(world)
            guard case .success(let head) = try await verify(world) else { Issue.record("verify failed"); return }
            #expect((head?.seq ?? 0) >= 5)
        }
    }

    @Test("the database refuses to update or delete an event")
    func appendOnly() async throws {
        try await withWorld { world in
            _ = try await makeHistory(world)
            await #expect(throws: (any Error).self) { try await sql(world).raw("UPDATE audit_events SET kind = 'x' WHERE seq = 1").run() }
            await #expect(throws: (any Error).self) { try await sql(world).raw("DELETE FROM audit_events WHERE seq = 2").run() }
            guard case .success = try await verify(world) else { Issue.record("verify failed"); return }
        }
    }

    @Test("an altered event is caught and named")
    func altered() async throws {
        try await withWorld { world in
            _ = try await makeHistory(world)
            try await dropGuards(world)
            try await sql(world).raw(#"UPDATE audit_events SET payload = '{"text":"forged"}' WHERE seq = 3"#).run()
            #expect(try await verify(world) == .failure(.alteredEvent(seq: 3)))
        }
    }

    @Test("a removed event is caught and named")
    func removed() async throws {
        try await withWorld { world in
            _ = try await makeHistory(world)
            try await dropGuards(world)
            try await sql(world).raw("DELETE FROM audit_events WHERE seq = 2").run()
            #expect(try await verify(world) == .failure(.outOfOrder(seq: 3)))
        }
    }

    @Test("reordered events are caught")
    func reordered() async throws {
        try await withWorld { world in
            _ = try await makeHistory(world)
            try await dropGuards(world)
            try await sql(world).raw("UPDATE audit_events SET seq = -1 WHERE seq = 2").run()
            try await sql(world).raw("UPDATE audit_events SET seq = 2 WHERE seq = 3").run()
            try await sql(world).raw("UPDATE audit_events SET seq = 3 WHERE seq = -1").run()
            guard case .failure(let failure) = try await verify(world) else { Issue.record("reordering not caught"); return }
            #expect([.brokenLink(seq: 2), .alteredEvent(seq: 2)].contains(failure))
        }
    }

    @Test("events cut off the end are caught by the head")
    func truncated() async throws {
        try await withWorld { world in
            _ = try await makeHistory(world)
            try await dropGuards(world)
            let last = try await sql(world).raw("SELECT MAX(seq) AS seq FROM audit_events").first()!.decode(column: "seq", as: Int.self)
            try await sql(world).raw("DELETE FROM audit_events WHERE seq = \(bind: last)").run()
            #expect(try await verify(world) == .failure(.headMismatch(expectedSeq: last, foundSeq: last - 1)))
        }
    }

    @Test("concurrent actions still form one unbroken chain")
    func concurrentAppends() async throws {
        try await withWorld { world in
            // The token first: this is about concurrent appends, and the world's token cache is
            // not made for eight tasks filling it at once.
            _ = try await world.token(for: "a-officer")
            _ = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 { group.addTask { try await world.register(summary: "并发登记\(index)") } }
                return try await group.reduce(0) { $0 + $1 }
            }
            guard case .success(let head) = try await verify(world) else { Issue.record("verify failed"); return }
            let count = try await sql(world).raw("SELECT COUNT(*) AS n FROM audit_events").first()!.decode(column: "n", as: Int.self)
            let registered = try await sql(world).raw("SELECT COUNT(*) AS n FROM audit_events WHERE kind = 'registered'").first()!.decode(column: "n", as: Int.self)
            #expect(head?.seq == count)
            #expect(registered == 8)
        }
    }

    /// Appends an event the way another instance would, behind this process's back.
    func appendElsewhere(_ world: TestWorld) async throws -> Int {
        let head = try await sql(world).raw("SELECT seq, hash FROM audit_head WHERE id = 1").first()!
        let record = AuditChain.seal(seq: try head.decode(column: "seq", as: Int.self) + 1, at: AuditLog.timestamp(Date()), kind: "elsewhere",
                                     matterID: nil, actorID: nil, payload: AuditChain.canonicalPayload([:]),
                                     previous: try head.decode(column: "hash", as: String.self))
        try await sql(world).raw("""
            INSERT INTO audit_events (seq, at, kind, matter_id, actor_id, payload, prev_hash, hash)
            VALUES (\(bind: record.seq), \(bind: record.at), \(bind: record.kind), NULL, NULL, \(bind: record.payload), \(bind: record.prevHash), \(bind: record.hash))
            """).run()
        try await sql(world).raw("UPDATE audit_head SET seq = \(bind: record.seq), hash = \(bind: record.hash) WHERE id = 1").run()
        return record.seq
    }

    @Test("an append after another instance moved the head, or after a rolled-back append, still joins the chain")
    func staleHead() async throws {
        try await withWorld { world in
            let id = try await world.register()
            let elsewhere = try await appendElsewhere(world)
            try await world.bringToReplied(id)
            let next = try await sql(world).raw("SELECT MIN(seq) AS seq FROM audit_events WHERE seq > \(bind: elsewhere)").first()!
            #expect(try next.decode(column: "seq", as: Int?.self) == elsewhere + 1)

            struct Undo: Error {}
            await #expect(throws: Undo.self) {
                try await world.app.db.transaction { db in
                    try await AuditLog.append(on: db, kind: .calendarChanged, matterID: nil, actorID: nil, fields: [:], at: Date())
                    throw Undo()
                }
            }
            try await AuditLog.append(on: world.app.db, kind: .deadlinesChanged, matterID: nil, actorID: nil, fields: [:], at: Date())
            guard case .success = try await verify(world) else { Issue.record("verify failed"); return }
            let undone = try await sql(world).raw("SELECT COUNT(*) AS n FROM audit_events WHERE kind = 'calendarChanged'").first()!
            #expect(try undone.decode(column: "n", as: Int.self) == 0)
        }
    }
}
