import Fluent
import FluentSQL
import SQLKit

/// The one way stores run SQL they write themselves: a statement (text with its binds) in,
/// typed rows out. Stores see no driver's row type, so the SQLite side can move to another
/// driver (GRDB is the candidate of the speed work) by changing this file, not the stores.
/// Fluent's query builder, where stores still use it, goes through Fluent's own drivers.
package struct Statements: Sendable {
    package enum Dialect: Sendable { case sqlite, postgresql }

    private let sql: any SQLDatabase

    package init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Which SQL the statements must be written in. Only stores ask, and only for the few
    /// places the two databases differ (row locks, full-text search, date arithmetic).
    package var dialect: Dialect { sql.dialect.name == "sqlite" ? .sqlite : .postgresql }

    /// The dialect's name as the frozen SQL texts of migrations and tallies spell it.
    package var dialectName: String { dialect == .sqlite ? "sqlite" : "postgresql" }

    /// Every row, each decoded by column name: `snake_case` columns fill `camelCase` properties.
    package func rows<Row: Decodable>(_ statement: SQLQueryString, as type: Row.Type = Row.self) async throws -> [Row] {
        try await sql.raw(statement).all().map { try $0.decode(model: Row.self, keyDecodingStrategy: .convertFromSnakeCase) }
    }

    /// The first row, if there is one.
    package func row<Row: Decodable>(_ statement: SQLQueryString, as type: Row.Type = Row.self) async throws -> Row? {
        try await sql.raw(statement).first()?.decode(model: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// One column of every row.
    package func values<Value: Decodable>(_ statement: SQLQueryString, column: String, as type: Value.Type) async throws -> [Value] {
        try await sql.raw(statement).all().map { try $0.decode(column: column, as: Value.self) }
    }

    /// One column of the first row; nil when there is no row.
    package func value<Value: Decodable>(_ statement: SQLQueryString, column: String, as type: Value.Type) async throws -> Value? {
        try await sql.raw(statement).first()?.decode(column: column, as: Value.self)
    }

    /// Whole models, read as Fluent would read them.
    package func models<M: Model>(_ statement: SQLQueryString, as type: M.Type) async throws -> [M] {
        try await sql.raw(statement).all(decodingFluent: M.self)
    }

    /// A statement whose rows, if any, are not wanted.
    package func run(_ statement: SQLQueryString) async throws {
        try await sql.raw(statement).run()
    }

    /// Many rows into one table in one statement (`values` in the order of `columns`).
    package func insert(into table: String, columns: [String], values rows: [[any Encodable & Sendable]]) async throws {
        guard !rows.isEmpty else { return }
        var insert = sql.insert(into: table).columns(columns)
        for row in rows { insert = insert.values(row.map { SQLBind($0) }) }
        try await insert.run()
    }
}

extension Database {
    /// The database as stores run their own statements on it.
    package var statements: Statements { Statements(sql) }
}
