import Foundation
import Logging
import NIOConcurrencyHelpers
import Vapor

/// One log line per request: the request id, the route's pattern (never the path a client sent,
/// which may carry a link's token), the status and the time taken. Nothing from the body or the
/// query: those are where residents' personal data travels.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: req)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        // The application's logger, whose level the operator (and the tests) set, with the request's id.
        var logger = req.application.logger
        logger[metadataKey: "request-id"] = .string(req.id)
        logger.info("request", metadata: [
            "method": .string(req.method.rawValue),
            "route": .string(req.routePattern),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.1f", milliseconds)),
        ])
        return response
    }
}

extension Request {
    /// The route this request matched, as registered (`/api/v1/matters/:matterID`), or a fixed
    /// word when none did: what a log may say about where a request went.
    var routePattern: String {
        guard let route else { return "(no route)" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

/// MINYI_LOG_FORMAT=json: every log line one JSON object (time, level, logger, message and the
/// metadata, e.g. the request id), for a log shipper to read without parsing prose.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    private let write: @Sendable (String) -> Void

    init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil,
         write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
             file: String, function: String, line: UInt) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit { merged.merge(explicit) { _, new in new } }
        var object: [String: Any] = merged.mapValues(Self.plain)
        object["time"] = Self.timestamp()
        object["level"] = level.rawValue
        object["logger"] = label
        object["message"] = message.description
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self))
    }

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value): value.description
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
    }

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    private static let lock = NIOLock()

    /// Whole lines, one writer at a time, so two threads never interleave a line.
    @Sendable static func standardOutput(_ line: String) {
        lock.withLock { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    }
}
