import LedgerCore
import Plot
import Vapor

/// The matter page: what is known, the timeline, and exactly the actions this officer may take now.
enum MatterView {
    struct Model {
        let detail: MatterDetail
        let timeline: [TimelineEntry]
        let handlers: [Officer]
        let partners: [UnitStore.UnitName]
        let answerable: [Officer]
        let mayReveal: Bool
        let mayAppeal: Bool
        let mayDecideAppeals: Bool
        var revealed: PersonalDataReveal.Revealed? = nil
    }

    static func render(_ model: Model, context: Layout.Context, error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        let d = model.detail
        let names = Dictionary(d.complainants.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return Layout.page("\(d.reference) · \(d.summary)", context, status: status, error: error, content: [
            .dl(.class("facts"),
                fact(t(.fieldStatus), .span(.id("status"), .data(named: "status", value: d.status.rawValue), .text(t.status(d.status)),
                                            .if(d.overdue, .span(.class("flag overdue-flag"), .text(" " + t(.flagOverdue)))))),
                fact(t(.fieldLedger), .span(.id("ledger"), .text(t.ledger(d.ledger)))),
                fact(t(.fieldChannel), .span(.id("provenance"), .text(t.channel(d.channel)),
                                               .unwrap(d.provenance.reference) { reference in
                                                   .unwrap(d.provenance.path, { path in .group(.text(" · "), .a(.id("source-link"), .href(path), .text(reference))) },
                                                           else: .text(" · " + reference))
                                               })),
                fact(t(.fieldUnit), .text(d.unitName)),
                fact(t(.fieldHandler), .text(d.handlerName ?? "—")),
                fact(t(.fieldRound), .text(String(d.round))),
                fact(t(.fieldOversight), .text(String(d.oversightLevel))),
                fact(t(.fieldDeadline), .text(d.deadlineAt.map(Format.minute) ?? "—")),
                fact(t(.fieldVersion), .span(.id("version"), .text(String(d.version))))),
            .p(.class("details"), .text(d.details)),
            .unwrap(d.declineReason) { reason in .p(.class("declined"), .strong(.text(t(.matterDeclined) + ": ")), .text(reason)) },

            .h2(.text(t(.matterComplainants))),
            .table(.id("complainants"),
                   .tr(.th(.text(t(.fieldName))), .th(.text(t(.fieldPhone))), .th(.text(t(.fieldIdNumber))),
                       .th(.text(t(.fieldAddress))), .th(.text(t(.fieldReply))), .th(.text(t(.fieldRating)))),
                   .forEach(d.complainants) { person in
                       let clear = model.revealed?.complainantId == person.id ? model.revealed : nil
                       return .tr(
                           .td(.text(clear?.name ?? person.name),
                               .if(model.mayReveal && clear == nil,
                                   .form(.class("inline reveal"), .action(Page.revealComplainant(d.id, complainant: person.id).path), .method(.post),
                                         Layout.csrfField(context.csrf),
                                         .button(.type(.submit), .class("link"), .text(t(.matterReveal)))))),
                           .td(.text(clear?.phone ?? person.phone)), .td(.text(clear?.idNumber ?? person.idNumber ?? "—")),
                           .td(.text(clear?.address ?? person.address ?? "—")),
                           .td(.text(person.reply ?? "—")),
                           .td(.text(person.rating.map(t.rating) ?? reachability(person.reachability, t)),
                               .unwrap(person.ratedBy) { .small(.class("rated-by"), .text(" （" + t(ratedByPhrase($0)) + "）")) },
                               .unwrap(person.ratingComment) { .if(!$0.isEmpty, .small(.text(" · " + $0))) }))
                   }),

            .h2(.text(t(.fieldResult))),
            .p(.id("result"), .text(d.result ?? t(.matterNone))),
            .if(!d.coordinations.isEmpty, .group(
                .h2(.text(t(.matterCoordinations))),
                .ul(.forEach(d.coordinations) { item in .li(.text("\(item.partnerName): \(item.note)")) }))),
            .h2(.text(t(.fieldPublication))),
            .p(.id("publication"), .text(publicationText(d.publication, t))),
            .h2(.text(t(.fieldAccountability))),
            .p(.id("accountability"), .text(d.accountability.map { "\($0.answerableOfficerName): \($0.finding)" } ?? t(.matterNone))),

            .if(!d.closureGaps.isEmpty, .group(
                .h2(.text(t(.matterGaps))),
                .ul(.id("closure-gaps"), .forEach(d.closureGaps) { gap in
                    .li(.text(t(.gap(field: gap.field)) + (gap.complainantId.flatMap { names[$0] }.map { ": \($0)" } ?? "")))
                }))),

            .if(!d.availableActions.isEmpty, .group(
                .h2(.text(t(.matterActions))),
                .div(.class("actions"), .forEach(d.availableActions) { action in actionForm(action, model, names: names, context: context) }))),

            .if(!d.dissatisfiedRatings.isEmpty || !d.appeals.isEmpty, .group(
                .h2(.text(t(.appealTitle))),
                .ul(.id("appeals"), .forEach(d.appeals) { appeal in
                    .li(.data(named: "decision", value: appeal.decision?.rawValue ?? "pending"),
                        .text("\(t(.fieldRound)) \(appeal.round) · \(names[appeal.complainantId] ?? "") · \(appeal.reason) · "),
                        .strong(.text(t(appeal.decision.map(Phrase.appealDecision) ?? .appealPending))),
                        .unwrap(appeal.decisionNote) { .text(" · " + $0) },
                        .if(model.mayDecideAppeals && appeal.decision == nil,
                            .form(.class("action action-decideAppeal"), .action(Page.decideAppeal(appeal.id).path + "?matter=\(d.id)"), .method(.post),
                                  Layout.csrfField(context.csrf),
                                  select("decision", t(.appealDecision), AppealDecision.allCases.map { ($0.rawValue, t(.appealDecision($0))) }),
                                  area("note", t(.fieldNote)),
                                  .button(.type(.submit), .name("submit"), .text(t(.appealDecide))))))
                }),
                .if(model.mayAppeal, .unwrap(appealable(d)) { options in
                    .form(.class("action action-appeal"), .action(Page.matterAppeals(d.id).path), .method(.post),
                          Layout.csrfField(context.csrf),
                          select("rating", t(.appealRating), options.map { ("\($0.round)-\($0.complainantId)", "\(t(.fieldRound)) \($0.round) · \(names[$0.complainantId] ?? "") · \($0.comment ?? "")") }),
                          area("reason", t(.fieldReason)),
                          .button(.type(.submit), .name("submit"), .text(t(.appealFile))))
                }))),

            .if(!d.rechecks.isEmpty, .group(
                .h2(.text(t(.recheckHeading))),
                .ul(.id("rechecks"), .forEach(d.rechecks) { recheck in
                    .li(.data(named: "state", value: recheck.state.rawValue),
                        .text("\(t(.fieldRound)) \(recheck.round) · \(names[recheck.complainantId] ?? "") · \(t(.recheckState(recheck.state)))"),
                        .unwrap(recheck.decidedAt) { .text(" · " + Format.minute($0)) },
                        .unwrap(recheck.comment) { .text(" · " + $0) })
                }))),

            .h2(.text(t(.matterTimeline))),
            .ol(.id("timeline"), .forEach(model.timeline) { entry in
                .li(.data(named: "kind", value: entry.kind),
                    .span(.class("when"), .text(entry.at.prefix(16).replacingOccurrences(of: "T", with: " "))),
                    .text(" \(entry.actorName ?? "—") · \(t(.event(kind: entry.kind)))"),
                    .small(.text(" " + entry.fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " · "))))
            }),
        ])
    }

