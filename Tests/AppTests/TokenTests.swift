@testable import App
import Foundation
import SQLKit
import Testing

/// Bearer tokens expire, and are listed and revoked by their owner and by an administrator
/// within reach (issue 21, item 6).
@Suite("Bearer tokens")
struct TokenTests {
    func issue(_ world: TestWorld, _ username: String, label: String) async throws -> (token: String, reply: TestWorld.Reply) {
        let reply = try await world.send(.POST, "/api/v1/auth/token", json: ["username": username, "password": TestWorld.password, "label": label])
        #expect(reply.status == .created, "\(reply.text)")
        return (try #require(reply.json["token"] as? String), reply)
    }

    @Test("a token expires MINYI_TOKEN_DAYS after it was issued, and says when")
    func expiry() async throws {
        try await withWorld { world in
            let (token, reply) = try await issue(world, "a-officer", label: "script")
            let expiresAt = try #require((reply.json["expiresAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(expiresAt.timeIntervalSince(world.app.clock.now()) - 30 * 86400) < 2)
            world.app.clock.advance(by: 30 * 86400 - 60)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .ok)
            world.app.clock.advance(by: 61)
            let expired = try await world.send(.GET, "/api/v1/me", bearer: token)
            #expect(expired.status == .unauthorized && expired.text.contains("expired"), "\(expired.text)")
        }
    }

    @Test("an officer lists and revokes his own tokens, never another's")
    func ownTokens() async throws {
        try await withWorld { world in
            let (first, _) = try await issue(world, "a-officer", label: "报表脚本")
            let (second, _) = try await issue(world, "a-officer", label: "夜间同步")
            let (foreign, _) = try await issue(world, "b-officer", label: "other")
            let listed = try await world.send(.GET, "/api/v1/me/tokens", bearer: first).jsonArray
            #expect(Set(listed.compactMap { $0["label"] as? String }) == ["报表脚本", "夜间同步"])
            #expect(!listed.description.contains(first) && !listed.description.contains(second), "tokens are never shown again")
            let secondID = SecretToken.digest(second)
            #expect(try await world.send(.DELETE, "/api/v1/me/tokens/\(SecretToken.digest(foreign))", bearer: first).status == .notFound)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: foreign).status == .ok, "another's token is untouched")
            #expect(try await world.send(.DELETE, "/api/v1/me/tokens/\(secondID)", bearer: first).status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: second).status == .unauthorized)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: first).status == .ok)
            #expect(try await world.send(.DELETE, "/api/v1/me/tokens/\(secondID)", bearer: first).status == .notFound, "revoked once")
            let audited = try await world.app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_events WHERE kind = 'tokenRevoked'").first()?.decode(column: "n", as: Int.self)
            #expect(audited == 1)
        }
    }

    @Test("an administrator lists and revokes tokens within reach only, and not his own through the officers route")
    func administratorRevokes() async throws {
        try await withWorld { world in
            try await world.addOfficer("b-admin", role: .administrator, unit: world.stationB)
            let (token, _) = try await issue(world, "a-officer", label: "script")
            let id = world.id("a-officer")
            #expect(try await world.send(.GET, "/api/v1/officers/\(id)/tokens", as: "b-admin").status == .notFound, "beside: not found")
            #expect(try await world.send(.GET, "/api/v1/officers/\(id)/tokens", as: "a-chief").status == .forbidden, "not an administrator")
            #expect(try await world.send(.DELETE, "/api/v1/officers/\(id)/tokens/\(SecretToken.digest(token))", as: "b-admin").status == .notFound)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .ok)
            let listed = try await world.send(.GET, "/api/v1/officers/\(id)/tokens", as: "admin").jsonArray
            #expect(listed.compactMap { $0["id"] as? String } == [SecretToken.digest(token)])
            #expect(try await world.send(.DELETE, "/api/v1/officers/\(id)/tokens/\(SecretToken.digest(token))", as: "admin").status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .unauthorized)
            let own = try await world.send(.GET, "/api/v1/officers/\(world.id("admin"))/tokens", as: "admin")
            #expect(own.status == .unprocessableEntity && own.invalidParams == ["officerID"], "\(own.text)")
        }
    }
}
