import Fluent
import LedgerCore
import Vapor

/// A fresh install has no default account: the first `serve` creates the city bureau and one
/// administrator with a random one-time password, printed once to the console.
enum FirstRun {
    static let cityName = "西安市公安局"

    static func ensureCityAndAdministrator(_ app: Application) async throws {
        guard try await UnitStore.units(kind: .city, limit: 1, on: app.db).isEmpty else { return }
        let password = SecretToken.password()
        let hash = try await app.auth.hashPassword(password)
        let now = app.clock.now()
        try await app.write { db in
            let city = Unit(name: cityName, kind: .city, parent: nil)
            try await city.create(on: db)
            let admin = Officer(username: "admin", displayName: "系统管理员", role: .administrator, unitID: city.id!, passwordHash: hash,
                                oneTimePassword: true)
            try await admin.create(on: db)
            try await AuditLog.append(on: db, kind: .installed, matterID: nil, actorID: nil,
                                      fields: ["city": String(city.id!), "administrator": String(admin.id!)], at: now)
        }
        print("""

            Minyi: a new installation. The city bureau '\(cityName)' and its administrator were created.
              username: admin
              password: \(password)
            This password is shown only now and works once: the first sign-in sets your own (and, in
            production, enrols your authenticator). Or run `minyi seed --demo` for a demo city.

            """)
    }
}
