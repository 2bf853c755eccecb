/// The officer performing an action, with the chain of units above their own.
public struct Actor: Sendable, Equatable {
    public let officerID: Int
    public let role: Role
    public let unitID: Int
    public let unitKind: UnitKind

    public init(officerID: Int, role: Role, unitID: Int, unitKind: UnitKind) {
        self.officerID = officerID
        self.role = role
        self.unitID = unitID
        self.unitKind = unitKind
    }
}

/// Where a matter sits in the unit tree. Units form city → district → station, so a
/// matter carries its owning unit and the ancestors above it.
public struct MatterPlacement: Sendable, Equatable {
    public let owningUnitID: Int
    public let owningUnitKind: UnitKind
    public let districtID: Int?
    public let cityID: Int

    public init(owningUnitID: Int, owningUnitKind: UnitKind, districtID: Int?, cityID: Int) {
        self.owningUnitID = owningUnitID
        self.owningUnitKind = owningUnitKind
        self.districtID = districtID
        self.cityID = cityID
    }

    /// A placement from a record's place in the unit tree: owned by the city bureau when the unit
    /// is the city, by a district bureau when it is the district, else by a station.
    public init(unitID: Int, districtID: Int?, cityID: Int) {
        let kind: UnitKind = unitID == cityID ? .city : (unitID == districtID ? .district : .station)
        self.init(owningUnitID: unitID, owningUnitKind: kind, districtID: districtID, cityID: cityID)
    }

    /// The unit one level above the owner (station → district → city).
    public var nextLevelUnitID: Int? {
        switch owningUnitKind {
        case .station: districtID
        case .district: cityID
        case .city, .partner, .callbackOffice: nil
        }
    }

    /// The unit that holds oversight after `level` escalations (0 = the owner itself).
    public func oversightUnitID(level: Int) -> Int {
        var chain = [owningUnitID]
        if owningUnitKind == .station, let districtID { chain.append(districtID) }
        if owningUnitKind != .city { chain.append(cityID) }
        return chain[min(level, chain.count - 1)]
    }

    public var maxOversightLevel: Int {
        switch owningUnitKind {
        case .station: 2
        case .district: 1
        case .city, .partner, .callbackOffice: 0
        }
    }
}
