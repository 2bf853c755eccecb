import Fluent
import Foundation
import LedgerCore
import SQLKit
import Vapor

/// 晴雨表 pages: the barometer of a unit and everything under it for a chosen period, and its
/// exports (CSV and XLSX) of the ledger, the scorecards and the report's figures.
enum BarometerController {
    struct Query: Content {
        let unit: Int?
        let from: String?
        let to: String?
        let period: String?
    }

    /// What a request asks to see, checked: a unit the officer may see and a sensible period.
    struct Selection {
        let scope: BarometerScope
        let from: Date
        let to: Date
        let period: Barometer.Period

        var fromDay: String { Barometer.dayString(from) }
        var toDay: String { Barometer.dayString(to) }
        var query: String { "unit=\(scope.unitID)&from=\(fromDay)&to=\(toDay)" }
    }

    static func select(_ req: Request, who: SignedIn) async throws -> Selection {
        guard !who.isAdministrator else { throw AppError.forbidden("administrators do not read the ledgers") }
        let query = try req.query.decode(Query.self)
        let scope = try await BarometerScope.resolve(query.unit, for: who, on: req.db)
        var period: Barometer.Period?
        if let asked = query.period, !asked.isEmpty {
            guard let chosen = Barometer.Period(rawValue: asked) else { throw AppError.invalid("period", "must be week or month") }
            period = chosen
        }
        func day(_ text: String?, field: String) throws -> Date? {
            guard let text, !text.isEmpty else { return nil }
            guard let day = Day(text) else { throw AppError.invalid(field, "must be a date as YYYY-MM-DD") }
            return Barometer.start(year: day.year, month: day.month, day: day.day)
        }
        var from = try day(query.from, field: "from")
        var to = try day(query.to, field: "to")
        if from == nil || to == nil {
            // By default the latest year with matters in scope, so a simulated year shows at once.
            let latest = try await MatterStore.latestRegistration(within: scope.reach, on: req.db) ?? req.now
            let year = Barometer.calendar.component(.year, from: latest)
            from = from ?? Barometer.start(year: year)
            to = to ?? Barometer.calendar.date(byAdding: .year, value: 1, to: from!)!
        }
        guard let from, let to, from < to else { throw AppError.invalid("to", "must be after the start of the period") }
        guard to.timeIntervalSince(from) <= 3 * 366 * 86_400 else { throw AppError.invalid("to", "a period covers at most three years") }
        // A long period reads better by month, a short one by week.
        let byMonth = to.timeIntervalSince(from) > 26 * 7 * 86_400
        return Selection(scope: scope, from: from, to: to, period: period ?? (byMonth ? .month : .week))
    }

    @Sendable static func page(req: Request) async throws -> Response {
        let who = try req.officer()
        let context = Layout.context(req)
        let selection: Selection
        do {
            selection = try await select(req, who: who)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return BarometerView.invalid(error.detail, context: context)
        }
        let barometer = Barometer(app: req.application, scope: selection.scope)
        let figures = try await barometer.figures(from: selection.from, to: selection.to)
        let standing = try await barometer.standing()
        let scorecards = try await barometer.scorecards(from: selection.from, to: selection.to)
        let trend = try await barometer.trend(from: selection.from, to: selection.to, period: selection.period)
        let spikes = try await barometer.spikes(from: selection.from, to: selection.to, language: context.language)
        let choices = try await scopeChoices(for: who, on: req.db)
        let services = try await ServiceFigures.report(within: Reach(unitID: selection.scope.unitID, kind: selection.scope.kind),
                                                       period: ("\(selection.fromDay) – \(selection.toDay)", selection.from, selection.to),
                                                       withWindows: true, app: req.application)
        return BarometerView.page(selection, figures: figures, standing: standing, scorecards: scorecards, trend: trend, spikes: spikes,
                                  services: services, choices: choices, context: context)
    }

    /// The officer's own unit and the units under it.
    static func scopeChoices(for who: SignedIn, on db: any Database) async throws -> [(id: Int, name: String)] {
        try await UnitStore.bureaus(within: who.reach, on: db).map { ($0.id!, $0.name) }
    }

