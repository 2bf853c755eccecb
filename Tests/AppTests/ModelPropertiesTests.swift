import Fluent
import Foundation
import SQLKit
import Testing
@testable import App

/// Models list their properties by hand for speed (see `ModelCatalog`); these lists must be exactly
/// what reflection finds, or a field would silently never be saved or loaded.
@Suite("Hand-listed model properties")
struct ModelPropertiesTests {
    @Test("every model lists exactly the property wrappers it declares, once each")
    func listsMatchReflection() {
        for type in ModelCatalog.all {
            let model = type.init()
            let listed = model.properties.map { ObjectIdentifier($0 as AnyObject) }
            let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }.map { ObjectIdentifier($0 as AnyObject) }
            #expect(Set(listed).count == listed.count, "\(type) lists a property twice")
            #expect(Set(listed) == Set(reflected), "\(type) lists \(listed.count) properties; it declares \(reflected.count)")
        }
    }

    @Test("a field left out of the list is caught: it is neither saved nor loaded")
    func anOmissionWouldLoseData() async throws {
        // What the check above guards against, shown on a real save: a list without `summary`.
        final class Careless: Model, @unchecked Sendable {
            static let schema = "units"
            @ID(custom: .id, generatedBy: .database) var id: Int?
            @Field(key: "name") var name: String
            var properties: [any AnyProperty] { [$id] }
            init() {}
        }
        let model = Careless()
        let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }
        #expect(model.properties.count < reflected.count)
        #expect(!Careless.keys.contains(FieldKey("name")), "a field not listed is not among the keys Fluent selects")
    }

    @Test("every table the migrations create belongs to a catalogued model, or is named here with the reason")
    func catalogCoversEveryTable() async throws {
        try await withWorld { world in
            let sql = world.app.db.sql
            let query: SQLQueryString = TestWorld.usesPostgres
                ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT name FROM sqlite_master WHERE type = 'table'"
            let tables = Set(try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
            let modelless: Set<String> = [
                "_fluent_migrations",  // Fluent's own
                "sqlite_sequence",  // SQLite's own
                "matter_tallies", "matter_tally_changes",  // kept by triggers, read by aggregate queries (MatterTallies)
                "data_key_canary",  // one row the data key must open at every start (KeyCustody)
                "text_personal_data",  // sealed values found in free text (TextPersonalData)
                "text_scan_progress",  // how far older texts have been scanned (TextPersonalData.sealOlderTexts)
                "rating_links",  // one-time rating links, read and written by RatingLinks' statements
                "callback_calls",  // the call-back office's calls (CallbackStore)
                "rechecks", "recheck_draws",  // random re-checks and their daily draws (RecheckStore)
                "evaluation_links", "service_evaluations",  // 好差评: links and ratings (EvaluationStore)
                "rectification_tasks",  // 差评 being put right (RectificationStore)
            ]
            let catalogued = Set(ModelCatalog.all.map { $0.schema })
            let unexplained = tables.subtracting(catalogued).subtracting(modelless).filter { !$0.hasPrefix("matter_search") }
            #expect(unexplained.isEmpty, "tables without a catalogued model: \(unexplained.sorted())")
            #expect(catalogued.isSubset(of: tables), "catalogued models without a table: \(catalogued.subtracting(tables).sorted())")
        }
    }
}
