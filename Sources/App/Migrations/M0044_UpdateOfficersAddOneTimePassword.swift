import Fluent
import SQLKit

/// `must_change_password` marks a one-time password (a new account's, or one an administrator
/// issued with a reset): it must be replaced at the next sign-in. Accounts made before this
/// migration keep the passwords they have.
struct M0044_UpdateOfficersAddOneTimePassword: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("officers").field("must_change_password", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("officers").deleteField("must_change_password").update()
    }
}
