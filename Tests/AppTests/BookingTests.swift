@testable import App
import Foundation
import NIOConcurrencyHelpers
import Testing

/// A sender that records what it was given and can be told to fail.
final class RecordingSender: NotificationSender {
    let sent = NIOLockedValueBox<[OutboundMessage]>([])
    let failuresLeft = NIOLockedValueBox(0)

    func send(_ message: OutboundMessage) async throws {
        let fail = failuresLeft.withLockedValue { left -> Bool in
            if left > 0 { left -= 1; return true }
            return false
        }
        if fail { throw AppError(status: .serviceUnavailable, title: "gateway", detail: "down") }
        sent.withLockedValue { $0.append(message) }
    }
}

@Suite("Service catalogue, halls and appointments")
struct BookingTests {
    /// A catalogue entry, a hall with one window taking it, and one slot the day after tomorrow at 09:00.
    func setUp(_ world: TestWorld, capacity: Int = 2) async throws -> (slot: Int, window: Int) {
        let service = try await world.send(.POST, "/api/v1/services", as: "admin", json: [
            "code": "hukou-move", "category": "household", "nameZh": "户口迁移", "nameEn": "Household registration transfer",
            "description": "市内户口迁移", "materials": ["居民身份证", "户口簿"], "steps": ["预约", "到窗口提交材料"],
            "timeLimitDays": 5, "fee": "免费"])
        #expect(service.status == .created, "\(service.text)")
        let hall = try await world.send(.POST, "/api/v1/halls", as: "admin", json: [
            "name": "西一路派出所户籍室", "kind": "stationRoom", "unitId": world.stationA, "address": "西一路1号", "hours": "周一至周五 9:00-17:00"])
        let hallID = try #require(hall.json["id"] as? Int)
        let window = try await world.send(.POST, "/api/v1/halls/\(hallID)/windows", as: "admin", json: ["name": "1号窗口", "serviceCodes": ["hukou-move"]])
        let windowID = try #require(window.json["id"] as? Int)
        let start = ISO8601DateFormatter().string(from: TestWorld.t0.addingTimeInterval(48 * 3600))
        let slots = try await world.send(.POST, "/api/v1/windows/\(windowID)/slots", as: "admin", json: ["startsAt": [start], "capacity": capacity])
        #expect(slots.status == .created, "\(slots.text)")
        let free = try await world.send(.GET, "/api/v1/public/slots?service=hukou-move").jsonArray
        return (try #require(free.first?["id"] as? Int), windowID)
    }

    func book(_ world: TestWorld, slot: Int, phone: String) async throws -> TestWorld.Reply {
        try await world.send(.POST, "/api/v1/public/appointments", json: ["slotId": slot, "serviceCode": "hukou-move", "name": "李四", "phone": phone],
                             headers: [("X-Test", phone)])
    }

    @Test("many residents racing for the last places never overbook a slot")
    func noOverbooking() async throws {
        try await withWorld { world in
            let (slot, _) = try await setUp(world, capacity: 3)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<12 {
                    group.addTask { Int(try await book(world, slot: slot, phone: String(format: "139%08d", index)).status.code) }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 3)
            #expect(statuses.filter { $0 == 409 }.count == 9)
            let free = try await world.send(.GET, "/api/v1/public/slots?service=hukou-move").jsonArray
            #expect(free.first?["free"] as? Int == 0)
            #expect(try await Appointment.query(on: world.app.db).count() == 3)
        }
    }

    @Test("a booking queues a confirmation and a reminder; cancelling frees the place and withdraws the reminder")
    func bookAndCancel() async throws {
        try await withWorld { world in
            let (slot, _) = try await setUp(world, capacity: 1)
            let booked = try await book(world, slot: slot, phone: "13912345678")
            #expect(booked.status == .created)
            let code = try #require(booked.json["code"] as? String)
            #expect(try await book(world, slot: slot, phone: "13912340000").status == .conflict)
            let sender = RecordingSender()
            try await Outbox.dispatch(world.app, sender: sender)
            #expect(sender.sent.withLockedValue { $0.map(\.template) } == ["appointmentBooked"], "the reminder waits until a day before")
            // A wrong phone ending does not cancel.
            #expect(try await world.send(.POST, "/api/v1/public/appointments/cancel", json: ["code": code, "phoneLast4": "0000"]).status == .notFound)
            #expect(try await world.send(.POST, "/api/v1/public/appointments/cancel", json: ["code": code, "phoneLast4": "5678"]).status == .noContent)
            #expect(try await world.send(.POST, "/api/v1/public/appointments/cancel", json: ["code": code, "phoneLast4": "5678"]).status == .conflict)
            #expect(try await book(world, slot: slot, phone: "13912340000").status == .created, "the freed place can be booked again")
            world.app.clock.advance(by: 23 * 3600)
            try await Outbox.dispatch(world.app, sender: sender)
            #expect(sender.sent.withLockedValue { $0.count } == 2, "not a day before yet")
            world.app.clock.advance(by: 2 * 3600)
            try await Outbox.dispatch(world.app, sender: sender)
            let templates = sender.sent.withLockedValue { $0.map(\.template) }
            #expect(templates == ["appointmentBooked", "appointmentBooked", "appointmentReminder"], "only the live booking is reminded")
        }
    }

    @Test("the outbox retries a failing gateway, sends each message once, and survives a restart of the dispatcher")
    func outboxDelivery() async throws {
        try await withWorld { world in
            let (slot, _) = try await setUp(world, capacity: 5)
            _ = try await book(world, slot: slot, phone: "13912345678")
            let sender = RecordingSender()
            sender.failuresLeft.withLockedValue { $0 = 1 }
            #expect(try await Outbox.dispatch(world.app, sender: sender) == 0)
            #expect(try await Outbox.dispatch(world.app, sender: sender) == 0, "the failed message waits for its back-off")
            world.app.clock.advance(by: 120)
            #expect(try await Outbox.dispatch(world.app, sender: sender) == 1)
            #expect(try await Outbox.dispatch(world.app, sender: sender) == 0)
            #expect(sender.sent.withLockedValue { $0.count } == 1)
            // The default sender writes the log with the phone masked and never twice for one id.
            let path = NSTemporaryDirectory() + "minyi-outbox-\(UUID().uuidString).log"
            defer { try? FileManager.default.removeItem(atPath: path) }
            let message = OutboundMessage(id: 7, channel: .sms, recipient: "13912345678", template: "appointmentBooked", payload: ["code": "YY-1"])
            try await LogFileSender(path: path).send(message)
            try await LogFileSender(path: path).send(message)  // a new process reads what was sent
            let log = try String(contentsOfFile: path, encoding: .utf8)
            #expect(log.split(separator: "\n").count == 1)
            #expect(log.contains("139********") && !log.contains("5678"), "no last four digits in a log: they sign for the resident")
            #expect(log.contains("code") && !log.contains("YY-1"), "field names only, never a code")
        }
    }

    @Test("bad bookings are refused with the field named")
    func badBookings() async throws {
        try await withWorld { world in
            let (slot, _) = try await setUp(world)
            let cases: [([String: Any], String)] = [
                (["slotId": slot, "serviceCode": "hukou-move", "name": "李四", "phone": "123"], "phone"),
                (["slotId": slot, "serviceCode": "hukou-move", "name": "", "phone": "13912345678"], "name"),
                (["slotId": 99999, "serviceCode": "hukou-move", "name": "李四", "phone": "13912345678"], "slotId"),
                (["slotId": slot, "serviceCode": "passport", "name": "李四", "phone": "13912345678"], "serviceCode"),
            ]
            for (body, field) in cases {
                let reply = try await world.send(.POST, "/api/v1/public/appointments", json: body)
                #expect(reply.invalidParams == [field], "\(reply.text)")
            }
            world.app.clock.advance(by: 3 * 24 * 3600)
            let late = try await world.send(.POST, "/api/v1/public/appointments", json: ["slotId": slot, "serviceCode": "hukou-move", "name": "李四", "phone": "13912345678"])
            #expect(late.invalidParams == ["slotId"])
            #expect(try await world.send(.POST, "/api/v1/services", as: "a-chief", json: ["code": "x"]).status == .forbidden)
        }
    }

    @Test("the guide names the halls and windows that handle a service")
    func guide() async throws {
        try await withWorld { world in
            _ = try await setUp(world)
            let guide = try await world.send(.GET, "/api/v1/public/services/hukou-move").json
            let halls = guide["halls"] as? [[String: Any]] ?? []
            #expect(halls.first?["name"] as? String == "西一路派出所户籍室")
            #expect((guide["service"] as? [String: Any])?["materials"] as? [String] == ["居民身份证", "户口簿"])
            #expect(try await world.send(.GET, "/api/v1/public/services/none").status == .notFound)
            #expect(try await world.send(.GET, "/api/v1/public/services?category=weather").invalidParams == ["category"])
        }
    }
}

@Suite("Outbox after a crash")
struct OutboxCrashTests {
    @Test("a row claimed by a dispatcher that died is sent once, after the claim runs out")
    func claimedThenCrashed() async throws {
        try await withWorld { world in
            let sealed = try world.app.cipher.seal("13912345678")
            let now = world.app.clock.now()
            try await world.app.write { db in
                try await Outbox.enqueue(on: db, dedupeKey: "test:1", channel: .sms, recipientSealed: sealed, template: "t", payload: [:], notBefore: now, now: now)
                try await Outbox.enqueue(on: db, dedupeKey: "test:1", channel: .sms, recipientSealed: sealed, template: "t", payload: [:], notBefore: now, now: now)
                // A dispatcher claimed it and died before sending or marking it.
                try await OutboxMessage.query(on: db).set(\.$claimedUntil, to: now.addingTimeInterval(60)).update()
            }
            #expect(try await OutboxMessage.query(on: world.app.db).count() == 1, "one dedupe key, one row")
            let sender = RecordingSender()
            #expect(try await Outbox.dispatch(world.app, sender: sender) == 0, "still claimed")
            world.app.clock.advance(by: 61)
            #expect(try await Outbox.dispatch(world.app, sender: sender) == 1)
            #expect(try await Outbox.dispatch(world.app, sender: sender) == 0)
            #expect(sender.sent.withLockedValue { $0.count } == 1)
        }
    }

