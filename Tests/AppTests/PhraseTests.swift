@testable import App
import LedgerCore
import Testing

/// Phrases are constants with both languages (the compiler checks that); what is left to check
/// is the two lookups by a string the database holds: a timeline entry's kind and a gap's field.
@Suite("Page language")
struct PhraseTests {
    @Test("every kind of event a matter's timeline can hold has a phrase in both languages, not its raw kind")
    func timelineKinds() {
        let fromOtherCapabilities = ["messageEscalated", "receptionEntryEscalated", "agendaItemOpenedMatter",
                                     "liaisonItemOpenedMatter", "ratingAppealed", "appealDecided"]
        for kind in MatterEventKind.allCases.map(\.rawValue) + fromOtherCapabilities {
            let phrase = Phrase.event(kind: kind)
            #expect(phrase.zh != kind && phrase.en != kind && !phrase.zh.isEmpty && !phrase.en.isEmpty, "\(kind)")
        }
    }

    @Test("every closure gap names its field in both languages")
    func gapFields() {
        let gaps: [ClosureGap] = [.noComplainants, .noHandlingResult, .replyMissing(complainantID: 1), .ratingMissing(complainantID: 1),
                                  .dissatisfied(complainantID: 1), .unreachableNotApproved(complainantID: 1), .noPublicationDecision,
                                  .noAccountabilityReview]
        for gap in gaps {
            #expect(Phrase.gap(field: gap.field).en != gap.field, "\(gap)")
        }
    }
}
