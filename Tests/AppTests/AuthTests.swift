@testable import App
import Fluent
import Foundation
import LedgerCore
import Testing
import SQLKit
import Vapor

@Suite("Sign-in, sessions and tokens")
struct AuthTests {
    @Test("the session id changes at sign-in and the old one is dead")
    func sessionRotates() async throws {
        try await withWorld { world in
            let page = try await world.send(.GET, "/signin")
            let anonymous = try #require(page.setCookie)
            let csrf = try #require(TestWorld.csrf(in: page.text))
            let reply = try await world.send(.POST, "/signin", cookie: anonymous,
                                             form: ["csrf": csrf, "username": "a-chief", "password": TestWorld.password])
            #expect(reply.status == .seeOther)
            let signedIn = try #require(reply.setCookie)
            #expect(signedIn != anonymous)
            let cookieLine = try #require(reply.headers["set-cookie"].first)
            for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] { #expect(cookieLine.contains(attribute)) }
            #expect(try await world.send(.GET, "/matters", cookie: signedIn).status == .ok)
            // The pre-sign-in session no longer exists: replaying it gets no access.
            let replay = try await world.send(.GET, "/matters", cookie: anonymous)
            #expect(replay.status == .seeOther)
            #expect(replay.headers.first(name: .location) == "/signin")
        }
    }

    @Test("a forged session cookie or bearer token is refused")
    func forgeries() async throws {
        try await withWorld { world in
            let forged = try await world.send(.GET, "/api/v1/me", cookie: SecretToken.make())
            #expect(forged.status == .unauthorized)
            let bearer = try await world.send(.GET, "/api/v1/me", bearer: "my_" + SecretToken.make())
            #expect(bearer.status == .unauthorized)
            let (cookie, _) = try await world.signInWithCookie("a-chief")
            #expect(try await world.send(.GET, "/api/v1/me", cookie: cookie).status == .ok)
            // The cookie's hash is what is stored: presenting the stored value does not work.
            #expect(try await world.send(.GET, "/api/v1/me", cookie: SecretToken.digest(cookie)).status == .unauthorized)
        }
    }

