import PostgresNIO
import Foundation
import Vapor

/// Turns every error into RFC 9457 problem+json for the API, or a page with the message for
/// people. Server errors are logged without request bodies, which may hold personal data.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: req)
        } catch {
            let problem = Self.problem(for: error)
            var headers: HTTPHeaders = [:]
            if let seconds = (error as? AppError)?.retryAfter { headers.replaceOrAdd(name: .retryAfter, value: String(max(1, seconds))) }
            if problem.status >= 500 {
                req.logger.error("\(req.method) \(req.routePattern) failed: \(String(reflecting: type(of: error))) \(error)")
            }
            let wantsPage = !req.url.path.hasPrefix("/api/") && !req.url.path.hasPrefix("/openapi")
            if wantsPage {
                if problem.status == 401 { return req.redirect(to: Page.signIn.path) }
                let html = ErrorPage(problem: problem, language: PageLanguage.of(req)).render()
                headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
                return Response(status: .init(statusCode: problem.status), headers: headers, body: .init(string: html))
            }
            // Encoded by hand: Vapor has no encoder registered for application/problem+json.
            let body = (try? Self.encoder.encode(problem)) ?? Data(#"{"title":"Internal Server Error","status":500}"#.utf8)
            headers.replaceOrAdd(name: .contentType, value: "application/problem+json; charset=utf-8")
            return Response(status: .init(statusCode: problem.status), headers: headers, body: .init(data: body))
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func problem(for error: any Error) -> Problem {
        switch error {
        case let error as AppError:
            return Problem(type: "about:blank", title: error.title, status: Int(error.status.code), detail: error.detail,
                           invalidParams: error.invalidParams.isEmpty ? nil : error.invalidParams)
        case let error as DecodingError:
            let (field, reason) = describe(error)
            return Problem(type: "about:blank", title: "Invalid input", status: 422, detail: "\(field): \(reason)",
                           invalidParams: [.init(name: field, reason: reason)])
        case let error where String(reflecting: type(of: error)).contains("Multipart"):
            return Problem(type: "about:blank", title: "Invalid input", status: 422, detail: "body: is not valid multipart/form-data",
                           invalidParams: [.init(name: "body", reason: "is not valid multipart/form-data")])
        case let error where isUniqueViolation(error):
            return Problem(type: "about:blank", title: "Conflict", status: 409, detail: "this already exists (a concurrent request may have made it first)",
                           invalidParams: nil)
        case let error as any AbortError where [.badRequest, .unprocessableEntity].contains(error.status) && error.reason == error.status.reasonPhrase:
            // Vapor refused the body without saying why (empty, or not the declared type).
            return Problem(type: "about:blank", title: "Invalid input", status: 422, detail: "body: could not be read as the declared content type",
                           invalidParams: [.init(name: "body", reason: "could not be read as the declared content type")])
        case let error as any AbortError:
            return Problem(type: "about:blank", title: error.status.reasonPhrase, status: Int(error.status.code), detail: error.reason, invalidParams: nil)
        default:
            return Problem(type: "about:blank", title: "Internal Server Error", status: 500, detail: "something went wrong on our side; nothing was saved", invalidParams: nil)
        }
    }

    /// A unique constraint refused a write: a duplicate, not a server fault.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        if let error = error as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        let text = String(describing: error)
        return text.contains("UNIQUE constraint failed")
    }

    /// Names the field a body failed on, as `complainants[0].phone`.
    static func describe(_ error: DecodingError) -> (String, String) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context):
            return (path(context.codingPath), "is required")
        case .typeMismatch(let type, let context):
            return (path(context.codingPath), "must be \(readable(type))")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return field.isEmpty ? ("body", "is not valid JSON or form data") : (field, "has a value that is not allowed")
        @unknown default:
            return ("body", "could not be read")
        }
    }

    private static func readable(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int?.Type: "a whole number"
        case is String.Type, is String?.Type: "text"
        case is Bool.Type, is Bool?.Type: "true or false"
        default: "of another type"
        }
    }
}