    // MARK: - Exports

    struct ExportQuery: Content {
        let what: String?
        let format: String?
        let reveal: Bool?
    }

    @Sendable static func export(req: Request) async throws -> Response {
        let who = try req.officer()
        let selection = try await select(req, who: who)
        let options = try req.query.decode(ExportQuery.self)
        guard let format = SheetStream.Format(rawValue: options.format ?? "xlsx") else { throw AppError.invalid("format", "must be csv or xlsx") }
        let barometer = Barometer(app: req.application, scope: selection.scope)
        let what = options.what ?? "matters"
        let small: Spreadsheet
        switch what {
        case "matters":
            return try await streamMatters(req, who: who, selection: selection, format: format, reveal: options.reveal ?? false)
        case "scorecards":
            small = LedgerExport.scorecards(try await barometer.scorecards(from: selection.from, to: selection.to), selection: selection)
        case "report":
            let figures = try await barometer.figures(from: selection.from, to: selection.to)
            small = AnnualReport.spreadsheet(figures, year: Barometer.calendar.component(.year, from: selection.from))
        default:
            throw AppError.invalid("what", "must be matters, scorecards or report")
        }
        let data = format == .csv ? try small.csv() : try small.xlsx()
        try await audit(req, who: who, what: what, format: format, selection: selection, rows: small.sheets.first?.rows.count ?? 0, revealed: 0)
        return attachment(Response(status: .ok, body: .init(data: data)), what: what, format: format, selection: selection)
    }

    /// The one export that grows with the ledger, sent a page of rows at a time as they are
    /// read. It is audited before its first byte with the rows it will hold, counted first, and
    /// the residents it reveals (with `reveal`, counted in a first pass that sends nothing).
    private static func streamMatters(_ req: Request, who: SignedIn, selection: Selection, format: SheetStream.Format,
                                      reveal: Bool) async throws -> Response {
        let app = req.application
        let rows = try await MatterStore.countRegistered(from: selection.from, to: selection.to, visibleTo: who,
                                                         within: selection.scope.reach, on: app.db)
        if format == .xlsx, rows >= SheetStream.excelRows {
            throw AppError.invalid("format", "\(rows) matters are more rows than one Excel sheet holds; export CSV, or a shorter period")
        }
        let revealed = reveal ? try await LedgerExport.matters(selection, who: who, reveal: true, app: app) { _ in } : 0
        try await audit(req, who: who, what: "matters", format: format, selection: selection, rows: rows, revealed: revealed)
        let response = Response(status: .ok, body: .init(managedAsyncStream: { writer in
            let sheet = SheetStream(format: format, name: "台账", columns: LedgerExport.matterColumns)
            _ = try await LedgerExport.matters(selection, who: who, reveal: reveal, app: app) { page in
                try await writer.writeBuffer(ByteBuffer(data: try sheet.append(page)))
            }
            try await writer.writeBuffer(ByteBuffer(data: try sheet.finish()))
        }, count: -1))
        return attachment(response, what: "matters", format: format, selection: selection)
    }

    /// 一事一问责 for data too: every export is on the record, with what it held, before it leaves.
    private static func audit(_ req: Request, who: SignedIn, what: String, format: SheetStream.Format, selection: Selection,
                              rows: Int, revealed: Int) async throws {
        _ = try await req.application.write { db in
            try await AuditLog.append(on: db, kind: .exported, matterID: nil, actorID: who.officerID,
                                      fields: ["what": what, "format": format.rawValue, "unit": String(selection.scope.unitID),
                                               "from": selection.fromDay, "to": selection.toDay, "rows": String(rows),
                                               "revealed": String(revealed)], at: req.now)
        }
    }