    @Test("five failures lock the account for five minutes; an unknown user, a wrong password and a locked account get the same answer")
    func lockout() async throws {
        try await withWorld { world in
            let wrong = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": "wrong 1"])
            for attempt in 2...5 {
                let reply = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": "wrong \(attempt)"])
                #expect(reply.status == .unauthorized && reply.body == wrong.body)
            }
            let locked = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": TestWorld.password])
            let unknown = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "nobody", "password": "x"])
            #expect(locked.status == .unauthorized && unknown.status == .unauthorized && wrong.status == .unauthorized)
            #expect(locked.body == wrong.body && unknown.body == wrong.body, "\(locked.text) \(unknown.text) \(wrong.text)")
            #expect(locked.headers.first(name: "Retry-After") == nil, "a lock is not revealed")
            world.app.clock.advance(by: 4 * 60)
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": TestWorld.password]).status == .unauthorized)
            world.app.clock.advance(by: 61)
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": TestWorld.password]).status == .created)
            #expect(unknown.json["detail"] as? String == "wrong username or password")
        }
    }

    @Test("idle timeout after 15 minutes and absolute timeout after 12 hours")
    func timeouts() async throws {
        try await withWorld { world in
            var (cookie, _) = try await world.signInWithCookie("a-chief")
            world.app.clock.advance(by: 14 * 60)
            #expect(try await world.send(.GET, "/api/v1/me", cookie: cookie).status == .ok)
            world.app.clock.advance(by: 14 * 60)  // still alive: the last request was 14 minutes ago
            #expect(try await world.send(.GET, "/api/v1/me", cookie: cookie).status == .ok)
            world.app.clock.advance(by: 16 * 60)
            #expect(try await world.send(.GET, "/api/v1/me", cookie: cookie).status == .unauthorized)

            (cookie, _) = try await world.signInWithCookie("a-chief")
            for _ in 0..<(12 * 6) {
                world.app.clock.advance(by: 10 * 60)
                _ = try await world.send(.GET, "/api/v1/me", cookie: cookie)
            }
            world.app.clock.advance(by: 10 * 60)
            #expect(try await world.send(.GET, "/api/v1/me", cookie: cookie).status == .unauthorized)
        }
    }

    @Test("sign-out and disabling an account end sessions and tokens on the server")
    func signOutAndDisable() async throws {
        try await withWorld { world in
            let (cookie, csrf) = try await world.signInWithCookie("a-chief")
            let out = try await world.send(.POST, "/signout", cookie: cookie, form: ["csrf": csrf])
            #expect(out.status == .seeOther)
            #expect(try await world.send(.GET, "/api/v1/me", cookie: cookie).status == .unauthorized)

            let (officerCookie, _) = try await world.signInWithCookie("a-officer")
            let token = try await world.token(for: "a-officer")
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .ok)
            // A revoked token is refused; the officer's other tokens still work.
            let issued = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": TestWorld.password])
            let spare = try #require(issued.json["token"] as? String)
            #expect(try await world.send(.DELETE, "/api/v1/auth/token", bearer: spare).status == .noContent)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: spare).status == .unauthorized)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .ok)
            // A disabled account is refused even with a token that was never revoked.
            let sql = world.app.db.sql
            try await sql.raw("UPDATE officers SET disabled = \(bind: true) WHERE id = \(bind: world.id("a-officer"))").run()
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .unauthorized)
            try await sql.raw("UPDATE officers SET disabled = \(bind: false) WHERE id = \(bind: world.id("a-officer"))").run()
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .ok)
            let disabled = try await world.send(.POST, "/api/v1/officers/\(world.id("a-officer"))/disable", as: "admin")
            #expect(disabled.status == .ok)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .unauthorized)
            #expect(try await world.send(.GET, "/api/v1/me", cookie: officerCookie).status == .unauthorized)
            let again = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": TestWorld.password])
            #expect(again.status == .unauthorized)
            // Only administrators disable accounts.
            #expect(try await world.send(.POST, "/api/v1/officers/\(world.id("b-officer"))/disable", as: "city-chief").status == .forbidden)
        }
    }

    @Test("a state change without the CSRF token or from another origin is refused")
    func crossSite() async throws {
        try await withWorld { world in
            let id = try await world.register()
            let (cookie, csrf) = try await world.signInWithCookie("a-chief")
            let version = try await world.matter(id)["version"] as! Int
            let noToken = try await world.send(.POST, "/matters/\(id)/vet", cookie: cookie, form: ["version": "\(version)", "ledger": "demand"])
            #expect(noToken.status == .forbidden)
            let wrongToken = try await world.send(.POST, "/matters/\(id)/vet", cookie: cookie,
                                                  form: ["csrf": "x" + csrf, "version": "\(version)", "ledger": "demand"])
            #expect(wrongToken.status == .forbidden)
            let foreign = try await world.send(.POST, "/matters/\(id)/vet", cookie: cookie,
                                               form: ["csrf": csrf, "version": "\(version)", "ledger": "demand"],
                                               headers: [("Origin", "https://evil.example")])
            #expect(foreign.status == .forbidden)
            let opaque = try await world.send(.POST, "/matters/\(id)/vet", cookie: cookie,
                                              form: ["csrf": csrf, "version": "\(version)", "ledger": "demand"], headers: [("Origin", "null")])
            #expect(opaque.status == .forbidden, "a sandboxed or privacy-stripped origin is not our own")
            let apiNoToken = try await world.send(.POST, "/api/v1/matters/\(id)/vet", cookie: cookie, json: ["version": version, "ledger": "demand"])
            #expect(apiNoToken.status == .forbidden)
            #expect(try await world.matter(id)["status"] as? String == "registered")
            let ok = try await world.send(.POST, "/matters/\(id)/vet", cookie: cookie, form: ["csrf": csrf, "version": "\(version)", "ledger": "demand"])
            #expect(ok.status == .seeOther)
            #expect(try await world.matter(id)["status"] as? String == "open")
        }
    }

    @Test("in production an officer must pass TOTP; it is enrolled only with the one-time password's replacement")
    func secondFactor() async throws {
        try await withWorld(production: true) { world in
            try await Officer.query(on: world.app.db).filter(\.$id == world.id("a-chief")).set(\.$mustChangePassword, to: true).update()
            let refused = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": TestWorld.password])
            #expect(refused.status == .forbidden && refused.invalidParams == ["newPassword"], "\(refused.text)")
            // Through the pages: the one-time password, then the officer's own with the authenticator.
            let page = try await world.send(.GET, "/signin")
            let pre = try #require(page.setCookie)
            let csrf = try #require(TestWorld.csrf(in: page.text))
            let step1 = try await world.send(.POST, "/signin", cookie: pre, form: ["csrf": csrf, "username": "a-chief", "password": TestWorld.password])
            #expect(step1.headers.first(name: .location) == "/signin/new-password")
            let pending = try #require(step1.setCookie)
            #expect(try await world.send(.GET, "/api/v1/me", cookie: pending).status == .unauthorized)
            #expect(try await world.send(.GET, "/signin/second-factor", cookie: pending).status == .seeOther, "no code step before the password")
            let enrolPage = try await world.send(.GET, "/signin/new-password", cookie: pending)
            let secretRange = try #require(enrolPage.text.range(of: #"id="totp-secret">[A-Z2-7=]+<"#, options: .regularExpression))
            let secret = String(enrolPage.text[secretRange].dropFirst(#"id="totp-secret">"#.count).dropLast())
            let csrf2 = try #require(TestWorld.csrf(in: enrolPage.text))
            let weak = try await world.send(.POST, "/signin/new-password", cookie: pending, form: ["csrf": csrf2, "newPassword": "password1234", "code": "000000"])
            #expect(weak.status == .unprocessableEntity && weak.text.contains(secret), "refused, showing the same key")
            let wrong = try await world.send(.POST, "/signin/new-password", cookie: pending,
                                             form: ["csrf": csrf2, "newPassword": "西安 public security 2026", "code": "000000"])
            #expect(wrong.status != .seeOther)
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": "西安 public security 2026"]).status == .unauthorized,
                    "a wrong code changed nothing")
            let officer = try #require(try await Officer.find(world.id("a-chief"), on: world.app.db))
            let sealed = try #require(officer.totpSecretSealed)
            let key = try #require(Data(base64Encoded: try world.app.cipher.open(sealed)))
            #expect(Array(key).base32String() == secret, "the page shows the secret that was stored")
            let realCode = TOTP(key: SymmetricKey(data: key), digest: .sha1).generate(time: world.app.clock.now())
            let done = try await world.send(.POST, "/signin/new-password", cookie: pending,
                                            form: ["csrf": csrf2, "newPassword": "西安 public security 2026", "code": realCode])
            #expect(done.status == .seeOther)
            let active = try #require(done.setCookie)
            #expect(active != pending)
            #expect(try await world.send(.GET, "/api/v1/me", cookie: active).status == .ok)
            // Now a token needs the code too, and a code works once.
            let own = "西安 public security 2026"
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": TestWorld.password]).status == .unauthorized,
                    "the one-time password is gone")
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": own]).status == .unauthorized)
            let replayed = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": own, "code": realCode])
            #expect(replayed.status == .unauthorized, "the enrolment code cannot be used again")
            world.app.clock.advance(by: 30)
            let next = TOTP(key: SymmetricKey(data: key), digest: .sha1).generate(time: world.app.clock.now())
            let issued = try await world.send(.POST, "/api/v1/auth/token",
                                              json: ["username": "a-chief", "password": own, "code": next])
            #expect(issued.status == .created)
            // Starting enrolment again never switches an enrolled second factor off.
            let bearer = try #require(issued.json["token"] as? String)
            #expect(try await world.send(.POST, "/api/v1/me/totp", bearer: bearer).status == .conflict)
            // Wrong codes count toward the lockout like wrong passwords.
            world.app.clock.advance(by: 30)
            var last = HTTPResponseStatus.ok
            for _ in 0..<5 {
                last = try await world.send(.POST, "/api/v1/auth/token",
                                            json: ["username": "a-chief", "password": own, "code": "000000"]).status
            }
            #expect(last == .tooManyRequests)
            let good = TOTP(key: SymmetricKey(data: key), digest: .sha1).generate(time: world.app.clock.now())
            // Locked: even the right password and code are refused, with the answer a wrong password gets.
            #expect(try await world.send(.POST, "/api/v1/auth/token",
                                         json: ["username": "a-chief", "password": own, "code": good]).status == .unauthorized)
        }
    }
}

