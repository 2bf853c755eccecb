import Fluent
import SQLKit

/// 好差评 for services: an appointment is marked served; a served appointment or a completed
/// application gets a one-time evaluation link; the resident's rating on five levels, with its
/// reasons, any appeal against it and its decision; and for a real-name 差评, the rectification
/// task with its deadline and its chase.
struct M0054_CreateServiceEvaluations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("appointments").field("served_at", .datetime).update()
        try await database.schema("appointments").field("served_by", .int).update()

        try await database.schema("evaluation_links")
            .field(.id, .int, .identifier(auto: true))
            .field("case_kind", .string, .required)
            .field("case_id", .int, .required)
            .field("token_digest", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "case_kind", "case_id")
            .unique(on: "token_digest")
            .constraint(.custom(SQLRaw("CHECK (case_kind IN ('appointment','application'))")))
            .create()

        try await database.schema("service_evaluations")
            .field(.id, .int, .identifier(auto: true))
            .field("case_kind", .string, .required)
            .field("case_id", .int, .required)
            .field("service_code", .string, .required)
            // The unit that served: the hall's unit, or the unit handling the application.
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int)
            .field("city_id", .int, .required)
            .field("hall_id", .int, .references("service_halls", "id"))
            .field("window_id", .int, .references("hall_windows", "id"))
            .field("rating", .string, .required)
            .field("reasons", .string, .required)
            .field("comment", .string, .required)
            .field("channel", .string, .required)
            .field("anonymous", .bool, .required)
            .field("rated_at", .datetime, .required)
            .field("appeal_state", .string)
            .field("appeal_reason", .string)
            .field("appealed_by", .int)
            .field("appealed_at", .datetime)
            .field("appeal_decided_by", .int)
            .field("appeal_decided_at", .datetime)
            .field("appeal_note", .string)
            // 一次一评: one rating per served case, whatever the channel.
            .unique(on: "case_kind", "case_id")
            .constraint(.custom(SQLRaw("CHECK (case_kind IN ('appointment','application'))")))
            .constraint(.custom(SQLRaw("""
                CHECK (rating IN ('verySatisfied','satisfied','basicallySatisfied','dissatisfied','veryDissatisfied'))
                """)))
            .constraint(.custom(SQLRaw("CHECK (appeal_state IS NULL OR appeal_state IN ('pending','upheld','rejected'))")))
            .create()
        // The monthly figures per hall, per unit and per city, and the office's waiting appeals.
        let sql = database.sql
        try await sql.create(index: "service_evaluations_hall_idx").on("service_evaluations").column("hall_id").column("rated_at").run()
        try await sql.create(index: "service_evaluations_unit_idx").on("service_evaluations").column("unit_id").column("rated_at").run()
        try await sql.create(index: "service_evaluations_city_idx").on("service_evaluations").column("city_id").column("rated_at").run()
        try await sql.raw("CREATE INDEX service_evaluations_appeal_idx ON service_evaluations (city_id, id) WHERE appeal_state = 'pending'").run()

        try await database.schema("rectification_tasks")
            .field(.id, .int, .identifier(auto: true))
            .field("evaluation_id", .int, .required, .references("service_evaluations", "id"))
            .field("unit_id", .int, .required, .references("units", "id"))
            .field("district_id", .int)
            .field("city_id", .int, .required)
            .field("stage", .string, .required)
            .field("rated_at", .datetime, .required)
            // The current stage's deadline (open tasks only), and the rectification's, kept for the figures.
            .field("deadline_at", .datetime)
            .field("rectify_due_at", .datetime, .required)
            .field("chase_level", .int, .required)
            .field("escalated_at", .datetime)
            .field("called_back_at", .datetime)
            .field("called_back_by", .int)
            .field("callback_note", .string)
            .field("rectified_at", .datetime)
            .field("rectified_by", .int)
            .field("answer", .string)
            .field("withdrawn_at", .datetime)
            .unique(on: "evaluation_id")
            .constraint(.custom(SQLRaw("CHECK (stage IN ('awaitingCallback','awaitingRectification','rectified','withdrawn'))")))
            .constraint(.custom(SQLRaw("CHECK ((stage IN ('awaitingCallback','awaitingRectification')) = (deadline_at IS NOT NULL))")))
            .constraint(.custom(SQLRaw("CHECK ((stage = 'rectified') = (rectified_at IS NOT NULL))")))
            .create()
        // The chase finds open tasks past their deadline; each unit lists its own by stage.
        try await sql.raw("""
            CREATE INDEX rectification_tasks_open_idx ON rectification_tasks (deadline_at)
            WHERE stage IN ('awaitingCallback','awaitingRectification')
            """).run()
        try await sql.create(index: "rectification_tasks_unit_idx").on("rectification_tasks").column("unit_id").column("id").run()
        try await sql.create(index: "rectification_tasks_district_idx").on("rectification_tasks").column("district_id").column("id").run()
        try await sql.create(index: "rectification_tasks_city_idx").on("rectification_tasks").column("city_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rectification_tasks").delete()
        try await database.schema("service_evaluations").delete()
        try await database.schema("evaluation_links").delete()
        try await database.schema("appointments").deleteField("served_by").update()
        try await database.schema("appointments").deleteField("served_at").update()
    }
}
