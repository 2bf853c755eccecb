@testable import App
import Foundation
import LedgerCore
import Testing

@Suite("Authorisation by unit scope")
struct ScopeTests {
    /// Every `/{id}` route of the API, as (method, path suffix, body).
    static func routes(for id: Int) -> [(String, String)] {
        ["", "/timeline"].map { ("GET", $0) }
            + MatterAction.allCases.map { ("POST", "/\($0.rawValue)") }
            + [("POST", "/complainants/1/reveal")]
    }

    @Test("a station-A officer is refused on every /{id} route of a station-B matter")
    func otherStationRefused() async throws {
        try await withWorld { world in
            let id = try await world.register(as: "b-officer")
            let before = try await world.matter(id, as: "b-chief")
            for (method, suffix) in Self.routes(for: id) {
                for intruder in ["a-officer", "a-chief", "c-chief", "d2-chief"] {
                    let reply = try await world.send(method == "GET" ? .GET : .POST, "/api/v1/matters/\(id)\(suffix)", as: intruder,
                                                     json: method == "POST" ? ["version": 1, "ledger": "demand", "reason": "personalPrivacy", "result": "x",
                                                                               "text": "x", "note": "x", "complainantId": 1, "rating": "satisfied", "verdict": "confirmed",
                                                                               "asked": "x", "summary": "x", "finding": "x",
                                                                               "answerableOfficerId": world.id(intruder), "partnerUnitId": world.partner] : nil)
                    #expect(reply.status == .notFound, "\(intruder) \(method) \(suffix): \(reply.status)")
                    #expect(!reply.text.contains("13812345678"))
                }
            }
            // Nothing about the matter changed.
            let after = try await world.matter(id, as: "b-chief")
            #expect(after["version"] as? Int == before["version"] as? Int)
            #expect(after["status"] as? String == "registered")
        }
    }

    @Test("a station sees its own, a district its stations', the city all")
    func listsAreScoped() async throws {
        try await withWorld { world in
            let a = try await world.register(as: "a-officer")
            let b = try await world.register(as: "b-officer")
            let c = try await world.register(as: "c-chief")
            func ids(_ username: String, _ query: String = "") async throws -> Set<Int> {
                let items = try await world.send(.GET, "/api/v1/matters\(query)", as: username).json["items"] as? [[String: Any]] ?? []
                return Set(items.compactMap { $0["id"] as? Int })
            }
            #expect(try await ids("a-officer") == [a])
            #expect(try await ids("b-chief") == [b])
            #expect(try await ids("d1-chief") == [a, b])
            #expect(try await ids("d2-chief") == [c])
            #expect(try await ids("city-deputy") == [a, b, c])
            // A unit filter never widens the scope.
            #expect(try await ids("a-officer", "?unit=\(world.stationB)") == [])
            #expect(try await ids("city-chief", "?unit=\(world.d1)") == [a, b])
            #expect(try await ids("city-chief", "?unit=\(world.stationC)") == [c])
            // The district sees its station's matter in full, but may not vet it for the station.
            #expect(try await world.send(.GET, "/api/v1/matters/\(a)", as: "d1-deputy").status == .ok)
            #expect(try await world.act(a, "vet", as: "d1-chief", ["ledger": "demand"]).status == .forbidden)
        }
    }