@Suite("Changing a password")
struct PasswordChangeTests {
    @Test("needs the current password, a strong new one, and ends the officer's other sessions")
    func change() async throws {
        try await withWorld { world in
            let (other, _) = try await world.signInWithCookie("a-chief")
            let token = try await world.token(for: "a-chief")
            let (cookie, csrf) = try await world.signInWithCookie("a-chief")
            let wrong = try await world.send(.POST, "/api/v1/me/password", bearer: token,
                                             json: ["currentPassword": "nope", "newPassword": "a much longer passphrase"])
            #expect(wrong.invalidParams == ["currentPassword"])
            let short = try await world.send(.POST, "/api/v1/me/password", bearer: token,
                                             json: ["currentPassword": TestWorld.password, "newPassword": "short"])
            #expect(short.invalidParams == ["newPassword"])
            let page = try await world.send(.POST, "/account/password", cookie: cookie,
                                            form: ["csrf": csrf, "currentPassword": TestWorld.password, "newPassword": "西安 public security 2026"])
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"notice\""))
            #expect(try await world.send(.GET, "/api/v1/me", cookie: cookie).status == .ok, "the session that changed it lives on")
            #expect(try await world.send(.GET, "/api/v1/me", cookie: other).status == .unauthorized)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .unauthorized)
            let old = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": TestWorld.password])
            #expect(old.status == .unauthorized)
            let new = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": "西安 public security 2026"])
            #expect(new.status == .created)
        }
    }

    @Test("common, username-bearing and keyboard-run passwords are refused, naming newPassword; nothing changes")
    func weakPasswords() async throws {
        try await withWorld { world in
            let token = try await world.token(for: "a-chief")
            for weak in ["Password2026!", "qwertyuiop123", "1qaz2wsx3edc", "a-chief's own password", "aaaaaaaaaaaaaa", "abababababab", "123456789012"] {
                let reply = try await world.send(.POST, "/api/v1/me/password", bearer: token, json: ["currentPassword": TestWorld.password, "newPassword": weak])
                #expect(reply.status == .unprocessableEntity && reply.invalidParams == ["newPassword"], "\(weak): \(reply.text)")
            }
            #expect(try await world.send(.GET, "/api/v1/me", bearer: token).status == .ok, "no refused change ended the session")
        }
    }

    @Test("wrong current passwords count toward the lockout, so a stolen session cannot guess the password")
    func wrongCurrentLocks() async throws {
        try await withWorld { world in
            let token = try await world.token(for: "a-chief")
            var statuses: [HTTPResponseStatus] = []
            for attempt in 1...6 {
                statuses.append(try await world.send(.POST, "/api/v1/me/password", bearer: token,
                                                     json: ["currentPassword": "guess \(attempt)", "newPassword": "西安 public security 2026"]).status)
            }
            #expect(statuses.prefix(4).allSatisfy { $0 == .unprocessableEntity }, "\(statuses)")
            #expect(statuses[4] == .tooManyRequests && statuses[5] == .tooManyRequests, "\(statuses)")
            let right = try await world.send(.POST, "/api/v1/me/password", bearer: token,
                                             json: ["currentPassword": TestWorld.password, "newPassword": "西安 public security 2026"])
            #expect(right.status == .tooManyRequests, "locked: even the right current password waits")
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-chief", "password": TestWorld.password]).status == .unauthorized)
        }
    }
}

