import Fluent
import Foundation
import LedgerCore
import Testing
@testable import App

/// 好差评 for services: a served booking or a completed application is rated by the resident on
/// five levels; a real-name 差评 is called back and put right on the working calendar, chased when
/// late; the serving unit may appeal, and only the call-back office decides.
@Suite("好差评: residents rate services, 差评 are put right")
struct EvaluationTests {
    let booking = BookingTests()

    /// A booking at station A's hall for the slot two days after t0, served on its day by `a-officer`.
    func served(_ world: TestWorld, phone: String = "13912345678") async throws -> (appointment: Int, code: String) {
        let (slot, _) = try await booking.setUp(world, capacity: 5)
        return try await serveAnother(world, slot: slot, phone: phone)
    }

    func serveAnother(_ world: TestWorld, slot: Int, phone: String) async throws -> (appointment: Int, code: String) {
        // Booked before the slot's time, served at it.
        let now = world.app.clock.now()
        world.app.clock.set(TestWorld.t0)
        let booked = try await booking.book(world, slot: slot, phone: phone)
        let code = try #require(booked.json["code"] as? String, "\(booked.text)")
        let appointment = try #require(try await ServiceStore.appointment(code: code, on: world.app.db)?.id)
        world.app.clock.set(max(now, TestWorld.t0.addingTimeInterval(48 * 3600)))
        try await noContent(world.send(.POST, "/api/v1/appointments/\(appointment)/served", as: "a-officer"))
        return (appointment, code)
    }

