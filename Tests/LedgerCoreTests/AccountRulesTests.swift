import Testing
@testable import LedgerCore

/// A city (1) with districts 10 and 20, stations 11, 12 under 10 and 21 under 20. Administrators
/// at each level try every change to accounts at every unit, with every role.
@Suite("Account rules: no one raises himself")
struct AccountRulesTests {
    static let units: [(place: TreePlace, kind: UnitKind)] = [
        (TreePlace(unitID: 1, districtID: nil, cityID: 1), .city),
        (TreePlace(unitID: 10, districtID: 10, cityID: 1), .district),
        (TreePlace(unitID: 20, districtID: 20, cityID: 1), .district),
        (TreePlace(unitID: 11, districtID: 10, cityID: 1), .station),
        (TreePlace(unitID: 12, districtID: 10, cityID: 1), .station),
        (TreePlace(unitID: 21, districtID: 20, cityID: 1), .station),
        (TreePlace(unitID: 30, districtID: 10, cityID: 1), .partner),
        (TreePlace(unitID: 40, districtID: nil, cityID: 1), .callbackOffice),
        (TreePlace(unitID: 41, districtID: 10, cityID: 1), .callbackOffice),
    ]
    static let admins = [Actor(officerID: 100, role: .administrator, unitID: 1, unitKind: .city),
                         Actor(officerID: 110, role: .administrator, unitID: 10, unitKind: .district),
                         Actor(officerID: 111, role: .administrator, unitID: 11, unitKind: .station)]

    /// The units at or under an administrator's unit, by the tree itself, not by `Reach`.
    static func below(_ admin: Actor, _ place: TreePlace) -> Bool {
        switch admin.unitKind {
        case .city: true
        case .district: place.districtID == admin.unitID
        default: place.unitID == admin.unitID
        }
    }

    @Test("an administrator gives a role only at his unit or below, and only a role that belongs there", arguments: admins)
    func grants(_ admin: Actor) {
        for unit in Self.units {
            for role in Role.allCases {
                for change in [AccountRules.Change.create(role: role), .changeRole(accountID: 5, to: role)] {
                    let result = Result { () throws(AccountRules.Refusal) in try AccountRules.authorize(change, at: unit.place, unitKind: unit.kind, by: admin) }
                    // Call-back officers sit in a call-back office, and no one else does.
                    let fits = unit.kind != .partner && (role == .callbackOfficer) == (unit.kind == .callbackOffice)
                        && (role.chiefUnitKind == nil || role.chiefUnitKind == unit.kind)
                    switch (Self.below(admin, unit.place), fits) {
                    case (false, _): #expect(result.refusal == .outOfReach, "\(admin.unitKind) admin, \(change) at \(unit.kind) \(unit.place.unitID)")
                    case (true, false): #expect(result.refusal == .roleDoesNotFit(role, unit.kind), "\(admin.unitKind) admin, \(change) at \(unit.kind)")
                    case (true, true): #expect(result.refusal == nil, "\(admin.unitKind) admin, \(change) at \(unit.kind)")
                    }
                }
            }
        }
        // City roles are the city administrator's alone.
        let cityChiefAnywhere = Self.units.contains { unit in
            (try? AccountRules.authorize(.create(role: .cityChief), at: unit.place, unitKind: unit.kind, by: admin)) != nil
        }
        #expect(cityChiefAnywhere == (admin.unitKind == .city))
    }

    @Test("no administrator changes or disables his own account, even at his own unit", arguments: admins)
    func notHimself(_ admin: Actor) {
        let own = Self.units.first { $0.place.unitID == admin.unitID }!
        for change in [AccountRules.Change.changeRole(accountID: admin.officerID, to: .cityChief), .changeRole(accountID: admin.officerID, to: .officer),
                       .disable(accountID: admin.officerID)] {
            #expect(Result { () throws(AccountRules.Refusal) in try AccountRules.authorize(change, at: own.place, unitKind: own.kind, by: admin) }.refusal == .ownAccount)
        }
        #expect(Result { () throws(AccountRules.Refusal) in try AccountRules.authorize(.disable(accountID: 7), at: own.place, unitKind: own.kind, by: admin) }.refusal == nil)
    }

    @Test("no role but administrator manages accounts", arguments: Role.allCases)
    func onlyAdministrators(_ role: Role) {
        let officer = Actor(officerID: 1, role: role, unitID: 1, unitKind: .city)
        let refusal = Result { () throws(AccountRules.Refusal) in
            try AccountRules.authorize(.create(role: .officer), at: Self.units[3].place, unitKind: .station, by: officer)
        }.refusal
        #expect(AccountRules.managesAccounts(officer) == (role == .administrator))
        #expect((refusal == .notAdministrator) == (role != .administrator))
    }
}

private extension Result where Success == Void, Failure == AccountRules.Refusal {
    var refusal: AccountRules.Refusal? {
        if case .failure(let refusal) = self { return refusal }
        return nil
    }
}
