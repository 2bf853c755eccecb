/// Where a record, or a unit itself, sits in the unit tree: its own unit and the district bureau
/// and city bureau above it. A district bureau is its own district; a city bureau its own city
/// and no district. Every record the platform keeps per unit (matters, messages, applications,
/// reception rooms, meetings, liaison records, officers, units) is placed this way.
public struct TreePlace: Sendable, Hashable {
    public let unitID: Int
    public let districtID: Int?
    public let cityID: Int

    public init(unitID: Int, districtID: Int?, cityID: Int) {
        self.unitID = unitID
        self.districtID = districtID
        self.cityID = cityID
    }
}

/// The one scope rule: what an officer (or a report about a unit) reaches is what is placed at
/// that unit or under it. A station reaches its own; a district bureau its own and its
/// stations'; the city bureau everything in its city; a partner body nothing. Every check in
/// memory calls `contains`; every query renders the same rule into SQL with `ReachSQL` (App),
/// and `ReachSQLPropertyTests` shows the two agree on random trees on both databases.
public struct Reach: Sendable, Hashable {
    public enum Level: Sendable, Hashable { case city, district, station, nothing }

    public let unitID: Int
    public let level: Level

    public init(unitID: Int, kind: UnitKind) {
        self.unitID = unitID
        self.level = switch kind {
        case .city: .city
        case .district: .district
        case .station: .station
        // The call-back office reaches no matter through the ordinary routes: it sees its own
        // queue, which carries the reply and never the handling notes (`CallbackRules`).
        case .partner, .callbackOffice: .nothing
        }
    }

    public func contains(_ place: TreePlace) -> Bool {
        switch level {
        case .city: place.cityID == unitID
        case .district: place.districtID == unitID
        case .station: place.unitID == unitID
        case .nothing: false
        }
    }
}

extension Actor {
    /// What this officer may see and act on (further limited by role in `LedgerRules`).
    public var reach: Reach { Reach(unitID: unitID, kind: unitKind) }
}

extension MatterPlacement {
    public var place: TreePlace { TreePlace(unitID: owningUnitID, districtID: districtID, cityID: cityID) }
}
