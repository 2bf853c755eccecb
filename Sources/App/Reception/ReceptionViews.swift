import Foundation
import LedgerCore
import Plot
import Vapor

/// The staff pages of the reception rooms.
enum ReceptionViews {
    static func rooms(_ rooms: [API.ReceptionController.RoomDTO], context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.receptionTitle), context, status: .ok, content: [
            rooms.isEmpty ? .p(.class("empty"), .text(t(.receptionEmpty))) :
                .ul(.id("rooms"), .forEach(rooms) { room in
                    .li(.a(.class("room-link"), .href(Page.room(room.id).path), .text(room.name)),
                        .text(" · \(t(.roomKind(room.kind)))"),
                        .if(room.modelSite, .span(.class("flag"), .text(" · " + t(.receptionModel)))))
                }),
        ])
    }

    static func room(_ detail: API.ReceptionController.RoomDetail, mayLog: Bool, mayInspect: Bool, context: Layout.Context,
                     error: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let t = context.language
        let room = detail.room
        return Layout.page(room.name, context, status: status, error: error, content: [
            .dl(.class("facts"),
                .dt(.text(t(.fieldUnit))), .dd(.text(t(.roomKind(room.kind)) + (room.modelSite ? " · " + t(.receptionModel) : ""))),
                .dt(.text(t(.fieldAddress))), .dd(.text(room.address)),
                .dt(.text(t(.receptionHours))), .dd(.text(room.hours)),
                .dt(.text(t(.receptionLanguages))), .dd(.text((["中文"] + room.languages).joined(separator: "、")))),

            .h2(.text(t(.receptionLog))),
            .if(mayLog, .form(.id("log-form"), .class("action"), .action(Page.roomLog(room.id).path), .method(.post),
                Layout.csrfField(context.csrf),
                Controls.select("serviceKind", label: t(.receptionServiceKind),
                                options: ReceptionServiceKind.allCases.map { ($0.rawValue, t(.receptionService($0))) }, id: "serviceKind"),
                .label(.for("residentsServed"), .text(t(.receptionResidents))),
                .input(.type(.number), .name("residentsServed"), .id("residentsServed"), .value("1"), .attribute(named: "min", value: "1")),
                .label(.class("check"), .input(.type(.checkbox), .name("foreignResident"), .value("true"), .id("foreignResident")), .text(t(.receptionForeign))),
                ResidentViews.field("language", t(.receptionLanguage), ""),
                .label(.for("summary"), .text(t(.receptionSummary))), .textarea(.name("summary"), .id("log-summary"), .rows(3), .required(true)),
                .label(.for("outcome"), .text(t(.receptionOutcome))), .textarea(.name("outcome"), .id("log-outcome"), .rows(2), .required(true)),
                .button(.type(.submit), .id("log-submit"), .text(t(.receptionAddEntry))))),
            detail.recentEntries.isEmpty ? .p(.text(t(.receptionEmpty))) :
                .table(.id("entries"),
                       .tr(.th(.text("#")), .th(.text(t(.receptionServiceKind))), .th(.text(t(.receptionResidents))),
                           .th(.text(t(.receptionSummary))), .th(.text(t(.receptionOutcome))), .th(.text(t(.provenanceTitle)))),
                       .forEach(detail.recentEntries) { entry in
                           .tr(.id("entry-\(entry.id)"),
                               .td(.text("\(entry.id) · \(Format.minute(entry.at))")),
                               .td(.text(t(.receptionService(entry.serviceKind)) + (entry.foreignResident ? " · \(entry.language ?? "")" : ""))),
                               .td(.text(String(entry.residentsServed))),
                               .td(.text(entry.summary)), .td(.text(entry.outcome)),
                               .td(.unwrap(entry.matterId) { id in .a(.class("matter-link"), .href(Page.matter(id).path), .text("#\(id)")) },
                                   .if(entry.matterId == nil && mayLog, escalateForm(entry, context: context))))
                       }),

            .h2(.text(t(.receptionInspections))),
            .ul(.id("inspections"), .forEach(detail.inspections) { inspection in
                .li(.text(inspection.day + " · "),
                    .text([(ReceptionStandard.constructionStandard, inspection.constructionStandard), (.divisionOfDuties, inspection.divisionOfDuties),
                           (.workRules, inspection.workRules), (.managementRules, inspection.managementRules)]
                        .map { "\(t(.standard($0.0))) \($0.1 ? "✓" : "✗")" }.joined(separator: " · ")),
                    .text(" · " + inspection.findings))
            }),
            .if(mayInspect, .form(.id("inspection-form"), .class("action"), .action(Page.roomInspections(room.id).path), .method(.post),
                Layout.csrfField(context.csrf),
                ResidentViews.field("day", t(.receptionDay), Format.day(Date())),
                .forEach(ReceptionStandard.allCases) { standard in
                    .label(.class("check"), .input(.type(.checkbox), .name(standard.rawValue), .value("true")), .text(t(.standard(standard))))
                },
                .label(.text(t(.receptionFindings)), .textarea(.name("findings"), .rows(2), .required(true))),
                .button(.type(.submit), .id("inspection-submit"), .text(t(.receptionInspect))))),

            .h2(.text(t(.receptionTemplates))),
            .div(.id("templates"), .forEach(ReceptionTemplates.all) { template in
                .element(named: "details", nodes: [
                    .element(named: "summary", text: "\(template.titleZh) · \(template.titleEn)"),
                    .p(.text(template.zh)), .p(.text(template.en)),
                ])
            }),
        ])
    }

    private static func escalateForm(_ entry: API.ReceptionController.EntryDTO, context: Layout.Context) -> Node<HTML.BodyContext> {
        let t = context.language
        return .form(.class("action action-escalate-entry"), .action(Page.escalateReceptionEntry(entry.id).path), .method(.post),
                     Layout.csrfField(context.csrf),
                     .label(.text(t(.fieldSummary)), .input(.type(.text), .name("summary"), .required(true))),
                     .label(.text(t(.fieldName)), .input(.type(.text), .name("name"), .required(true))),
                     .label(.text(t(.fieldPhone)), .input(.type(.tel), .name("phone"), .required(true))),
                     .label(.text(t(.fieldIdNumber)), .input(.type(.text), .name("idNumber"))),
                     .button(.type(.submit), .name("submit"), .text(t(.receptionEscalate))))
    }
}