@Suite("Review fixes")
struct ReviewFixTests {
    @Test("the language switch never sends anyone off-site")
    func noOpenRedirect() async throws {
        try await withWorld { world in
            for back in ["//evil.example", "/%09/evil.example", "https://evil.example", "/\\evil.example", "/%20/evil"] {
                let reply = try await world.send(.GET, "/language?set=en&back=" + back)
                #expect(reply.headers.first(name: .location) == "/matters", "\(back) → \(reply.headers.first(name: .location) ?? "")")
            }
            #expect(try await world.send(.GET, "/language?set=en&back=/board").headers.first(name: .location) == "/board")
        }
    }

    @Test("administrators cannot create ledger matters through any side door")
    func adminSideDoors() async throws {
        try await withWorld { world in
            let meeting = try await world.send(.POST, "/api/v1/engagement/meetings", as: "a-chief", json: [
                "day": "2026-03-02", "place": "x", "topic": "other", "participants": ["residents": 1]])
            let meetingID = try #require(meeting.json["id"] as? Int)
            #expect(try await world.send(.POST, "/api/v1/engagement/meetings/\(meetingID)/items", as: "admin", json: ["title": "x"]).status == .forbidden)
            let item = try await world.send(.POST, "/api/v1/engagement/meetings/\(meetingID)/items", as: "a-chief", json: ["title": "议题"])
            let itemID = try #require((item.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            #expect(try await world.send(.POST, "/api/v1/engagement/items/\(itemID)/matter", as: "admin",
                                         json: ["summary": "x", "complainants": [TestWorld.person()]]).status == .forbidden)
            #expect(try await Matter.query(on: world.app.db).count() == 0, "nothing was registered")
        }
    }

    @Test("staff cannot rate for a resident who wrote online; the audit log keeps no free text")
    func residentRatesThemselves() async throws {
        try await withWorld { world in
            var body = TestWorld.person()
            body.removeValue(forKey: "address")
            body.merge(["kind": "report", "content": "占道经营", "districtId": world.d1, "place": "西一路"]) { $1 }
            _ = try await world.send(.POST, "/api/v1/public/messages", json: body)
            let messageID = try #require((try await world.send(.GET, "/api/v1/messages", as: "d1-chief").json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let escalated = try await world.send(.POST, "/api/v1/messages/\(messageID)/escalate", as: "d1-chief", json: ["unitId": world.stationA, "summary": "占道经营"])
            let matterID = try #require(escalated.json["matterId"] as? Int)
            try await world.bringToReplied(matterID)
            let person = try await world.complainantIDs(matterID)[0]
            #expect(try await world.act(matterID, "rate", as: "a-officer", ["complainantId": person, "rating": "satisfied"]).status == .forbidden)
            let payloads = try await world.app.db.sql.raw("SELECT payload FROM audit_events").all().map { try $0.decode(column: "payload", as: String.self) }
            #expect(!payloads.contains { $0.contains("经协调，双方已达成和解") || $0.contains("协调街道办") }, "reply and result texts are fingerprinted, not kept")
        }
    }

    @Test("MINYI_ENV unset or production requires a second factor, development does not, anything else stops the server naming MINYI_ENV")
    func environmentMode() throws {
        #expect(try AppConfig.isProduction(minyiEnv: nil))
        #expect(try AppConfig.isProduction(minyiEnv: "production"))
        #expect(try !AppConfig.isProduction(minyiEnv: "development"))
        for typo in ["prod", "Production", "dev", "", "development "] {
            #expect(throws: AppConfig.Invalid.self, "\(typo)") { try AppConfig.isProduction(minyiEnv: typo) }
            do { _ = try AppConfig.isProduction(minyiEnv: typo) } catch { #expect("\(error)".contains("MINYI_ENV")) }
        }
    }

    @Test("in production a usual password never enrols an authenticator; an administrator's reset issues a one-time password that does")
    func noEnrolmentWithoutReset() async throws {
        try await withWorld(production: true) { world in
            let api = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": TestWorld.password])
            #expect(api.status == .forbidden && api.text.contains("administrator must reset"), "\(api.text)")
            let page = try await world.send(.GET, "/signin")
            let pre = try #require(page.setCookie)
            let csrf = try #require(TestWorld.csrf(in: page.text))
            let refused = try await world.send(.POST, "/signin", cookie: pre, form: ["csrf": csrf, "username": "a-officer", "password": TestWorld.password])
            #expect(refused.status == .forbidden && refused.text.contains("管理员重置"), "\(refused.status)")
            #expect(try await world.send(.GET, "/signin/new-password", cookie: pre).status == .seeOther, "no enrolment page without a one-time password")
            let officer = try #require(try await Officer.find(world.id("a-officer"), on: world.app.db))
            #expect(officer.totpSecretSealed == nil, "no key was made for the usual password")
        }
    }

    @Test("an administrator within reach resets an account: a one-time password, no second factor, sessions and tokens ended, audited")
    func resetCredentials() async throws {
        try await withWorld { world in
            try await world.addOfficer("b-admin", role: .administrator, unit: world.stationB)
            let id = world.id("a-officer")
            let oldToken = try await world.token(for: "a-officer")
            try await Officer.query(on: world.app.db).filter(\.$id == id).set(\.$totpEnabled, to: true).update()
            #expect(try await world.send(.POST, "/api/v1/officers/\(id)/reset-credentials", as: "b-admin").status == .notFound, "beside: not found")
            #expect(try await world.send(.POST, "/api/v1/officers/\(id)/reset-credentials", as: "a-chief").status == .forbidden)
            let own = try await world.send(.POST, "/api/v1/officers/\(world.id("admin"))/reset-credentials", as: "admin")
            #expect(own.status == .unprocessableEntity && own.invalidParams == ["officerID"])
            let reset = try await world.send(.POST, "/api/v1/officers/\(id)/reset-credentials", as: "admin")
            #expect(reset.status == .ok, "\(reset.text)")
            let oneTime = try #require(reset.json["oneTimePassword"] as? String)
            #expect(try await world.send(.GET, "/api/v1/me", bearer: oldToken).status == .unauthorized, "the old token ended")
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": TestWorld.password]).status == .unauthorized)
            let officer = try #require(try await Officer.find(id, on: world.app.db))
            #expect(!officer.totpEnabled && officer.totpSecretSealed == nil && officer.mustChangePassword)
            let bare = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": oneTime])
            #expect(bare.status == .forbidden && bare.invalidParams == ["newPassword"], "\(bare.text)")
            let weak = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": oneTime, "newPassword": "password1234"])
            #expect(weak.status == .unprocessableEntity && weak.invalidParams == ["newPassword"])
            let same = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": oneTime, "newPassword": oneTime])
            #expect(same.status == .unprocessableEntity && same.invalidParams == ["newPassword"], "\(same.text)")
            let set = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": oneTime, "newPassword": "西安 public security 2026"])
            #expect(set.status == .created, "\(set.text)")
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": oneTime]).status == .unauthorized, "used once")
            #expect(try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-officer", "password": "西安 public security 2026"]).status == .created)
            let audited = try await AuditEvent.query(on: world.app.db).filter(\.$kind == AuditKind.credentialsReset.rawValue).count()
            #expect(audited == 1)
        }
    }

    @Test("a new account's password is one-time: it is replaced at the first sign-in")
    func newAccountOneTime() async throws {
        try await withWorld { world in
            let created = try await world.send(.POST, "/api/v1/officers", as: "admin", json: [
                "username": "a-newcomer", "displayName": "新警员", "role": "officer", "unitId": world.stationA])
            #expect(created.status == .created, "\(created.text)")
            let oneTime = try #require(created.json["oneTimePassword"] as? String)
            let bare = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-newcomer", "password": oneTime])
            #expect(bare.status == .forbidden && bare.invalidParams == ["newPassword"])
            let set = try await world.send(.POST, "/api/v1/auth/token", json: ["username": "a-newcomer", "password": oneTime, "newPassword": "新城西一路 night shift 7"])
            #expect(set.status == .created, "\(set.text)")
        }
    }
}
