import Fluent
import Foundation
import Vapor

extension API {
    /// The annual report's figures as JSON, for the officer's unit or one under it.
    enum ReportsController {
        struct Query: Content { let year: Int?; let unit: Int? }

        @Sendable static func annual(req: Request) async throws -> Barometer.Figures {
            let who = try req.officer()
            guard !who.isAdministrator else { throw AppError.forbidden("administrators do not read the ledgers") }
            let query = try req.query.decode(Query.self)
            guard let year = query.year, (2000...2100).contains(year) else { throw AppError.invalid("year", "give a year such as 2023") }
            let scope = try await BarometerScope.resolve(query.unit, for: who, on: req.db)
            return try await Barometer(app: req.application, scope: scope)
                .figures(from: Barometer.start(year: year), to: Barometer.start(year: year + 1))
        }
    }
}