    /// Dissatisfied ratings not yet appealed, or nil when there are none.
    private static func appealable(_ d: MatterDetail) -> [MatterDetail.DissatisfiedRating]? {
        let open = d.dissatisfiedRatings.filter { rating in !d.appeals.contains { $0.round == rating.round && $0.complainantId == rating.complainantId } }
        return open.isEmpty ? nil : open
    }

    private static func fact(_ label: String, _ value: Node<HTML.BodyContext>) -> Node<HTML.DescriptionListContext> {
        .group(.dt(.text(label)), .dd(value))
    }

    /// Says who gave a rating: a unit's own pre-M0048 entry is shown, and marked as not counted.
    static func ratedByPhrase(_ source: RatingSource) -> Phrase {
        switch source {
        case .resident: .ratedByResident
        case .callbackOffice: .ratedByCallback
        case .recordedByUnit: .ratedByUnit
        }
    }

    private static func reachability(_ value: String, _ t: PageLanguage) -> String {
        switch value {
        case "reportedUnreachable": t(.matterUnreachable)
        case "approvedUnreachable": t(.matterUnreachableApproved)
        default: "—"
        }
    }

    private static func publicationText(_ publication: MatterDetail.Publication?, _ t: PageLanguage) -> String {
        guard let publication else { return t(.matterNone) }
        if publication.decision == "published" {
            return t(.matterPublished) + ": " + (publication.asked ?? "") + " — " + (publication.summary ?? "")
        }
        return t(.matterWithheld) + ": " + (publication.reason.map(t.withholding) ?? "") + " " + (publication.note ?? "")
    }