    private static func attachment(_ response: Response, what: String, format: SheetStream.Format, selection: Selection) -> Response {
        let name = "minyi-\(what)-\(selection.scope.unitID)-\(selection.fromDay)-\(selection.toDay).\(format.rawValue)"
        response.headers.contentType = format == .csv ? HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            : HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

/// The rows of the exports.
enum LedgerExport {
    static let matterColumns: [Spreadsheet.Column] = [
        .init("编号 reference", .text), .init("登记时间 registered", .dateTime), .init("台账 ledger", .text), .init("类别 topic", .text),
        .init("状态 status", .text), .init("责任单位 unit", .text), .init("来源 channel", .text), .init("事项 summary", .text),
        .init("轮次 round", .integer), .init("销号时间 closed", .dateTime), .init("升级时间 escalated", .dateTime),
        .init("群众人数 complainants", .integer), .init("姓名 name", .text), .init("电话 phone", .text),
    ]

    /// Matters registered in the period within scope, a page of rows at a time to `emit`.
    /// Personal data is masked; with `reveal`, shown in clear only where the officer may reveal
    /// it on the matter page (the owning chief, the handler). Returns how many were revealed.
    static func matters(_ selection: BarometerController.Selection, who: SignedIn, reveal: Bool, pageSize: Int = 500, app: Application,
                        emit: ([[Spreadsheet.Cell]]) async throws -> Void) async throws -> Int {
        let units = try await UnitStore.names(on: app.db)
        let cipher = app.cipher
        let language = PageLanguage.zh
        var revealed = 0, after = 0
        while true {
            let matters = try await MatterStore.registered(from: selection.from, to: selection.to, visibleTo: who, within: selection.scope.reach,
                                                           after: after, limit: pageSize, on: app.db)
            guard let last = matters.last else { return revealed }
            after = last.id!
            let people = try await MatterStore.complainants(ofMatters: matters.map { $0.id! }, on: app.db)
            let byMatter = Dictionary(grouping: people, by: \.matterID)
            var rows: [[Spreadsheet.Cell]] = []
            rows.reserveCapacity(matters.count)
            for matter in matters {
                let persons = byMatter[matter.id!] ?? []
                let clear = reveal && PersonalDataReveal.mayReveal(who, owningUnitID: matter.unitID, handlerID: matter.handlerID)
                var name = "", phone = ""
                if let first = persons.first {
                    let plainName = try cipher.open(first.nameSealed), plainPhone = try cipher.open(first.phoneSealed)
                    name = clear ? plainName : Masking.name(plainName)
                    phone = clear ? plainPhone : Masking.phone(plainPhone)
                    if clear { revealed += 1 }
                }
                rows.append([
                    .text(matter.reference), .date(matter.registeredAt), .text(language.ledger(matter.ledger)),
                    .text(language.topic(matter.topic)), .text(language.status(matter.status)), .text(units[matter.unitID] ?? ""),
                    .text(language.channel(matter.channel)), .text(matter.summary), .integer(matter.round),
                    matter.closedAt.map { .date($0) } ?? .empty, matter.escalatedAt.map { .date($0) } ?? .empty,
                    .integer(persons.count), .text(name), .text(phone),
                ])
            }
            try await emit(rows)
        }
    }

    static func scorecards(_ cards: [Barometer.Scorecard], selection: BarometerController.Selection) -> Spreadsheet {
        let rows: [[Spreadsheet.Cell]] = cards.map { card in
            func rate(_ rate: Rate) -> Spreadsheet.Cell { rate.percent.map { .decimal($0 / 100) } ?? .empty }
            return [card.rank.map { .integer($0) } ?? .empty, .text(card.unitName), .integer(card.registered), .integer(card.closed),
                    rate(card.closureRate), rate(card.onTimeRate), rate(card.satisfactionRate), rate(card.recheckConfirmationRate), .integer(card.reopenings),
                    .integer(card.escalations), .integer(card.accountabilityRecords)]
        }
        return Spreadsheet(sheets: [.init(name: "单位考评 \(selection.fromDay)", columns: [
            .init("排名 rank", .integer), .init("单位 unit", .text), .init("登记 registered", .integer), .init("销号 closed", .integer),
            .init("销号率 closure rate", .percent), .init("按期率 on-time rate", .percent), .init("满意率 satisfaction rate", .percent),
            .init("复核确认率 re-check confirmation", .percent),
            .init("重新办理 reopened", .integer), .init("升级督办 escalations", .integer), .init("问责记录 accountability records", .integer),
        ], rows: rows)])
    }
}
