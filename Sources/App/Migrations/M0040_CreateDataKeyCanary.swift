import Fluent
import SQLKit

/// One row sealed with the data key when the database first met it: at every start the key
/// must open it, so a lost or swapped key stops the server instead of sealing new data with a
/// key that cannot open the old.
struct M0040_CreateDataKeyCanary: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.sql.raw("""
            CREATE TABLE data_key_canary (id INTEGER PRIMARY KEY, sealed TEXT NOT NULL)
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql.raw("DROP TABLE data_key_canary").run()
    }
}
