import LedgerCore
import Plot
import Vapor

enum NewMatterView {
    /// The fields a person typed, given back when the form is refused so nothing is lost.
    struct Draft {
        var summary = "", details = "", channel = SourceChannel.walkIn.rawValue, suggestedLedger = ""
        var name = "", phone = "", idNumber = "", address = ""
        var requestKey = SecretToken.make(bytes: 12)
    }

    static func render(_ draft: Draft, context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        return Layout.page(t(.newTitle), context, status: status, error: error, content: [
            .form(.id("new-matter"), .action(Page.matters.path), .method(.post),
                  Layout.csrfField(context.csrf),
                  .input(.type(.hidden), .name("requestKey"), .value(Safe.attribute(draft.requestKey))),
                  .label(.for("summary"), .text(t(.fieldSummary))),
                  .input(.type(.text), .name("summary"), .id("summary"), .required(true), .value(Safe.attribute(draft.summary))),
                  .label(.for("details"), .text(t(.fieldDetails))),
                  .textarea(.name("details"), .id("details"), .rows(4), .text(draft.details)),
                  Controls.select("channel", label: t(.fieldChannel),
                                  options: SourceChannel.allCases.map { ($0.rawValue, t.channel($0)) }, selected: draft.channel, id: "channel"),
                  Controls.select("suggestedLedger", label: t(.fieldSuggestedLedger),
                                  options: Ledger.allCases.map { ($0.rawValue, t.ledger($0)) }, selected: draft.suggestedLedger,
                                  emptyOption: t(.ledgerNone), id: "suggestedLedger"),
                  .fieldset(
                      .element(named: "legend", text: t(.newComplainant)),
                      .label(.for("name"), .text(t(.fieldName))),
                      .input(.type(.text), .name("name"), .id("name"), .required(true), .value(Safe.attribute(draft.name)),
                             .attribute(named: "autocomplete", value: "off")),
                      .label(.for("phone"), .text(t(.fieldPhone))),
                      .input(.type(.tel), .name("phone"), .id("phone"), .required(true), .value(Safe.attribute(draft.phone)),
                             .attribute(named: "autocomplete", value: "off")),
                      .label(.for("idNumber"), .text(t(.fieldIdNumber))),
                      .input(.type(.text), .name("idNumber"), .id("idNumber"), .value(Safe.attribute(draft.idNumber)),
                             .attribute(named: "autocomplete", value: "off")),
                      .label(.for("address"), .text(t(.fieldAddress))),
                      .input(.type(.text), .name("address"), .id("address"), .value(Safe.attribute(draft.address)),
                             .attribute(named: "autocomplete", value: "off"))
                  ),
                  .p(.small(.text(t(.newMore)))),
                  .button(.type(.submit), .id("register-submit"), .text(t(.newSubmit))))
        ])
    }

    /// 回执: the walk-in resident's receipt, printed at registration: the matter's reference
    /// and each complainant's tracking code, which is shown this once and never again.
    static func receipt(reference: String, matterID: Int, codes: [ComplainantTracking.Issued], context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.receiptTitle), context, status: .created, content: [
            .dl(.class("facts"), .dt(.text(t(.rateLinkReference))), .dd(.id("receipt-reference"), .text(reference))),
            .ul(.id("receipt-codes"), .forEach(codes) { issued in
                .li(.text(t(.trackCode) + ": "), .strong(.class("code"), .data(named: "complainant", value: String(issued.complainantId)),
                                                         .text(issued.trackingCode)))
            }),
            .p(.text(t(.receiptHelp))),
            .p(.a(.id("receipt-matter"), .href(Page.matter(matterID).path), .text(t(.receiptToMatter)))),
        ])
    }
}
