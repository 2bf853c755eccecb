import Fluent
import LedgerCore
import Vapor

/// `minyi seed --demo`: loads a demo Xi'an with officers in every role.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "demo", help: "Load the demo city: Xi'an's 13 district and county bureaus, stations, partner bodies, officers, and a service catalogue with halls, windows and bookable slots.")
        var demo: Bool
    }

    var help: String { "Loads demo data (the city of Xi'an, its units and officers); prints each demo officer's password once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.demo else {
            context.console.error("Nothing to do: pass --demo to load the demo city.")
            throw AppError.invalid("--demo", "required")
        }
        let accounts = try await DemoCity.load(into: context.application)
        try await DemoServices.load(into: context.application)
        context.console.print("Demo city loaded. Officers and their one-time passwords (shown only now):")
        for account in accounts {
            context.console.print("  \(account.username)\t\(account.password)\t\(account.role.rawValue)\t\(account.unit)")
        }
    }
}
