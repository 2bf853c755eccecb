import Vapor

/// `minyi sweep`: chases overdue matters once, as the server does every minute.
struct SweepCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Runs the deadline sweep once: records chase steps for overdue matters." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let report = try await context.application.deadlineSweep.run()
        context.console.print("examined \(report.examined) overdue matters, recorded \(report.stepsRecorded) chase steps")
    }
}
