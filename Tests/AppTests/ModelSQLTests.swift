@testable import App
import Fluent
import SQLKit
import Testing

@Suite("Single-model reads and writes in raw SQL")
struct ModelSQLTests {
    @Test("insertRow, fetch and updateRow do what create, find and save do, and an update writes only what changed")
    func roundTrip() async throws {
        try await withWorld { world in
            let db = world.app.db, sql = world.app.db.sql
            let day = CalendarDay()
            day.day = "2031-02-03"; day.working = false; day.name = "春节"
            try await day.insertRow(on: db)
            let id = try #require(day.id)
            #expect(day.$id.exists)

            let read = try #require(try await CalendarDay.fetch(id, on: db))
            #expect(read.day == "2031-02-03" && read.working == false && read.name == "春节")
            #expect(try await CalendarDay.fetch(id + 1000, on: db) == nil)

            // Someone else changes the name; saving our unchanged copy must not undo that.
            try await sql.raw("UPDATE calendar_days SET name = '除夕' WHERE id = \(bind: id)").run()
            try await day.updateRow(on: db)
            #expect(try await CalendarDay.fetch(id, on: db)?.name == "除夕")

            // Our change of one field leaves the other's change in place.
            try await sql.raw("UPDATE calendar_days SET working = \(bind: true) WHERE id = \(bind: id)").run()
            read.name = "春节假期"
            try await read.updateRow(on: db)
            let after = try #require(try await CalendarDay.fetch(id, on: db))
            #expect(after.name == "春节假期" && after.working == true)
        }
    }
}
