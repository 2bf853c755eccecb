import Foundation
import LedgerCore
import Plot
import Vapor

enum MatterListView {
    static func render(_ list: MatterList, filters: MatterList.Filters, units: [Unit], context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.listTitle), context, status: .ok, content: [
            .form(.id("filters"), .class("filters"), .action(Page.matters.path), .method(.get),
                  Controls.select("ledger", label: t(.fieldLedger), options: Ledger.allCases.map { ($0.rawValue, t.ledger($0)) }, selected: filters.ledger?.rawValue, emptyOption: t(.listAll), id: "ledger"),
                  Controls.select("status", label: t(.fieldStatus), options: MatterStatus.allCases.map { ($0.rawValue, t.status($0)) }, selected: filters.status?.rawValue, emptyOption: t(.listAll), id: "status"),
                  Controls.select("unit", label: t(.listUnit), options: units.map { (String($0.id!), $0.name) }, selected: filters.unitID.map(String.init), emptyOption: t(.listAll), id: "unit"),
                  .label(.for("q"), .text(t(.listSearch))),
                  .input(.type(.search), .name("q"), .id("q"), .value(Safe.attribute(filters.text ?? ""))),
                  .label(.class("check"),
                         .input(.type(.checkbox), .name("overdue"), .value("true"), .id("overdue"),
                                .attribute(named: "checked", value: filters.overdue == true ? "checked" : nil)),
                         .text(t(.listOverdue))),
                  .button(.type(.submit), .text(t(.listFilter)))),
            list.items.isEmpty ? .p(.class("empty"), .text(t(.listEmpty))) :
                .table(.id("matters"),
                       .tr(.th(.text(t(.listReference))), .th(.text(t(.fieldLedger))), .th(.text(t(.fieldStatus))),
                           .th(.text(t(.fieldSummary))), .th(.text(t(.listRegistered))), .th(.text(t(.listDeadline)))),
                       .forEach(list.items) { item in
                           .tr(.class(item.overdue ? "overdue" : ""), .data(named: "status", value: item.status.rawValue),
                               .td(.a(.class("matter-link"), .href(Page.matter(item.id).path), .text(item.reference))),
                               .td(.text(t.ledger(item.ledger))),
                               .td(.text(t.status(item.status)),
                                   .if(item.overdue, .span(.class("flag overdue-flag"), .text(" " + t(.flagOverdue))))),
                               .td(.text(item.summary)),
                               .td(.text(Format.day(item.registeredAt))),
                               .td(.text(item.deadlineAt.map(Format.day) ?? "—")))
                       }),
            .unwrap(list.nextCursor) { cursor in
                .p(.a(.id("next-page"), .href(Safe.attribute(nextLink(filters, cursor: cursor))), .text(t(.listNext))))
            },
        ])
    }

    static func nextLink(_ filters: MatterList.Filters, cursor: String) -> String {
        var items = [URLQueryItem(name: "cursor", value: cursor)]
        if let ledger = filters.ledger { items.append(.init(name: "ledger", value: ledger.rawValue)) }
        if let status = filters.status { items.append(.init(name: "status", value: status.rawValue)) }
        if let unit = filters.unitID { items.append(.init(name: "unit", value: String(unit))) }
        if filters.overdue == true { items.append(.init(name: "overdue", value: "true")) }
        if let text = filters.text { items.append(.init(name: "q", value: text)) }
        var components = URLComponents()
        components.path = Page.matters.path
        components.queryItems = items
        return components.string ?? Page.matters.path
    }
}

enum Format {
    static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: WorkingCalendar.bureauTimeZone).year().month().day())
    }

    static func minute(_ date: Date) -> String {
        var style = Date.VerbatimFormatStyle(format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
                                             timeZone: WorkingCalendar.bureauTimeZone, calendar: Calendar(identifier: .gregorian))
        style.locale = Locale(identifier: "en_US_POSIX")
        return date.formatted(style)
    }
}
