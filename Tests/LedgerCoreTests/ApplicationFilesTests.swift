import Foundation
import Testing
@testable import LedgerCore

/// An application handled at district 10 (city 1, stations 11 under 10, district 20 beside it):
/// officers of every role at every unit try to open its files.
@Suite("Application files: only the handling unit opens identity documents")
struct ApplicationFilesTests {
    static let units: [(id: Int, kind: UnitKind)] = [(1, .city), (10, .district), (11, .station), (20, .district), (30, .partner)]

    @Test("only an officer who works cases at the handling unit opens the files; the levels above, beside and below, administrators and call-back officers, do not")
    func onlyTheHandlingUnit() {
        for unit in Self.units {
            for role in Role.allCases {
                let actor = Actor(officerID: 7, role: role, unitID: unit.id, unitKind: unit.kind)
                let expected = unit.id == 10 && role != .administrator && role != .callbackOfficer
                #expect(ApplicationFiles.mayOpen(actor, handlingUnitID: 10) == expected, "\(role) at \(unit.kind) \(unit.id)")
            }
        }
    }

    @Test("files are kept exactly the retention time after the application ended")
    func cutoff() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let cutoff = ApplicationFiles.purgeCutoff(now: now, retentionDays: 180)
        #expect(now.timeIntervalSince(cutoff) == 180 * 86_400)
        #expect(ApplicationFiles.purgeCutoff(now: now, retentionDays: 1) > cutoff)
    }
}