    /// One form per action, posting to `/matters/{id}/{action}` with the version the officer saw.
    private static func actionForm(_ action: MatterAction, _ model: Model, names: [Int: String], context: Layout.Context) -> Node<HTML.BodyContext> {
        let t = context.language
        let d = model.detail
        let people = d.complainants
        func complainants(_ filter: (MatterDetail.Person) -> Bool) -> Node<HTML.FormContext> {
            select("complainantId", t(.newComplainant), people.filter(filter).map { (String($0.id), "\($0.name) (\($0.phone))") })
        }
        let fields: Node<HTML.FormContext> = switch action {
        case .vet: select("ledger", t(.fieldLedger), Ledger.allCases.map { ($0.rawValue, t.ledger($0)) })
        case .decline: area("reason", t(.fieldReason))
        case .handle: select("handlerId", t(.fieldHandler), model.handlers.map { (String($0.id!), $0.displayName) },
                              selected: context.who.map { String($0.officerID) })
        case .coordinate: .group(select("partnerUnitId", t(.fieldPartner), model.partners.map { (String($0.id), $0.name) }), area("note", t(.fieldNote)))
        case .result: area("result", t(.fieldResult))
        case .reply: .group(complainants { $0.reply == nil }, area("text", t(.fieldReply)))
        case .rate: .group(complainants { $0.reply != nil && $0.rating == nil && $0.reachability == "reachable" },
                            select("rating", t(.fieldRating), Satisfaction.allCases.map { ($0.rawValue, t.rating($0)) }),
                            .label(.for("rate-comment"), .text(t(.fieldComment))),
                            .input(.type(.text), .name("comment"), .id("rate-comment")))
        case .unreachable: .group(complainants { $0.reply != nil && $0.rating == nil && $0.reachability == "reachable" }, area("note", t(.fieldNote)))
        case .approveUnreachable: complainants { $0.reachability == "reportedUnreachable" }
        case .publish: .group(area("asked", t(.fieldPublicAsked)), area("summary", t(.fieldPublicDone)))
        case .withhold: .group(select("reason", t(.fieldReason), WithholdingReason.allCases.map { ($0.rawValue, t.withholding($0)) }),
                                area("note", t(.fieldNote)))
        case .accountability: .group(select("answerableOfficerId", t(.fieldAnswerable), model.answerable.map { (String($0.id!), $0.displayName) },
                                             selected: d.handlerId.map(String.init)),
                                      area("finding", t(.fieldFinding)))
        case .close, .recheck: .empty
        }
        return .form(.class("action action-\(action.rawValue)"), .action(Page.matterAction(d.id, action).path), .method(.post),
                     Layout.csrfField(context.csrf),
                     .input(.type(.hidden), .name("version"), .value(String(d.version))),
                     fields,
                     .button(.type(.submit), .name("submit"), .text(t(.action(action)))))
    }

    private static func select(_ name: String, _ label: String, _ options: [(String, String)], selected: String? = nil) -> Node<HTML.FormContext> {
        Controls.select(name, label: label, options: options.map { ($0.0, $0.1) }, selected: selected)
    }

    private static func area(_ name: String, _ label: String) -> Node<HTML.FormContext> {
        .label(.text(label), .textarea(.name(name), .rows(3), .required(true)))
    }
}
