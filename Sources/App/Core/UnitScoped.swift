import Fluent
import SQLKit

/// A record placed in the unit tree (owning unit, its district, its city), so that unit scope —
/// a station sees its own, a district bureau its stations', the city all — is one rule for
/// every kind of record, written once.
protocol UnitScoped: Model {
    static var unitIDKey: KeyPath<Self, FieldProperty<Self, Int>> { get }
    static var districtIDKey: KeyPath<Self, OptionalFieldProperty<Self, Int>> { get }
    static var cityIDKey: KeyPath<Self, FieldProperty<Self, Int>> { get }
}

extension UnitScoped {
    func isVisible(to who: SignedIn) -> Bool {
        UnitPlacement.canSee(who, unitID: self[keyPath: Self.unitIDKey].wrappedValue,
                             districtID: self[keyPath: Self.districtIDKey].wrappedValue, cityID: self[keyPath: Self.cityIDKey].wrappedValue)
    }
}

extension QueryBuilder where Model: UnitScoped {
    /// Only what `who` may see.
    @discardableResult
    func visible(to who: SignedIn) -> Self {
        switch who.unitKind {
        case .city: filter(Model.cityIDKey == who.unitID)
        case .district: filter(Model.districtIDKey == who.unitID)
        case .station: filter(Model.unitIDKey == who.unitID)
        case .partner: filter(Model.unitIDKey == -1)
        }
    }
}

extension UnitPlacement {
    /// The same rule as a SQL condition for aggregate queries over a table with
    /// `unit_id`, `district_id` and `city_id` (optionally behind a table alias).
    static func sqlScope(_ who: SignedIn, alias: String = "") -> SQLQueryString {
        let prefix = alias.isEmpty ? "" : alias + "."
        switch who.unitKind {
        case .city: return "\(unsafeRaw: prefix)city_id = \(bind: who.unitID)"
        case .district: return "\(unsafeRaw: prefix)district_id = \(bind: who.unitID)"
        case .station: return "\(unsafeRaw: prefix)unit_id = \(bind: who.unitID)"
        case .partner: return "1 = 0"
        }
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
    guard let sql = db as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
    _ = try await sql.raw("SELECT id FROM \(ident: table) WHERE id = \(bind: id) FOR UPDATE").all()
}
