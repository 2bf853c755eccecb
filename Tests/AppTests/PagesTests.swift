@testable import App
import Foundation
import Testing

@Suite("Staff pages")
struct PagesTests {
    static let payloads = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)"]

    @Test("what people typed comes out escaped on every page that shows it")
    func escaping() async throws {
        try await withWorld { world in
            let payload = Self.payloads.joined(separator: " ")
            let id = try await world.register(summary: String(payload.prefix(200)))
            let (cookie, _) = try await world.signInWithCookie("a-chief")
            for path in ["/matters", "/matters/\(id)", "/matters?q=" + "%22%3E%3Cscript%3E"] {
                let page = try await world.send(.GET, path, cookie: cookie)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.text.contains("<script>alert"), "\(path)")
                #expect(!page.text.contains("<img src=x"), "\(path)")
                #expect(!page.text.contains("\"><script"), "\(path)")
            }
            let page = try await world.send(.GET, "/matters/\(id)", cookie: cookie)
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test("security headers on every page")
    func headers() async throws {
        try await withWorld { world in
            let (cookie, _) = try await world.signInWithCookie("a-chief")
            for path in ["/signin", "/matters", "/matters/new", "/assets/app.css", "/api/v1/me", "/nope"] {
                let page = try await world.send(.GET, path, cookie: cookie)
                let csp = page.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
                #expect(csp.contains("frame-ancestors 'none'"), "\(path)")
                #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(page.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
            }
        }
    }

    @Test("the matter page offers exactly the actions this officer may take now")
    func actionsOffered() async throws {
        try await withWorld { world in
            let id = try await world.register()
            func forms(_ username: String) async throws -> [String] {
                let page = try await world.send(.GET, "/matters/\(id)", cookie: try await world.signInWithCookie(username).cookie)
                return page.text.matches(of: /class="action action-([A-Za-z]+)"/).map { String($0.1) }
            }
            #expect(Set(try await forms("a-chief")) == ["vet", "decline"])
            #expect(try await forms("a-officer").isEmpty)
            try await world.expectOK(world.act(id, "vet", as: "a-chief", ["ledger": "demand"]))
            #expect(Set(try await forms("a-officer")) == ["handle"])
            #expect(Set(try await forms("d1-chief")).isEmpty)
        }
    }

    @Test("a refused form shows the reason naming the field and keeps what was typed")
    func refusedForm() async throws {
        try await withWorld { world in
            let (cookie, csrf) = try await world.signInWithCookie("a-officer")
            let reply = try await world.send(.POST, "/matters", cookie: cookie, form: [
                "csrf": csrf, "summary": "楼下烧烤店油烟扰民", "channel": "walkIn", "name": "李四", "phone": "12345"])
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.text.contains("complainants[0].phone"))
            #expect(reply.text.contains("楼下烧烤店油烟扰民"))
            let list = try await world.send(.GET, "/api/v1/matters", as: "a-officer").json["items"] as? [[String: Any]] ?? []
            #expect(list.isEmpty)
        }
    }
}
