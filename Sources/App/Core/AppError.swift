import LedgerCore
import Vapor

/// The one error type of the application, rendered as RFC 9457 problem+json for the API
/// and as a message on the page for the staff pages.
package struct AppError: Error, AbortError, Sendable {
    package struct InvalidParam: Content, Sendable {
        let name: String
        let reason: String
    }

    package let status: HTTPResponseStatus
    let title: String
    let detail: String
    var invalidParams: [InvalidParam] = []
    /// Seconds after which trying again may succeed (a rate limit, a full upload queue, a
    /// commit to resend); sent as `Retry-After`.
    var retryAfter: Int?

    package var reason: String { detail }

    package static func invalid(_ field: String, _ reason: String) -> AppError {
        AppError(status: .unprocessableEntity, title: "Invalid input", detail: "\(field): \(reason)",
                 invalidParams: [.init(name: field, reason: reason)])
    }

    package static func notFound(_ what: String) -> AppError {
        AppError(status: .notFound, title: "Not found", detail: "\(what) was not found")
    }

    static let unauthorized = AppError(status: .unauthorized, title: "Not signed in", detail: "sign in first")
    static func forbidden(_ detail: String) -> AppError { AppError(status: .forbidden, title: "Forbidden", detail: detail) }
    package static func conflict(_ detail: String, field: String? = nil) -> AppError {
        AppError(status: .conflict, title: "Conflict", detail: detail,
                 invalidParams: field.map { [.init(name: $0, reason: detail)] } ?? [])
    }

    /// Something that existed and is no longer usable (a spent or expired link).
    static func gone(_ detail: String, field: String) -> AppError {
        AppError(status: .gone, title: "Gone", detail: detail, invalidParams: [.init(name: field, reason: detail)])
    }

    /// Runs a rule of `LedgerCore`; its refusal is answered as `init(_:)` maps it.
    static func checking<T>(_ rule: () throws(LedgerError) -> T) throws(AppError) -> T {
        do { return try rule() } catch { throw AppError(error) }
    }

    /// Maps the domain's refusals: an illegal transition is a conflict with the matter's state.
    init(_ error: LedgerError) {
        switch error {
        case .notPermitted(let why):
            self.init(status: .forbidden, title: "Forbidden", detail: why)
        case .invalid(let field, let reason):
            self.init(status: .unprocessableEntity, title: "Invalid input", detail: error.description,
                      invalidParams: [.init(name: field, reason: reason)])
        case .unknownComplainant:
            self.init(status: .unprocessableEntity, title: "Invalid input", detail: error.description,
                      invalidParams: [.init(name: "complainantId", reason: error.description)])
        case .closureGateRefused(let gaps):
            self.init(status: .conflict, title: "Closure refused", detail: error.description,
                      invalidParams: gaps.map { .init(name: $0.field, reason: $0.description) })
        case .illegalTransition, .alreadyReplied, .notReplied, .alreadyRated, .notReportedUnreachable:
            self.init(status: .conflict, title: "Not allowed now", detail: error.description,
                      invalidParams: [.init(name: "status", reason: error.description)])
        }
    }

    package init(status: HTTPResponseStatus, title: String, detail: String, invalidParams: [InvalidParam] = [], retryAfter: Int? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.invalidParams = invalidParams
        self.retryAfter = retryAfter
    }
}

/// The RFC 9457 body.
struct Problem: Content {
    let type: String
    let title: String
    let status: Int
    let detail: String
    let invalidParams: [AppError.InvalidParam]?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail
        case invalidParams = "invalid-params"
    }
}
