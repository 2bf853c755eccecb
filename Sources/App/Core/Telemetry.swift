import CoreMetrics
import Foundation
import Prometheus
import Vapor

/// The process's metrics, in Prometheus text at `/metrics`: Vapor's HTTP request counters and
/// durations (reported through swift-metrics once it is bootstrapped here) and Minyi's own
/// `minyi_*` series. Counted where things happen; the state of the ledgers and the outbox is
/// read when a scraper asks.
enum Telemetry {
    static let registry = PrometheusCollectorRegistry()
    static let path = "/metrics"

    /// swift-metrics takes one backend per process; every `configure` asks, the first one sets it.
    private static let bootstrapped: Void = { MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry)) }()
    /// Also registers every series up front, so a scraper sees each from the start (at zero).
    static func bootstrap() {
        _ = bootstrapped
        _ = (escalations, outboxFailures, signInFailures, writeBatchSize, writeCommit, outboxBacklog, outboxFailed, openRectifications)
    }

    static let escalations = registry.makeCounter(name: "minyi_escalations_total",
                                                  help: "Overdue matters and rectification tasks chased up to the next level")
    static let outboxFailures = registry.makeCounter(name: "minyi_outbox_send_failures_total",
                                                     help: "Notifications the gateway refused or failed to take (each retried with back-off)")
    static let signInFailures = registry.makeCounter(name: "minyi_sign_in_failures_total",
                                                     help: "Wrong passwords and wrong second-factor codes")
    static let writeBatchSize = registry.makeValueHistogram(name: "minyi_write_batch_size", buckets: [1, 2, 4, 8, 16, 32, 64],
                                                            help: "Writes sharing one SQLite commit (group commit)")
    static let writeCommit = registry.makeDurationHistogram(
        name: "minyi_write_commit_seconds",
        buckets: [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                  .milliseconds(100), .milliseconds(250), .seconds(1)],
        help: "Time from a batch's first statement to its durable commit")

    private static let jobBuckets: [Duration] = [.milliseconds(10), .milliseconds(50), .milliseconds(250), .seconds(1), .seconds(5), .seconds(30)]

    static func jobDuration(_ job: String) -> DurationHistogram {
        registry.makeDurationHistogram(name: "minyi_job_duration_seconds", labels: [("job", job)], buckets: jobBuckets,
                                       help: "How long each background job took (deadline sweep, outbox, …)")
    }

    static func jobFailures(_ job: String) -> Prometheus.Counter {
        registry.makeCounter(name: "minyi_job_failures_total", labels: [("job", job)], help: "Background job runs that failed and wait for the next run")
    }

    static func openMatters(level: String) -> Prometheus.Gauge {
        registry.makeGauge(name: "minyi_open_matters", labels: [("level", level)], help: "Matters not closed or declined, by the owning unit's level")
    }

    static func overdueMatters(level: String) -> Prometheus.Gauge {
        registry.makeGauge(name: "minyi_overdue_matters", labels: [("level", level)], help: "Open matters past their stage's deadline, by level")
    }

    static let outboxBacklog = registry.makeGauge(name: "minyi_outbox_backlog", help: "Notifications waiting to be sent")
    static let outboxFailed = registry.makeGauge(name: "minyi_outbox_failed", help: "Notifications given up after every retry")
    static let openRectifications = registry.makeGauge(name: "minyi_open_rectifications", help: "差评 rectification tasks awaiting work")

    /// The ledgers' and the outbox's state now, then every series in Prometheus text.
    static func scrape(_ app: Application) async throws -> String {
        let now = app.clock.now()
        for level in ["city", "district", "station"] {
            openMatters(level: level).set(Int64(0))
            overdueMatters(level: level).set(Int64(0))
        }
        for row in try await MatterStore.openByLevel(now: now, on: app.db) {
            openMatters(level: row.kind).set(Int64(row.open))
            overdueMatters(level: row.kind).set(Int64(row.overdue))
        }
        let outbox = try await Outbox.backlog(on: app.db)
        outboxBacklog.set(Int64(outbox.pending))
        outboxFailed.set(Int64(outbox.failed))
        openRectifications.set(Int64(try await RectificationStore.openCount(on: app.db)))
        return registry.emitToString()
    }

    /// `/metrics`: for a scraper on this machine, or one presenting MINYI_METRICS_TOKEN.
    @Sendable static func serve(req: Request) async throws -> Response {
        let loopback = ["127.0.0.1", "::1"].contains(req.clientAddress)
        var authorised = loopback
        if !authorised, let token = req.application.config.metricsToken, let presented = req.headers.bearerAuthorization?.token {
            authorised = SecretToken.digest(presented) == SecretToken.digest(token)
        }
        guard authorised else {
            throw AppError.forbidden("metrics are served to this machine, or to a scraper with the metrics token")
        }
        return Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store"],
                        body: .init(string: try await scrape(req.application)))
    }
}
