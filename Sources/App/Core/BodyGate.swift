import NIOConcurrencyHelpers
import Vapor

/// How large a request body a route takes, and whether strangers send it. Checked by
/// `BodyGate` before a byte of the body is read.
struct BodyLimit: Sendable {
    let bytes: Int
    /// Files sent by residents without signing in: counted against the cap of uploads at once
    /// and the sender's submission limit before the body is read, and streamed by the route's
    /// handler to a temporary file (`UploadSpool`) rather than held in memory.
    let isPublicUpload: Bool

    /// Staff forms and JSON: the longest field (meeting minutes, 20,000 characters) fits many times.
    static let staff = BodyLimit(bytes: 1 << 20, isPublicUpload: false)
    /// A resident's message, booking, look-up or rating: a few KB of text.
    static let residentForm = BodyLimit(bytes: 64 << 10, isPublicUpload: false)
    /// An online application: up to five files of 5 MB and the form around them.
    static let application = BodyLimit(bytes: 5 * ApplicationService.maxFileSize + (256 << 10), isPublicUpload: true)

    /// Public uploads one instance receives at once; more are told to come back (429).
    static let concurrentPublicUploads = 4

    fileprivate static let key = "minyi.bodyLimit"
}

extension Route {
    /// Declares the body this route takes; routes that declare none take `BodyLimit.staff`.
    @discardableResult
    func body(_ limit: BodyLimit) -> Route {
        userInfo[BodyLimit.key] = limit
        return self
    }

    var bodyLimit: BodyLimit { (userInfo[BodyLimit.key] as? BodyLimit) ?? .staff }
}

/// Refuses a body before reading it: 413 when its declared length is over the route's limit,
/// 429 (with `Retry-After`) when the sender has spent its submissions or too many strangers
/// are uploading at once. A body sent without a length is cut at the limit while it is read:
/// here for forms, by `UploadSpool` for public uploads (which their handlers stream to disk).
struct BodyGate: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let route = req.route, req.method != .GET, req.method != .HEAD else { return try await next.respond(to: req) }
        let limit = route.bodyLimit
        if let length = req.headers.first(name: .contentLength).flatMap(Int.init), length > limit.bytes {
            throw Self.tooLarge(limit)
        }
        guard limit.isPublicUpload else {
            // Read here, within the limit, so a body sent without a length is cut at the
            // route's own limit and not at Vapor's default; the route then finds it read.
            do {
                _ = try await req.body.collect(max: limit.bytes + 1).get()
            } catch let error as any AbortError where error.status == .payloadTooLarge {
                throw Self.tooLarge(limit)
            }
            return try await next.respond(to: req)
        }
        try await req.application.rateLimiter.refuseIfSpent(RateLimiter.submissionPerIP, key: req.clientAddress)
        let uploads = req.application.uploadSlots
        guard uploads.take() else {
            throw AppError(status: .tooManyRequests, title: "Too many uploads",
                           detail: "too many files are being sent at this moment; try again in a minute", retryAfter: 30)
        }
        defer { uploads.give() }
        return try await next.respond(to: req)
    }

    static func tooLarge(_ limit: BodyLimit) -> AppError {
        AppError(status: .payloadTooLarge, title: "Too large",
                 detail: "body: must be at most \(limit.bytes / 1024) KB",
                 invalidParams: [.init(name: "body", reason: "must be at most \(limit.bytes / 1024) KB")])
    }
}

/// A count of uploads in progress on this instance, with a fixed capacity.
final class UploadSlots: Sendable {
    private let inUse = NIOLockedValueBox(0)
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func take() -> Bool {
        inUse.withLockedValue { count in
            guard count < capacity else { return false }
            count += 1
            return true
        }
    }

    func give() { inUse.withLockedValue { $0 -= 1 } }

    var count: Int { inUse.withLockedValue { $0 } }
}

extension Application {
    private struct UploadSlotsKey: StorageKey { typealias Value = UploadSlots }

    /// This instance's public uploads in progress.
    var uploadSlots: UploadSlots {
        if let slots = storage[UploadSlotsKey.self] { return slots }
        let slots = UploadSlots(capacity: BodyLimit.concurrentPublicUploads)
        storage[UploadSlotsKey.self] = slots
        return slots
    }
}
