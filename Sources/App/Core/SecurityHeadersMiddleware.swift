import Vapor

/// Headers on every response: no inline scripts, no framing, no sniffing, no referrer leaks, no
/// caching of what was not meant to be cached, and HSTS when the bureau serves over https.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: req)
        let headers = [
            ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own forms.
            ("Referrer-Policy", "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // Nothing is kept by a browser or a proxy unless its route says it may be (the
        // stylesheet): sign-in, staff pages, tracking pages and API answers carry personal data.
        if !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if let publicURL = req.application.config.publicURL, publicURL.lowercased().hasPrefix("https://") {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}
