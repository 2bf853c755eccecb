import Fluent
import NIOCore
import Vapor

/// Background work of a running server. Each instance runs it; the work itself claims rows
/// so two instances never do the same step twice.
enum Scheduler {
    static func start(_ app: Application) {
        let interval = TimeAmount.seconds(Int64(app.config.sweepInterval))
        app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: interval) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    let report = try await app.deadlineSweep.run()
                    if report.stepsRecorded > 0 { app.logger.info("deadline sweep recorded \(report.stepsRecorded) chase steps") }
                    try await Outbox.dispatch(app, sender: app.notificationSender)
                    try await MatterTallies.fold(app)
                    try await SessionJanitor.removeExpired(app)
                    try await app.rateLimiter.prune()
                } catch {
                    app.logger.error("background sweep failed: \(error)")
                }
            }
        }
    }
}

/// Deletes sessions past their idle or absolute timeout.
enum SessionJanitor {
    static func removeExpired(_ app: Application) async throws {
        let now = app.clock.now()
        let idleCutoff = now.addingTimeInterval(-app.config.idleTimeout)
        let absoluteCutoff = now.addingTimeInterval(-app.config.absoluteTimeout)
        try await app.write { (db: any Database) async throws -> Void in
            try await SessionStore.deleteExpired(idleSince: idleCutoff, startedBefore: absoluteCutoff, on: db)
        }
    }
}
