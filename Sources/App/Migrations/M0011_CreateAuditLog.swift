import Fluent
import SQLKit

struct M0011_CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .field("seq", .int, .identifier(auto: false))
            .field("at", .string, .required)
            .field("kind", .string, .required)
            .field("matter_id", .int)
            .field("actor_id", .int)
            .field("payload", .string, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema("audit_head")
            .field(.id, .int, .identifier(auto: false))
            .field("seq", .int, .required)
            .field("hash", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "audit_events_matter_idx").on("audit_events").column("matter_id").column("seq").run()
        // The chain's genesis hash (`AuditChain.genesisHash`), frozen: 64 zeros.
        let genesisHash = String(repeating: "0", count: 64)
        try await sql.insert(into: "audit_head").columns("id", "seq", "hash").values(SQLBind(1), SQLBind(0), SQLBind(genesisHash)).run()

        // Append-only: the database itself refuses to change or remove an event.
        if sql.dialect.name == "sqlite" {
            for verb in ["UPDATE", "DELETE"] {
                try await sql.raw("""
                    CREATE TRIGGER audit_events_no_\(unsafeRaw: verb.lowercased()) BEFORE \(unsafeRaw: verb) ON audit_events
                    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END
                    """).run()
            }
        } else {
            try await sql.raw("""
                CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("""
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name != "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events").run()
            try await sql.raw("DROP FUNCTION IF EXISTS audit_events_append_only()").run()
        }
        try await database.schema("audit_head").delete()
        try await database.schema("audit_events").delete()
    }
}