    @Test("filters: ledger, status, text, overdue and cursor pages")
    func filtersAndCursor() async throws {
        try await withWorld { world in
            var ids: [Int] = []
            for index in 0..<7 { ids.append(try await world.register(summary: index == 3 ? "噪音扰民投诉" : "商户经营纠纷\(index)")) }
            try await world.expectOK(world.act(ids[0], "vet", as: "a-chief", ["ledger": "complaint"]))
            func list(_ query: String) async throws -> [String: Any] { try await world.send(.GET, "/api/v1/matters\(query)", as: "a-chief").json }
            func itemIDs(_ page: [String: Any]) -> [Int] { (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int } }
            #expect(itemIDs(try await list("?ledger=complaint")) == [ids[0]])
            #expect(itemIDs(try await list("?status=open")) == [ids[0]])
            #expect(itemIDs(try await list("?status=registered")).count == 6)
            #expect(itemIDs(try await list("?q=%E5%99%AA%E9%9F%B3")) == [ids[3]])
            #expect(itemIDs(try await list("?overdue=true")).isEmpty)
            // Pages of 3, newest first, every matter exactly once.
            var seen: [Int] = []
            var cursor: String? = nil
            repeat {
                let page = try await list("?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""))
                seen += itemIDs(page)
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(seen == ids.reversed())
        }
    }

    @Test("an administrator manages accounts only within his reach: never above or beside his unit")
    func accountsWithinReach() async throws {
        try await withWorld { world in
            try await world.addOfficer("a-admin", role: .administrator, unit: world.stationA)
            try await world.addOfficer("d1-admin", role: .administrator, unit: world.d1)
            func create(_ admin: String, _ username: String, _ role: Role, unit: Int) async throws -> TestWorld.Reply {
                try await world.send(.POST, "/api/v1/officers", as: admin,
                                     json: ["username": username, "displayName": username, "role": role.rawValue, "unitId": unit])
            }
            // Above and beside: refused, naming the unit, and nothing is written.
            for (admin, unit, role) in [("a-admin", world.city, Role.cityChief), ("a-admin", world.d1, .districtChief),
                                        ("a-admin", world.stationB, .officer), ("d1-admin", world.city, .cityChief),
                                        ("d1-admin", world.stationC, .stationChief), ("d1-admin", world.d2, .officer)] {
                let reply = try await create(admin, "x-\(admin)-\(unit)", role, unit: unit)
                #expect(reply.status == .unprocessableEntity, "\(admin) made a \(role) at unit \(unit): \(reply.status)")
                #expect(reply.invalidParams == ["unitId"])
            }
            let listed = try await world.send(.GET, "/api/v1/officers", as: "admin").jsonArray.compactMap { $0["username"] as? String }
            #expect(!listed.contains { $0.hasPrefix("x-") })
            // Below and at his own unit: allowed.
            #expect(try await create("a-admin", "a-new", .officer, unit: world.stationA).status == .created)
            #expect(try await create("d1-admin", "b-new", .stationDeputy, unit: world.stationB).status == .created)
            // Disabling above or beside is as if the account did not exist; the account stays active.
            for (admin, target) in [("a-admin", "b-officer"), ("a-admin", "d1-chief"), ("d1-admin", "city-chief"), ("d1-admin", "c-chief")] {
                let reply = try await world.send(.POST, "/api/v1/officers/\(world.id(target))/disable", as: admin)
                #expect(reply.status == .notFound, "\(admin) disabled \(target): \(reply.status)")
                #expect(try await world.send(.GET, "/api/v1/me", as: target).status == .ok, "\(target) still signs in")
            }
            #expect(try await world.send(.POST, "/api/v1/officers/\(world.id("a-officer"))/disable", as: "d1-admin").status == .ok)
            // A unit is added only under a unit within reach.
            let unit = try await world.send(.POST, "/api/v1/units", as: "d1-admin", json: ["name": "新站", "kind": "station", "parentId": world.d2])
            #expect(unit.status == .unprocessableEntity && unit.invalidParams == ["parentId"])
            #expect(try await world.send(.POST, "/api/v1/units", as: "d1-admin", json: ["name": "新站", "kind": "station", "parentId": world.d1]).status == .created)
            // Lists show only what is within reach.
            let aList = try await world.send(.GET, "/api/v1/officers", as: "a-admin").jsonArray.compactMap { $0["unitId"] as? Int }
            #expect(!aList.isEmpty && aList.allSatisfy { $0 == world.stationA })
        }
    }

    @Test("re-roling: each level is refused above and beside, a role must belong at the unit, no one raises himself, and every change is audited")
    func rolesWithinReach() async throws {
        try await withWorld { world in
            try await world.addOfficer("a-admin", role: .administrator, unit: world.stationA)
            try await world.addOfficer("d1-admin", role: .administrator, unit: world.d1)
            func reRole(_ admin: String, _ target: String, _ role: Role) async throws -> TestWorld.Reply {
                try await world.send(.POST, "/api/v1/officers/\(world.id(target))/role", as: admin, json: ["role": role.rawValue])
            }
            func role(of target: String) async throws -> String? {
                try await world.send(.GET, "/api/v1/officers/\(world.id(target))", as: "admin").json["role"] as? String
            }
            // Above and beside: as if the account did not exist, and the role stays.
            for (admin, target) in [("a-admin", "d1-chief"), ("a-admin", "b-officer"), ("a-admin", "city-chief"),
                                    ("d1-admin", "city-chief"), ("d1-admin", "c-chief"), ("d1-admin", "d2-chief")] {
                let before = try await role(of: target)
                #expect(try await reRole(admin, target, .clerk).status == .notFound, "\(admin) re-roled \(target)")
                #expect(try await role(of: target) == before)
            }
            // No one raises himself, nor lowers himself for another to raise.
            for admin in ["a-admin", "d1-admin", "admin"] {
                let reply = try await reRole(admin, admin, .cityChief)
                #expect(reply.status == .unprocessableEntity && reply.invalidParams == ["officerID"], "\(admin): \(reply.status)")
                #expect(try await role(of: admin) == Role.administrator.rawValue)
            }
            // A chief's role belongs at a unit of its level: a station officer is not made a district or city chief.
            for (admin, newRole) in [("a-admin", Role.districtChief), ("d1-admin", .cityChief), ("admin", .cityDeputy)] {
                let reply = try await reRole(admin, "a-officer", newRole)
                #expect(reply.status == .unprocessableEntity && reply.invalidParams == ["role"], "\(admin) made a-officer \(newRole)")
            }
            #expect(try await role(of: "a-officer") == Role.officer.rawValue)
            // Below and at his own unit: allowed, takes effect at once, audited with old and new role.
            #expect(try await reRole("a-admin", "a-officer", .stationDeputy).status == .ok)
            #expect(try await world.send(.GET, "/api/v1/me", as: "a-officer").json["role"] as? String == Role.stationDeputy.rawValue)
            #expect(try await reRole("d1-admin", "b-officer", .clerk).status == .ok)
            #expect(try await reRole("admin", "d2-chief", .districtDeputy).status == .ok)
            let changes = try await AuditEvent.query(on: world.app.db).all().filter { $0.kind == AuditKind.officerRoleChanged.rawValue }
            #expect(changes.count == 3)
            #expect(changes.contains { $0.payload.contains("\"from\":\"officer\"") && $0.payload.contains("\"to\":\"stationDeputy\"") })
            // Not an administrator: refused before anything is read.
            #expect(try await reRole("a-chief", "a-clerk", .officer).status == .forbidden)
        }
    }
}
