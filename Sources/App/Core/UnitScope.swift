import Fluent
import FluentSQL
import LedgerCore
import SQLKit

/// A record placed in the unit tree by its `unit_id`, `district_id` and `city_id` columns.
/// Who may see it is `Reach.contains` (LedgerCore); `visible(to:)` asks the database the same
/// question through `Reach.sql`, the one rendering of that rule into SQL.
protocol UnitScoped: Model {
    static var unitIDKey: KeyPath<Self, FieldProperty<Self, Int>> { get }
    static var districtIDKey: KeyPath<Self, OptionalFieldProperty<Self, Int>> { get }
    static var cityIDKey: KeyPath<Self, FieldProperty<Self, Int>> { get }
}

extension UnitScoped {
    var place: TreePlace {
        TreePlace(unitID: self[keyPath: Self.unitIDKey].wrappedValue, districtID: self[keyPath: Self.districtIDKey].wrappedValue,
                  cityID: self[keyPath: Self.cityIDKey].wrappedValue)
    }

    func isVisible(to who: SignedIn) -> Bool { who.reach.contains(place) }
}

extension QueryBuilder where Model: UnitScoped {
    /// Only what `who` may see.
    @discardableResult
    func visible(to who: SignedIn) -> Self { within(who.reach) }

    /// Only what is placed at the unit of `reach` or under it.
    @discardableResult
    func within(_ reach: Reach) -> Self { filter(.sql(embed: reach.sql())) }
}

extension QueryBuilder where Model == Unit {
    /// Only the units at the unit of `reach` or under it.
    @discardableResult
    func within(_ reach: Reach) -> Self { filter(.sql(embed: reach.sql(.units()))) }
}

/// The columns that hold a place in the tree: a record's own three, or a unit's, which the
/// units table stores only for the levels above it (a district row has no `district_id`).
struct PlaceColumns: Sendable {
    let unit: String, district: String, city: String

    static func records(alias: String = "") -> PlaceColumns {
        let p = alias.isEmpty ? "" : alias + "."
        return PlaceColumns(unit: p + "unit_id", district: p + "district_id", city: p + "city_id")
    }

    static func units(alias: String = "") -> PlaceColumns {
        let p = alias.isEmpty ? "" : alias + "."
        return PlaceColumns(unit: p + "id", district: "CASE WHEN \(p)kind = 'district' THEN \(p)id ELSE \(p)district_id END",
                            city: "COALESCE(\(p)city_id, \(p)id)")
    }
}

extension Reach {
    /// `contains` as a SQL condition: the one place the scope rule is written in SQL.
    func sql(_ columns: PlaceColumns = .records()) -> SQLQueryString {
        switch level {
        case .city: "\(unsafeRaw: columns.city) = \(bind: unitID)"
        case .district: "\(unsafeRaw: columns.district) = \(bind: unitID)"
        case .station: "\(unsafeRaw: columns.unit) = \(bind: unitID)"
        case .nothing: "1 = 0"
        }
    }
}

extension SignedIn {
    var reach: Reach { actor.reach }
}

extension Unit {
    /// A unit's own place: a district bureau is its own district, a city bureau its own city.
    var place: TreePlace { TreePlace(unitID: id!, districtID: kind == .district ? id : districtID, cityID: cityRootID) }
    /// What this unit reaches (a report on it, an officer of it).
    var reach: Reach { Reach(unitID: id!, kind: kind) }
}

/// A unit someone records work for or reports on, with its place to copy onto new records.
struct UnitPlacement: Sendable {
    let place: TreePlace
    let kind: UnitKind

    init(_ unit: Unit) {
        place = unit.place
        kind = unit.kind
    }

    var unitID: Int { place.unitID }
    var districtID: Int? { place.districtID }
    var cityID: Int { place.cityID }
    var reach: Reach { Reach(unitID: unitID, kind: kind) }

    /// A unit within the officer's reach: their own or one below it.
    static func resolve(_ unitID: Int?, for who: SignedIn, on db: any Database, field: String = "unitId") async throws -> UnitPlacement {
        guard let unit = try await Unit.fetch(unitID ?? who.unitID, on: db), unit.kind != .partner else {
            throw AppError.invalid(field, "must be a city bureau, district bureau or police station")
        }
        guard who.reach.contains(unit.place) else {
            throw AppError.invalid(field, "must be your own unit or a unit under it")
        }
        return UnitPlacement(unit)
    }
}

