import Vapor

/// The stylesheet, served from the binary: no inline styles, so the CSP can forbid them.
enum AssetsController {
    @Sendable static func stylesheet(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600"],
                 body: .init(string: Stylesheet.css))
    }
}
