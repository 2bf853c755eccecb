import Fluent
import NIOCore
import Vapor

/// Background work of a running server. Each instance runs it; the work itself claims rows
/// so two instances never do the same step twice.
enum Scheduler {
    static func start(_ app: Application) {
        let interval = TimeAmount.seconds(Int64(app.config.sweepInterval))
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: interval) { _ in
            app.eventLoopGroup.next().makeFutureWithTask { await runOnce(app) }
        }
        app.storage[TaskKey.self] = task
    }

    /// Cancels the repeated run and waits for a run under way to finish its jobs, so none is
    /// cut off by the database closing under it.
    static func stop(_ app: Application) async {
        guard let task = app.storage[TaskKey.self] else { return }
        app.storage[TaskKey.self] = nil
        let stopped = app.eventLoopGroup.next().makePromise(of: Void.self)
        task.cancel(promise: stopped)
        try? await stopped.futureResult.get()
    }

    static func isRunning(_ app: Application) -> Bool { app.storage[TaskKey.self] != nil }

    private struct TaskKey: StorageKey { typealias Value = RepeatedTask }

    /// The background jobs, in order. A job that fails is logged and tried again at the next
    /// run; the jobs after it still run.
    static let jobs: [(name: String, run: @Sendable (Application) async throws -> Void)] = [
        ("deadline sweep", { app in
            let report = try await app.deadlineSweep.run()
            if report.stepsRecorded > 0 { app.logger.info("deadline sweep recorded \(report.stepsRecorded) chase steps") }
        }),
        ("outbox", { app in try await Outbox.dispatch(app, sender: app.notificationSender) }),
        ("tallies", { app in try await MatterTallies.fold(app) }),
        ("sessions", { app in try await SessionJanitor.removeExpired(app) }),
        ("rate limits", { app in try await app.rateLimiter.prune() }),
        ("application files", { app in try await ApplicationFileKeeper.purgeExpired(app) }),
        ("older texts", { app in _ = try await TextPersonalData.sealOlderTexts(app) }),
        ("rating reminders", { app in try await RatingLinks.remind(app) }),
        ("re-checks", { app in try await app.rechecks.draw() }),
        ("rectifications", { app in try await app.rectifications.chase() }),
    ]

    /// Runs every job once; returns the names of those that failed.
    @discardableResult
    static func runOnce(_ app: Application, jobs: [(name: String, run: @Sendable (Application) async throws -> Void)] = jobs) async -> [String] {
        var failed: [String] = []
        for job in jobs {
            let started = ContinuousClock.now
            defer { Telemetry.jobDuration(job.name).record(ContinuousClock.now - started) }
            do {
                try await job.run(app)
            } catch {
                Telemetry.jobFailures(job.name).increment()
                failed.append(job.name)
                app.logger.error("background job \(job.name) failed, to be retried at the next run: \(error)")
            }
        }
        return failed
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