    /// The token of the evaluation link queued for a case, as the SMS carries it (still percent-encoded).
    func linkToken(_ world: TestWorld, _ kind: String, _ id: Int) async throws -> String {
        struct Row: Decodable { let payload: String }
        let row = try #require(try await world.app.db.statements.row(
            "SELECT payload FROM outbox WHERE dedupe_key = \(bind: "evaluation-invited:\(kind):\(id)")", as: Row.self))
        let link = try #require(try JSONSerialization.jsonObject(with: Data(row.payload.utf8)) as? [String: String])["link"]
        return try #require(link?.split(separator: "/").last.map(String.init))
    }

    func rate(_ world: TestWorld, code: String, _ rating: String, reasons: [String] = [], anonymous: Bool = false) async throws -> TestWorld.Reply {
        try await world.send(.POST, "/api/v1/public/evaluations", json: [
            "code": code, "phoneLast4": "5678", "rating": rating, "reasons": reasons, "comment": "窗口说明 13912345678", "anonymous": anonymous])
    }

    func noContent(_ reply: TestWorld.Reply, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(reply.status == .noContent, "\(reply.status): \(reply.text)", sourceLocation: sourceLocation)
    }

    func tasks(_ world: TestWorld, as who: String) async throws -> [[String: Any]] {
        try await world.send(.GET, "/api/v1/rectifications", as: who).jsonArray
    }

    @Test("only the hall's own officers record a booking served, from its day, once; serving sends a one-time link that rates once")
    func servedAndRatedByLink() async throws {
        try await withWorld { world in
            let (slot, _) = try await booking.setUp(world, capacity: 5)
            let booked = try await booking.book(world, slot: slot, phone: "13912345678")
            let code = try #require(booked.json["code"] as? String)
            let id = try #require(try await ServiceStore.appointment(code: code, on: world.app.db)?.id)
            #expect(try await world.send(.POST, "/api/v1/appointments/\(id)/served", as: "a-officer").status == .unprocessableEntity,
                    "the booking is for a later day")
            #expect(try await rate(world, code: code, "satisfied").status == .unprocessableEntity, "not served yet")
            world.app.clock.set(TestWorld.t0.addingTimeInterval(48 * 3600))
            #expect(try await world.send(.POST, "/api/v1/appointments/\(id)/served", as: "b-officer").status == .notFound)
            for who in ["d1-chief", "city-chief", "admin", "callback"] {
                let reply = try await world.send(.POST, "/api/v1/appointments/\(id)/served", as: who)
                #expect(reply.status == .forbidden || reply.status == .notFound, "\(who): \(reply.status)")
            }
            let desk = try await world.send(.GET, "/api/v1/appointments?hall=\(try #require(try await ServiceStore.halls(on: world.app.db).first?.id))",
                                            as: "a-officer").jsonArray
            #expect(desk.count == 1 && desk.first?["name"] as? String == "李*" && desk.first?["status"] as? String == "booked")
            try await noContent(world.send(.POST, "/api/v1/appointments/\(id)/served", as: "a-officer"))
            #expect(try await world.send(.POST, "/api/v1/appointments/\(id)/served", as: "a-officer").status == .unprocessableEntity, "served twice")

            let token = try await linkToken(world, "appointment", id)
            let shown = try await world.send(.GET, "/api/v1/public/evaluations/\(token)")
            #expect(shown.status == .ok && shown.json["serviceName"] as? String == "户口迁移" && shown.json["hall"] as? String == "西一路派出所户籍室")
            #expect(!shown.text.contains("李四") && !shown.text.contains("13912345678"))
            let plainToken = try #require(token.removingPercentEncoding)
            let rated = try await world.send(.POST, "/api/v1/public/evaluations", json: [
                "token": plainToken, "rating": "verySatisfied", "reasons": ["courteous", "doneInOneVisit"], "comment": "很好"])
            #expect(rated.status == .created, "\(rated.text)")
            #expect(try await world.send(.GET, "/api/v1/public/evaluations/\(token)").status == .gone, "the link works once")
            #expect(try await rate(world, code: code, "dissatisfied", reasons: ["longWait"]).status == .unprocessableEntity, "一次一评")
            let looked = try await world.send(.POST, "/api/v1/public/evaluations/lookup", json: ["code": code, "phoneLast4": "5678"])
            #expect(looked.json["rated"] as? String == "verySatisfied")
            #expect(try await world.send(.POST, "/api/v1/public/evaluations/lookup", json: ["code": code, "phoneLast4": "0000"]).status == .notFound)
            #expect(try await world.send(.GET, "/api/v1/public/evaluations/not-a-token").status == .notFound)

            // The link expires after the configured days.
            let other = try await serveAnother(world, slot: slot, phone: "13912340000")
            let otherToken = try await linkToken(world, "appointment", other.appointment)
            world.app.clock.advance(by: Double(world.app.config.ratingLinkDays) * 86_400 + 60)
            #expect(try await world.send(.GET, "/api/v1/public/evaluations/\(otherToken)").status == .gone)

            let audit = try await AuditEvent.query(on: world.app.db).all().map(\.kind)
            #expect(audit.contains("appointmentServed") && audit.contains("serviceEvaluated"))
        }
    }

    @Test("reasons must match the rating; a real-name 差评 opens a task the unit calls back and rectifies in order; an anonymous one opens none")
    func badRatingIsPutRight() async throws {
        try await withWorld { world in
            let (_, code) = try await served(world)
            let bare = try await rate(world, code: code, "dissatisfied")
            #expect(bare.status == .unprocessableEntity && bare.invalidParams == ["reasons"])
            let praise = try await rate(world, code: code, "veryDissatisfied", reasons: ["courteous"])
            #expect(praise.status == .unprocessableEntity && praise.invalidParams == ["reasons"])
            #expect(try await rate(world, code: code, "veryDissatisfied", reasons: ["longWait", "slowHandling"]).status == .created)
            let stored = try #require(try await EvaluationStore.evaluations(within: Reach(unitID: world.city, kind: .city), badOnly: true,
                                                                            before: nil, limit: 5, on: world.app.db).first)
            #expect(stored.comment == "窗口说明 139****5678", "a number typed into the comment is kept only masked")

            let list = try await tasks(world, as: "a-officer")
            #expect(list.count == 1)
            let task = try #require(list.first)
            let taskID = try #require(task["id"] as? Int)
            #expect(task["stage"] as? String == "awaitingCallback" && task["phone"] as? String == "139****5678")
            #expect(try await tasks(world, as: "b-officer").isEmpty)
            #expect(try await tasks(world, as: "d1-chief").count == 1, "the district sees its stations' tasks")
            #expect(try await world.send(.POST, "/api/v1/rectifications/\(taskID)/callback", as: "d1-chief", json: ["note": "已致电"]).status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/rectifications/\(taskID)/phone", as: "d1-chief").status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/rectifications/\(taskID)/phone", as: "a-officer").json["phone"] as? String == "13912345678")
            let early = try await world.send(.POST, "/api/v1/rectifications/\(taskID)/rectify", as: "a-officer", json: ["answer": "已整改"])
            #expect(early.status == .unprocessableEntity, "the call-back comes first")
            let beforeRating = ISO8601DateFormatter().string(from: world.app.clock.now().addingTimeInterval(-3600))
            let impossible = try await world.send(.POST, "/api/v1/rectifications/\(taskID)/callback", as: "a-officer",
                                                  json: ["note": "已致电", "calledAt": beforeRating])
            #expect(impossible.status == .unprocessableEntity && impossible.invalidParams == ["calledAt"], "a call-back before the rating")
            let called = try await world.send(.POST, "/api/v1/rectifications/\(taskID)/callback", as: "a-officer", json: ["note": "已致电致歉"])
            #expect(called.json["stage"] as? String == "awaitingRectification")
            #expect(try await world.send(.POST, "/api/v1/rectifications/\(taskID)/callback", as: "a-officer", json: ["note": "again"]).status
                    == .unprocessableEntity)
            let done = try await world.send(.POST, "/api/v1/rectifications/\(taskID)/rectify", as: "a-officer", json: ["answer": "已增开窗口，缩短等候"])
            #expect(done.json["stage"] as? String == "rectified")
            #expect(try await world.app.db.statements.value("SELECT template FROM outbox WHERE dedupe_key = \(bind: "rectification-answered:\(taskID)")",
                                                            column: "template", as: String.self) == "rectificationAnswered")
            let kinds = try await AuditEvent.query(on: world.app.db).all().map(\.kind)
            for kind in ["rectificationOpened", "rectificationPhoneRevealed", "rectificationCalledBack", "rectificationDone"] {
                #expect(kinds.contains(kind), "\(kind) is audited")
            }

            // Anonymous: counted, but nobody to call back.
            let (slot, _) = (try await ServiceStore.slots(ofWindows: try await ServiceStore.windows(on: world.app.db).map { $0.id! },
                                                          from: .distantPast, until: .distantFuture, on: world.app.db).first?.id, 0)
            let anonymous = try await serveAnother(world, slot: try #require(slot), phone: "13912340000")
            let reply = try await world.send(.POST, "/api/v1/public/evaluations", json: [
                "code": anonymous.code, "phoneLast4": "0000", "rating": "dissatisfied", "reasons": ["rude"], "anonymous": true])
            #expect(reply.status == .unprocessableEntity, "rude is not a reason on the list")
            #expect(try await world.send(.POST, "/api/v1/public/evaluations", json: [
                "code": anonymous.code, "phoneLast4": "0000", "rating": "dissatisfied", "reasons": ["poorAttitude"], "anonymous": true]).status == .created)
            #expect(try await tasks(world, as: "a-officer").count == 1)
        }
    }

    @Test("a task left alone is chased like a ledger deadline: the unit, its chief, then the next level up, each step once")
    func overdueTasksEscalate() async throws {
        try await withWorld { world in
            let (_, code) = try await served(world)   // Wednesday 09:00 Beijing time
            #expect(try await rate(world, code: code, "dissatisfied", reasons: ["repeatedVisits"]).status == .created)
            let taskID = try #require(try await tasks(world, as: "a-officer").first?["id"] as? Int)
            #expect(try await world.app.rectifications.chase() == 0, "not due yet")
            world.app.clock.advance(by: 36 * 3600)    // Thursday 21:00: the call-back was due by Thursday's end
            #expect(try await world.app.rectifications.chase() == 0)
            world.app.clock.advance(by: 4 * 3600)     // Friday 01:00
            #expect(try await world.app.rectifications.chase() == 1, "the unit is chased")
            #expect(try await world.app.rectifications.chase() == 0, "each step once")
            world.app.clock.advance(by: 24 * 3600)    // Saturday 01:00: a working day late
            #expect(try await world.app.rectifications.chase() == 1, "its chief")
            world.app.clock.advance(by: 72 * 3600)    // Tuesday 01:00: Monday was a working day too
            #expect(try await world.app.rectifications.chase() == 1, "the district above")
            let task = try #require(try await RectificationStore.task(taskID, on: world.app.db))
            #expect(task.chaseLevel == 3 && task.escalatedAt != nil)
            let chased = try await AuditEvent.query(on: world.app.db).filter(\.$kind == "rectificationChased").sort(\.$id).all()
            #expect(chased.count == 3)
            #expect(chased.last?.payload.contains("unit:\(world.d1)") == true, "the last step reaches the district")

            // The late call-back starts the rectification's own clock.
            try await world.expectOK(world.send(.POST, "/api/v1/rectifications/\(taskID)/callback", as: "a-officer", json: ["note": "已联系"]))
            let after = try #require(try await RectificationStore.task(taskID, on: world.app.db))
            #expect(after.chaseLevel == 0 && after.deadlineAt == after.rectifyDueAt)
        }
    }

    @Test("the serving unit's chief appeals a 差评 once; only the covering call-back office decides; upheld sets it aside and withdraws the task")
    func appeals() async throws {
        try await withWorld { world in
            let (_, code) = try await served(world)
            #expect(try await rate(world, code: code, "veryDissatisfied", reasons: ["poorAttitude"]).status == .created)
            let evaluation = try #require(try await world.send(.GET, "/api/v1/evaluations?bad=true", as: "a-chief").jsonArray.first?["id"] as? Int)
            let appeal = ["reason": "该群众当日未到窗口，系误评"]
            #expect(try await world.send(.POST, "/api/v1/evaluations/\(evaluation)/appeal", as: "a-officer", json: appeal).status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/evaluations/\(evaluation)/appeal", as: "d1-chief", json: appeal).status == .forbidden)
            #expect(try await world.send(.POST, "/api/v1/evaluations/\(evaluation)/appeal", as: "b-chief", json: appeal).status == .notFound)
            try await noContent(world.send(.POST, "/api/v1/evaluations/\(evaluation)/appeal", as: "a-chief", json: appeal))
            #expect(try await world.send(.POST, "/api/v1/evaluations/\(evaluation)/appeal", as: "a-chief", json: appeal).status == .unprocessableEntity)

            let decision = ["decision": "upheld", "note": "经核实属误评"]
            for who in ["a-chief", "d1-chief", "city-chief", "d2-callback"] {
                let reply = try await world.send(.POST, "/api/v1/evaluations/\(evaluation)/appeal/decision", as: who, json: decision)
                #expect(reply.status == .forbidden, "\(who): \(reply.status)")
            }
            #expect(try await world.send(.GET, "/api/v1/callbacks/evaluation-appeals", as: "callback").jsonArray.map { $0["id"] as? Int } == [evaluation])
            #expect(try await world.send(.GET, "/api/v1/callbacks/evaluation-appeals", as: "d2-callback").jsonArray.isEmpty)
            #expect(try await world.send(.GET, "/api/v1/callbacks/evaluation-appeals", as: "a-chief").status == .forbidden)
            try await noContent(world.send(.POST, "/api/v1/evaluations/\(evaluation)/appeal/decision", as: "callback", json: decision))
            #expect(try await world.send(.POST, "/api/v1/evaluations/\(evaluation)/appeal/decision", as: "callback", json: decision).status
                    == .unprocessableEntity)
            #expect(try await tasks(world, as: "a-officer").first?["stage"] as? String == "withdrawn")

            let report = try await world.send(.GET, "/api/v1/reports/evaluations?month=2026-03", as: "d1-chief")
            let hall = try #require((report.json["halls"] as? [[String: Any]])?.first)
            let counts = try #require(hall["counts"] as? [String: Any])
            #expect(counts["total"] as? Int == 0 && counts["setAside"] as? Int == 1, "a rating set aside is shown, not counted")
            let kinds = try await AuditEvent.query(on: world.app.db).all().map(\.kind)
            #expect(kinds.contains("evaluationAppealed") && kinds.contains("evaluationAppealDecided"))
        }
    }

    @Test("a completed application invites a rating; the month's figures per hall and window, and per hall on the public board")
    func figures() async throws {
        try await withWorld { world in
            let (slot, window) = try await booking.setUp(world, capacity: 5)
            for (index, rating) in ["verySatisfied", "satisfied", "basicallySatisfied", "dissatisfied"].enumerated() {
                let phone = "1391234000\(index)"
                let (_, code) = try await serveAnother(world, slot: slot, phone: phone)
                let reasons = rating == "dissatisfied" || rating == "basicallySatisfied" ? ["longWait"] : ["efficient"]
                #expect(try await world.send(.POST, "/api/v1/public/evaluations", json: [
                    "code": code, "phoneLast4": "000\(index)", "rating": rating, "reasons": reasons]).status == .created)
            }
            let applications = ApplicationTests()
            try await applications.setUp(world)
            let applied = try await world.sendMultipart("/api/v1/public/applications", fields: applications.fields(world), files: [
                ("attachments[]", "id.pdf", "application/pdf", ApplicationTests.pdf), ("attachments[]", "photo.png", "image/png", ApplicationTests.png)])
            let applicationCode = try #require(applied.json["code"] as? String)
            let application = try #require(try await ServiceStore.application(code: applicationCode, on: world.app.db)?.id)
            #expect(try await world.send(.POST, "/api/v1/public/evaluations", json: [
                "code": applicationCode, "phoneLast4": "5678", "rating": "satisfied"]).status == .unprocessableEntity, "not completed yet")
            try await world.expectOK(world.send(.POST, "/api/v1/applications/\(application)/status", as: "d1-chief", json: ["status": "completed"]))
            let token = try await linkToken(world, "application", application)
            #expect(try await world.send(.GET, "/api/v1/public/evaluations/\(token)").json["hall"] == nil)
            #expect(try await world.send(.POST, "/api/v1/public/evaluations", json: [
                "token": try #require(token.removingPercentEncoding), "rating": "veryDissatisfied", "reasons": ["slowHandling"]]).status == .created)
            #expect(try await tasks(world, as: "d1-chief").contains { $0["unitId"] as? Int == world.d1 }, "the handling unit's task")

            let report = try await world.send(.GET, "/api/v1/reports/evaluations?month=2026-03", as: "city-chief")
            let halls = try #require(report.json["halls"] as? [[String: Any]])
            let hall = try #require(halls.first { $0["hallId"] as? Int != nil })
            #expect((hall["counts"] as? [String: Any])?["total"] as? Int == 4)
            #expect(abs((hall["goodRate"] as? Double ?? 0) - 0.75) < 1e-9)
            #expect((hall["windows"] as? [[String: Any]])?.map { $0["windowId"] as? Int } == [window])
            #expect((hall["rectification"] as? [String: Any])?["opened"] as? Int == 1)
            let online = try #require(halls.first { $0["hallId"] == nil || $0["hallId"] is NSNull })
            #expect(online["unitId"] as? Int == world.d1 && (online["counts"] as? [String: Any])?["veryDissatisfied"] as? Int == 1)
            let stationView = try await world.send(.GET, "/api/v1/reports/evaluations?month=2026-03", as: "a-chief").json["halls"] as? [[String: Any]]
            #expect(stationView?.count == 1, "a station sees its own hall only")
            #expect(try await world.send(.GET, "/api/v1/reports/evaluations?month=March", as: "a-chief").invalidParams == ["month"])

            let board = try await world.send(.GET, "/api/v1/public/evaluations/halls?month=2026-03")
            let publicHall = try #require((board.json["halls"] as? [[String: Any]])?.first { $0["hallId"] as? Int != nil })
            #expect((publicHall["windows"] as? [Any])?.isEmpty == true, "the board shows halls")
            #expect(!board.text.contains("longWait") && !board.text.contains("139"))
            let page = try await world.send(.GET, "/board")
            #expect(page.text.contains("西一路派出所户籍室") && page.text.contains("75.0%") && !page.text.contains("1号窗口"))
            let (cookie, _) = try await world.signInWithCookie("d1-chief")
            let barometer = try await world.send(.GET, Page.barometer.path + "?unit=\(world.d1)&from=2026-03-01&to=2026-03-31", cookie: cookie)
            #expect(barometer.status == .ok && barometer.text.contains("service-ratings") && barometer.text.contains("1号窗口"),
                    "the barometer shows each window under its hall")
        }
    }

    @Test("the link page and the code page rate on the five levels, keep what was typed on an error, and say when it is done")
    func pages() async throws {
        try await withWorld { world in
            let (appointment, code) = try await served(world)
            let token = try await linkToken(world, "appointment", appointment)
            let page = try await world.send(.GET, "/evaluate/\(token)")
            #expect(page.status == .ok && page.text.contains("非常不满意") && page.text.contains("等候时间长"))
            let csrf = TestWorld.csrf(in: page.text) ?? ""
            let wrong = try await world.send(.POST, "/evaluate/\(token)", form: ["csrf": csrf, "rating": "dissatisfied", "comment": "等了两小时"])
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("等了两小时"))
            let lookup = try await world.send(.POST, "/evaluate", form: ["csrf": csrf, "code": code, "phoneLast4": "5678"])
            #expect(lookup.status == .ok && lookup.text.contains("evaluate-form"))
            let done = try await world.send(.POST, "/evaluate", form: ["csrf": csrf, "code": code, "phoneLast4": "5678", "rating": "dissatisfied",
                                                                       "reasons[]": "longWait", "comment": "等了两小时"])
            #expect(done.status == .created && done.text.contains("evaluated"), "\(done.text)")
            #expect(try await world.send(.POST, "/evaluate", form: ["csrf": csrf, "code": code, "phoneLast4": "5678"]).text.contains("already-rated"))
            #expect(try await world.send(.GET, "/evaluate/\(token)").status == .gone)
        }
    }
}
