import Testing
@testable import LedgerCore

@Suite("Resident messages")
struct ResidentMessageTests {
    @Test("only a consultation may come without contact details")
    func contactRule() {
        #expect(MessageKind.consultation.requiresContact == false)
        for kind in [MessageKind.suggestion, .report, .business] { #expect(kind.requiresContact) }
        #expect(MessageKind.report.likelyLedger == .complaint)
        #expect(MessageKind.suggestion.likelyLedger == .suggestion)
    }

    @Test("tracking codes: 12 unambiguous characters in groups of four; typing is forgiven, junk is not")
    func trackingCodes() {
        var generator = SystemRandomNumberGenerator()
        var seen = Set<String>()
        for _ in 0..<200 {
            let code = TrackingCode.make(using: &generator)
            #expect(code.wholeMatch(of: /[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/) != nil, "\(code)")
            #expect(TrackingCode.normalise(code.lowercased().replacingOccurrences(of: "-", with: " ")) == code)
            seen.insert(code)
        }
        #expect(seen.count == 200)
        for junk in ["", "ABCD-EFGH-JK", "ABCD-EFGH-JKLMN", "ABCD-EFGH-JKL0", "ABCD-EFGH-JKLI", "'; DROP TABLE x"] {
            #expect(TrackingCode.normalise(junk) == nil, "\(junk)")
        }
    }

    @Test("the resident sees one status, whether the message was answered or became a matter")
    func residentStatus() {
        #expect(ResidentStatus.of(message: .received, matter: nil) == .received)
        #expect(ResidentStatus.of(message: .answered, matter: nil) == .answered)
        #expect(ResidentStatus.of(message: .escalated, matter: nil) == .inProgress)
        for status in [MatterStatus.registered, .open, .handling] { #expect(ResidentStatus.of(message: .escalated, matter: status) == .inProgress) }
        #expect(ResidentStatus.of(message: .escalated, matter: .replied) == .answered)
        #expect(ResidentStatus.of(message: .escalated, matter: .closed) == .closed)
        #expect(ResidentStatus.of(message: .escalated, matter: .declined) == .declined)
    }

    @Test("a matter without complainants cannot pass the closure gate")
    func noComplainants() {
        let placement = MatterPlacement(owningUnitID: 3, owningUnitKind: .station, districtID: 2, cityID: 1)
        let matter = MatterSnapshot(status: .replied, ledger: .demand, placement: placement, hasResult: true, complainants: [],
                                    hasPublicationDecision: true, hasAccountabilityReview: true)
        #expect(LedgerRules.closureGaps(matter) == [.noComplainants])
    }
}
