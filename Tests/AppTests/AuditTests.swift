@testable import App
import Fluent
import Foundation
import LedgerCore
import SQLKit
import Testing

@Suite("The hash-chained audit log")
struct AuditTests {
    func sql(_ world: TestWorld) -> any SQLDatabase { world.app.db as! any SQLDatabase }

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
}
