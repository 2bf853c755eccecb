import Foundation
import LedgerCore
import Testing
@testable import App

/// The halls' desk and the office's appeals, in the browser's way: forms with the CSRF field.
@Suite("The service desk pages")
struct ServiceDeskPageTests {
    let evaluations = EvaluationTests()

    @Test("a window serves a booking, the unit calls back and puts a 差评 right, its chief appeals, and the office decides, all from the pages")
    func walk() async throws {
        try await withWorld { world in
            let (slot, _) = try await evaluations.booking.setUp(world, capacity: 5)
            let booked = try await evaluations.booking.book(world, slot: slot, phone: "13912345678")
            let code = try #require(booked.json["code"] as? String)
            let appointment = try #require(try await ServiceStore.appointment(code: code, on: world.app.db)?.id)
            world.app.clock.set(TestWorld.t0.addingTimeInterval(48 * 3600))

            let (other, _) = try await world.signInWithCookie("b-officer")
            let elsewhere = try await world.send(.GET, Page.serviceDesk.path, cookie: other)
            #expect(elsewhere.status == .ok && elsewhere.text.contains("bookings-empty") && !elsewhere.text.contains(code))

            let (cookie, csrf) = try await world.signInWithCookie("a-officer")
            let desk = try await world.send(.GET, Page.serviceDesk.path, cookie: cookie)
            #expect(desk.status == .ok && desk.text.contains("booking-\(appointment)") && desk.text.contains("李*") && !desk.text.contains("李四"))
            #expect(desk.text.contains("nav-service-desk"))
            let served = try await world.send(.POST, Page.serveAppointment(appointment).path, cookie: cookie, form: ["csrf": csrf])
            #expect(served.status == .seeOther)
            #expect(try await Appointment.fetch(appointment, on: world.app.db)?.status == .served)
            #expect(try await world.send(.POST, Page.serveAppointment(appointment).path, cookie: cookie, form: ["csrf": csrf]).status
                    == .unprocessableEntity, "served twice")

            #expect(try await evaluations.rate(world, code: code, "dissatisfied", reasons: ["longWait"]).status == .created)
            let taskID = try #require(try await evaluations.tasks(world, as: "a-officer").first?["id"] as? Int)
            let withTask = try await world.send(.GET, Page.serviceDesk.path, cookie: cookie)
            #expect(withTask.text.contains("task-\(taskID)") && withTask.text.contains("139****5678") && !withTask.text.contains("13912345678"))
            let number = try await world.send(.POST, Page.rectificationPhone(taskID).path, cookie: cookie, form: ["csrf": csrf])
            #expect(number.status == .ok && number.text.contains("13912345678"))
            #expect(try await world.send(.POST, Page.rectificationCallback(taskID).path, cookie: cookie, form: ["csrf": csrf, "note": "已致电"]).status
                    == .seeOther)
            let empty = try await world.send(.POST, Page.rectificationRectify(taskID).path, cookie: cookie, form: ["csrf": csrf, "answer": ""])
            #expect(empty.status == .unprocessableEntity && empty.text.contains("answer"))
            #expect(try await world.send(.POST, Page.rectificationRectify(taskID).path, cookie: cookie, form: ["csrf": csrf, "answer": "已增开窗口"]).status
                    == .seeOther)
            #expect(try await RectificationStore.task(taskID, on: world.app.db)?.stage == .rectified)

            let evaluation = try #require(try await RectificationStore.task(taskID, on: world.app.db)?.evaluationId)
            #expect(!withTask.text.contains("appealable-\(evaluation)"), "an officer is offered the chief's appeal")
            let (chief, chiefCSRF) = try await world.signInWithCookie("a-chief")
            #expect(try await world.send(.GET, Page.serviceDesk.path, cookie: chief).text.contains("appealable-\(evaluation)"))
            #expect(try await world.send(.POST, Page.evaluationAppeal(evaluation).path, cookie: chief,
                                         form: ["csrf": chiefCSRF, "reason": "群众当日未到窗口"]).status == .seeOther)
            #expect(try await world.send(.GET, Page.callbacks.path, cookie: chief).status == .forbidden)

            let (office, officeCSRF) = try await world.signInWithCookie("callback")
            let callbacks = try await world.send(.GET, Page.callbacks.path, cookie: office)
            #expect(callbacks.text.contains("appeal-\(evaluation)") && callbacks.text.contains("群众当日未到窗口"))
            let undecided = try await world.send(.POST, Page.appealDecision(evaluation).path, cookie: office, form: ["csrf": officeCSRF, "note": "核实"])
            #expect(undecided.status == .unprocessableEntity)
            #expect(try await world.send(.POST, Page.appealDecision(evaluation).path, cookie: office,
                                         form: ["csrf": officeCSRF, "verdict": "rejected", "note": "录像显示群众到场"]).status == .seeOther)
            #expect(try await EvaluationStore.evaluation(evaluation, on: world.app.db)?.appealState == .rejected)
        }
    }
}
