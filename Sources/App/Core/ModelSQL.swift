import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Reads and writes of single models in one raw statement each, for the paths every action takes.
/// FluentKit builds each query as a tree of SQLKit expressions and serialises it afresh, escaping
/// every identifier: for a lookup by id or a one-row write that cost about three times SQLite's
/// own work. These do the same as `find`, `create` and `save`, for models whose id the database
/// generates in a column named `id` and that keep no `@Timestamp`s (FluentKit fills those in itself).
extension Model where IDValue == Int {
    package static func fetch(_ id: Int, on db: any Database) async throws -> Self? {
        try await select("WHERE id = \(bind: id)", on: db).first
    }

    /// The models with these ids (none asked, none read).
    static func fetch(_ ids: some Collection<Int>, on db: any Database) async throws -> [Self] {
        guard !ids.isEmpty else { return [] }
        return try await select("WHERE id IN (\(SQLKit.SQLList(ids.map { SQLBind($0) })))", on: db)
    }

    /// As `create`: inserts the row and takes the id the database gave it.
    func insertRow(on db: any Database) async throws {
        let input = CollectedInput()
        self.input(to: input)
        let values = input.values.filter { $0.key.description != "id" }
        let id = try await db.statements.value("""
            INSERT INTO \(unsafeRaw: Self.schema) (\(unsafeRaw: values.map(\.key.description).joined(separator: ", ")))
            VALUES (\(SQLKit.SQLList(try values.map { try $0.value.sql() }))) RETURNING id
            """, column: "id", as: Int.self)
        guard let id else { throw AppError(status: .internalServerError, title: "Insert failed", detail: "\(Self.schema): no id returned") }
        try output(from: SavedOutput(values: values + [(FieldKey.id, .bind(id))]))
    }

    /// As `save` of a row already there: writes the fields that changed, if any.
    func updateRow(on db: any Database) async throws {
        let input = CollectedInput()
        self.input(to: input)
        let values = input.values.filter { $0.key.description != "id" }
        guard !values.isEmpty, let id else { return }
        let assignments = try values.map { SQLQueryString("\(unsafeRaw: $0.key.description) = \(try $0.value.sql())") }
        try await db.statements.run("UPDATE \(unsafeRaw: Self.schema) SET \(assignments.joined(separator: ", ")) WHERE id = \(bind: id)")
        try output(from: SavedOutput(values: input.values))
    }
}

extension Model {
    /// The models whose rows `condition` (the statement's end: WHERE, ORDER BY) selects.
    static func select(_ condition: SQLQueryString, on db: any Database) async throws -> [Self] {
        try await db.statements.models("SELECT * FROM \(unsafeRaw: schema) \(condition)", as: Self.self)
    }
}

/// The fields a model hands to the database (only those set since it was read or saved).
private final class CollectedInput: DatabaseInput {
    var values: [(key: FieldKey, value: DatabaseQuery.Value)] = []
    func set(_ value: DatabaseQuery.Value, at key: FieldKey) {
        values.removeAll { $0.key == key }
        values.append((key, value))
    }
}

/// Written values read back into the model, so it holds them as saved (as FluentKit does).
private struct SavedOutput: DatabaseOutput {
    let values: [(key: FieldKey, value: DatabaseQuery.Value)]
    var description: String { "\(values.map(\.key))" }
    func schema(_ schema: String) -> any DatabaseOutput { self }
    func contains(_ key: FieldKey) -> Bool { values.contains { $0.key == key } }
    func decodeNil(_ key: FieldKey) throws -> Bool {
        guard let value = values.first(where: { $0.key == key })?.value else { return true }
        if case .null = value { return true }
        return false
    }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
        guard case .bind(let value)? = values.first(where: { $0.key == key })?.value, let typed = value as? T else {
            throw AppError(status: .internalServerError, title: "Saved value unreadable", detail: "\(key) as \(T.self)")
        }
        return typed
    }
}

private extension DatabaseQuery.Value {
    func sql() throws -> any SQLExpression {
        switch self {
        case .bind(let value): SQLBind(value)
        case .null: SQLLiteral.null
        case .enumCase(let name): SQLLiteral.string(name)
        case .default: SQLLiteral.default
        default: throw AppError(status: .internalServerError, title: "Unsupported value", detail: "arrays, dictionaries and custom values go through FluentKit")
        }
    }
}

extension Database {
    /// The database as SQLKit sees it. Both drivers (SQLite, PostgreSQL) are SQL databases, so
    /// this cannot fail; it is the one place that says so.
    package var sql: any SQLDatabase { self as! any SQLDatabase }
}
