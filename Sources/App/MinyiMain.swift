import Foundation
import NIOCore
import NIOPosix
import Logging
import Vapor

/// The entry point behind the `minyi` executable.
public enum MinyiMain {
    /// `tools` are commands kept out of the product (the simulation, the benchmark loader),
    /// registered beside its own.
    public static func run(tools: [(name: String, command: any AsyncCommand)] = []) async {
        // Swift concurrency runs on NIO's event loops instead of a pool of its own: every
        // database statement otherwise hops event loop → executor → event loop, and those
        // thread switches were a third of the CPU time of a simulated year.
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        do {
            var config = try AppConfig.fromEnvironment()
            var env = try Environment.detect()
            if config.logFormat == .json {
                try LoggingSystem.bootstrap(from: &env) { level in { label in JSONLogHandler(label: label, level: level) } }
            } else {
                try LoggingSystem.bootstrap(from: &env)
            }
            let app = try await Application.make(env)
            let arguments = Array(env.arguments.dropFirst())
            let command = arguments.first
            let asksForHelp = arguments.contains("--help") || arguments.contains("-h")
            config.runsServer = (command == nil || command == "serve") && !asksForHelp
            // Commands that read or write data migrate first; help, `routes`, `migrate` itself,
            // `config` and `restore` (which needs the database empty until it has put the backup
            // there) do not.
            config.finishesKeyRotation = command == "key"
            config.usesData = config.runsServer || (!asksForHelp && command != nil && !["routes", "migrate", "restore", "config"].contains(command!))
            do {
                try await configure(app, config: config)
                for tool in tools { app.asyncCommands.use(tool.command, as: tool.name) }
                try await app.execute()
            } catch {
                app.logger.report(error: error)
                try? await app.asyncShutdown()
                exit(1)
            }
            try await app.asyncShutdown()
        } catch {
            FileHandle.standardError.write(Data("minyi: \(error)\n".utf8))
            exit(1)
        }
    }
}