extension Matter: UnitScoped {
    static var unitIDKey: KeyPath<Matter, FieldProperty<Matter, Int>> { \.$unitID }
    static var districtIDKey: KeyPath<Matter, OptionalFieldProperty<Matter, Int>> { \.$districtID }
    static var cityIDKey: KeyPath<Matter, FieldProperty<Matter, Int>> { \.$cityID }
}

extension ResidentMessage: UnitScoped {
    static var unitIDKey: KeyPath<ResidentMessage, FieldProperty<ResidentMessage, Int>> { \.$unitID }
    static var districtIDKey: KeyPath<ResidentMessage, OptionalFieldProperty<ResidentMessage, Int>> { \.$districtID }
    static var cityIDKey: KeyPath<ResidentMessage, FieldProperty<ResidentMessage, Int>> { \.$cityID }
}

extension ServiceApplication: UnitScoped {
    static var unitIDKey: KeyPath<ServiceApplication, FieldProperty<ServiceApplication, Int>> { \.$unitID }
    static var districtIDKey: KeyPath<ServiceApplication, OptionalFieldProperty<ServiceApplication, Int>> { \.$districtID }
    static var cityIDKey: KeyPath<ServiceApplication, FieldProperty<ServiceApplication, Int>> { \.$cityID }
}

extension ReceptionRoom: UnitScoped {
    static var unitIDKey: KeyPath<ReceptionRoom, FieldProperty<ReceptionRoom, Int>> { \.$unitID }
    static var districtIDKey: KeyPath<ReceptionRoom, OptionalFieldProperty<ReceptionRoom, Int>> { \.$districtID }
    static var cityIDKey: KeyPath<ReceptionRoom, FieldProperty<ReceptionRoom, Int>> { \.$cityID }
}

extension ReceptionLogEntry: UnitScoped {
    static var unitIDKey: KeyPath<ReceptionLogEntry, FieldProperty<ReceptionLogEntry, Int>> { \.$unitID }
    static var districtIDKey: KeyPath<ReceptionLogEntry, OptionalFieldProperty<ReceptionLogEntry, Int>> { \.$districtID }
    static var cityIDKey: KeyPath<ReceptionLogEntry, FieldProperty<ReceptionLogEntry, Int>> { \.$cityID }
}

extension EngagementMeeting: UnitScoped {
    static var unitIDKey: KeyPath<EngagementMeeting, FieldProperty<EngagementMeeting, Int>> { \.$unitID }
    static var districtIDKey: KeyPath<EngagementMeeting, OptionalFieldProperty<EngagementMeeting, Int>> { \.$districtID }
    static var cityIDKey: KeyPath<EngagementMeeting, FieldProperty<EngagementMeeting, Int>> { \.$cityID }
}

extension LiaisonContact: UnitScoped {
    static var unitIDKey: KeyPath<LiaisonContact, FieldProperty<LiaisonContact, Int>> { \.$unitID }
    static var districtIDKey: KeyPath<LiaisonContact, OptionalFieldProperty<LiaisonContact, Int>> { \.$districtID }
    static var cityIDKey: KeyPath<LiaisonContact, FieldProperty<LiaisonContact, Int>> { \.$cityID }
}

extension LiaisonItem: UnitScoped {
    static var unitIDKey: KeyPath<LiaisonItem, FieldProperty<LiaisonItem, Int>> { \.$unitID }
    static var districtIDKey: KeyPath<LiaisonItem, OptionalFieldProperty<LiaisonItem, Int>> { \.$districtID }
    static var cityIDKey: KeyPath<LiaisonItem, FieldProperty<LiaisonItem, Int>> { \.$cityID }
}

/// Holds a row until the transaction ends (PostgreSQL; SQLite's writes are already one at a
/// time), so a check and the write that follows it cannot interleave with another request's.
func lockRow(_ table: String, id: Int, on db: any Database) async throws {
    let statements = db.statements
    guard statements.dialect == .postgresql else { return }
    _ = try await statements.values("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE", column: "id", as: Int.self)
}