    @Test("the guide is in English for an English reader where the catalogue has it, in Chinese where it has not")
    func englishGuide() async throws {
        try await withWorld { world in
            let created = try await world.send(.POST, "/api/v1/services", as: "admin", json: [
                "code": "passport", "category": "exitEntry", "nameZh": "普通护照办理", "nameEn": "Passport",
                "description": "普通护照首次申领", "materials": ["居民身份证"], "steps": ["预约", "到窗口提交材料"], "timeLimitDays": 7, "fee": "按国家规定收费",
                "descriptionEn": "A first ordinary passport", "materialsEn": ["Resident ID card"], "stepsEn": ["Book", "Bring the materials to the window"],
                "feeEn": "As the state prescribes"])
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["materialsEn"] as? [String] == ["Resident ID card"])
            let bad = try await world.send(.POST, "/api/v1/services", as: "admin", json: [
                "code": "visa", "category": "exitEntry", "nameZh": "签证", "nameEn": "Visa", "description": "", "materials": [], "steps": [],
                "timeLimitDays": 7, "fee": "", "descriptionEn": String(repeating: "x", count: 2001)])
            #expect(bad.status == .unprocessableEntity && bad.invalidParams == ["descriptionEn"])
            _ = try await world.send(.POST, "/api/v1/services", as: "admin", json: [
                "code": "hukou-move", "category": "household", "nameZh": "户口迁移", "nameEn": "Household registration transfer",
                "description": "市内户口迁移", "materials": ["户口簿"], "steps": ["预约"], "timeLimitDays": 5, "fee": "免费"])
            let english = [("Cookie", "\(PageLanguage.cookieName)=en")]
            let guide = try await world.send(.GET, "/services/passport", headers: english).text
            for text in ["A first ordinary passport", "Resident ID card", "Bring the materials to the window", "As the state prescribes"] {
                #expect(guide.contains(text), "\(text)")
            }
            for text in ["普通护照首次申领", "居民身份证", "到窗口提交材料", "按国家规定收费"] { #expect(!guide.contains(text), "\(text)") }
            #expect(try await world.send(.GET, "/services/passport").text.contains("普通护照首次申领"), "Chinese readers read the Chinese")
            // No English guide yet: the Chinese is shown rather than nothing.
            #expect(try await world.send(.GET, "/services/hukou-move", headers: english).text.contains("市内户口迁移"))
        }
    }
}
