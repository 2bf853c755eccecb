import Fluent
import Foundation
import LedgerCore
import Vapor

/// `minyi report --year 2023 [--unit ID] [--format text|json|csv]`: the annual report's
/// figures computed from the records, for the city or one unit with everything under it.
struct ReportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "year", help: "The calendar year (Beijing time), e.g. 2023.")
        var year: String?
        @Option(name: "unit", help: "A unit id: the report covers it and every unit under it (default: the city).")
        var unit: String?
        @Option(name: "format", help: "text (default), json or csv.")
        var format: String?
    }

    var help: String { "Prints the annual report's figures for a year, computed from the records (--year 2023 [--unit ID] [--format text|json|csv])." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let yearText = signature.year, let year = Int(yearText), (2000...2100).contains(year) else {
            throw AppError.invalid("--year", "give a year such as 2023")
        }
        let unit: Unit?
        if let unitText = signature.unit {
            guard let id = Int(unitText) else { throw AppError.invalid("--unit", "must be a unit id") }
            unit = try await Unit.fetch(id, on: app.db)
            guard unit?.kind != .partner else { throw AppError.invalid("--unit", "must be a city bureau, district bureau or police station") }
        } else {
            unit = try await UnitStore.units(kind: .city, limit: 1, on: app.db).first
        }
        guard let unit else { throw AppError.invalid("--unit", "no such unit (is the database set up?)") }
        let barometer = Barometer(app: app, scope: BarometerScope(unit))
        let figures = try await barometer.figures(from: Barometer.start(year: year), to: Barometer.start(year: year + 1))
        let output: String
        switch signature.format ?? "text" {
        case "text": output = AnnualReport.text(figures, year: year)
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            output = String(decoding: try encoder.encode(figures), as: UTF8.self)
        case "csv": output = String(decoding: try AnnualReport.spreadsheet(figures, year: year).csv(), as: UTF8.self)
        default: throw AppError.invalid("--format", "must be text, json or csv")
        }
        context.console.print(output)
    }
}

/// The annual report laid out as the Xi'an report's table (DESIGN §1), then month by month.
enum AnnualReport {
    static func number(_ value: Int) -> String {
        let digits = String(value)
        var grouped = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return String(grouped.reversed())
    }

    /// The rows of the report's table: (figure, value). Without a language, the labels are the
    /// report's own English ones (DESIGN §1), so the printed table can be compared line by line.
    static func rows(_ f: Barometer.Figures, language: PageLanguage? = nil) -> [(String, String)] {
        let n = number
        func label(_ phrase: Phrase, _ english: String) -> String { language.map { $0(phrase) } ?? english }
        let ofWhich = language.map { t in
            ReceptionServiceKind.allCases.map { "\(t(.receptionService($0))) \(n(f.reception[$0]))" }.joined(separator: " · ")
        }
        return [
            (label(.reportRegistered, "ledger matters registered"),
             "\(n(f.registered.total)) (\(label(.reportSuggestions, "suggestions")) \(n(f.registered.suggestion)) · \(label(.reportDemands, "demands")) \(n(f.registered.demand)) · \(label(.reportComplaints, "complaints")) \(n(f.registered.complaint)))"),
            (label(.reportClosed, "ledger matters closed (销号)"), n(f.closed.total)),
            (label(.reportMessages, "online messages received / answered / escalated into the ledgers"), "\(n(f.messages.received)) / \(n(f.messages.answered)) / \(n(f.messages.escalated))"),
            (label(.reportRooms, "reception rooms built"), n(f.reception.rooms)),
            (label(.reportResidents, "residents served in reception rooms"), n(f.reception.residentsServed)),
            ofWhich.map { (label(.reportOfWhich, "") + $0, "") }
                ?? ("of which: consultations and help \(n(f.reception.consultationHelp)) · disputes mediated \(n(f.reception.disputeMediation)) · emergency help \(n(f.reception.emergencyHelp)) · police business done on residents' behalf \(n(f.reception.businessOnBehalf)) · other services \(n(f.reception.otherService))", ""),
            (label(.reportEngagement, "engagement (进建商) activities · think-tank members"), "\(n(f.engagement.activities)) · \(n(f.engagement.thinkTankMembers))"),
            (label(.reportLiaison, "liaison officers · units/individuals paired · items collected · items solved"), "\(n(f.liaison.officers)) · \(n(f.liaison.contacts)) · \(n(f.liaison.itemsCollected)) · \(n(f.liaison.itemsSolved))"),
        ]
    }

    static func text(_ f: Barometer.Figures, year: Int) -> String {
        var lines = ["Annual report \(year) · \(f.unitName) (unit \(f.unitId)) · \(f.from) to \(f.to) (exclusive), Beijing time", ""]
        lines.append("| Figure | Value |")
        lines.append("|---|---|")
        for (figure, value) in rows(f) { lines.append("| \(figure) | \(value) |") }
        lines.append("")
        lines.append("Services given (\(number(f.reception.servicesGiven))) and residents served (\(number(f.reception.residentsServed))) are different measures; model sites: \(number(f.reception.modelSites)).")
        let satisfaction = f.satisfaction
        lines.append("Satisfaction, as residents or the call-back office gave it (never a unit): \(number(satisfaction.satisfied)) of \(number(satisfaction.ratings)) ratings, less \(number(satisfaction.rechecksDisagreed)) re-checks the resident disagreed with: \(satisfaction.satisfactionRate.formatted); re-checks confirmed: \(number(satisfaction.rechecksConfirmed)) of \(number(satisfaction.rechecksConfirmed + satisfaction.rechecksDisagreed)) (\(satisfaction.recheckConfirmationRate.formatted)).")
        lines.append("")
        lines.append("| Month | Registered: suggestions | demands | complaints | total | Closed |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for month in f.months {
            lines.append("| \(month.month) | \(number(month.registered.suggestion)) | \(number(month.registered.demand)) | \(number(month.registered.complaint)) | \(number(month.registered.total)) | \(number(month.closed.total)) |")
        }
        lines.append("| Total | \(number(f.registered.suggestion)) | \(number(f.registered.demand)) | \(number(f.registered.complaint)) | \(number(f.registered.total)) | \(number(f.closed.total)) |")
        return lines.joined(separator: "\n")
    }

    /// One tidy table: measure, breakdown, period, value — easy to pivot in a spreadsheet.
    static func spreadsheet(_ f: Barometer.Figures, year: Int) -> Spreadsheet {
        var rows: [[Spreadsheet.Cell]] = []
        func add(_ measure: String, _ breakdown: String, _ period: String, _ value: Int) {
            rows.append([.text(measure), .text(breakdown), .text(period), .integer(value)])
        }
        let y = String(year)
        for ledger in Ledger.allCases {
            add("matters_registered", ledger.rawValue, y, f.registered[ledger])
            add("matters_closed", ledger.rawValue, y, f.closed[ledger])
        }
        add("matters_registered", "total", y, f.registered.total)
        add("matters_closed", "total", y, f.closed.total)
        add("messages", "received", y, f.messages.received)
        add("messages", "answered", y, f.messages.answered)
        add("messages", "escalated", y, f.messages.escalated)
        add("reception_rooms", "built", y, f.reception.rooms)
        add("reception_rooms", "model_sites", y, f.reception.modelSites)
        add("reception", "residents_served", y, f.reception.residentsServed)
        add("reception", "consultationHelp", y, f.reception.consultationHelp)
        add("reception", "disputeMediation", y, f.reception.disputeMediation)
        add("reception", "emergencyHelp", y, f.reception.emergencyHelp)
        add("reception", "businessOnBehalf", y, f.reception.businessOnBehalf)
        add("reception", "otherService", y, f.reception.otherService)
        add("engagement", "activities", y, f.engagement.activities)
        add("engagement", "think_tank_members", y, f.engagement.thinkTankMembers)
        add("liaison", "officers", y, f.liaison.officers)
        add("liaison", "contacts", y, f.liaison.contacts)
        add("liaison", "items_collected", y, f.liaison.itemsCollected)
        add("liaison", "items_solved", y, f.liaison.itemsSolved)
        add("satisfaction", "certified_ratings", y, f.satisfaction.ratings)
        add("satisfaction", "satisfied", y, f.satisfaction.satisfied)
        add("satisfaction", "rechecks_confirmed", y, f.satisfaction.rechecksConfirmed)
        add("satisfaction", "rechecks_disagreed", y, f.satisfaction.rechecksDisagreed)
        for month in f.months {
            for ledger in Ledger.allCases {
                add("matters_registered", ledger.rawValue, month.month, month.registered[ledger])
                add("matters_closed", ledger.rawValue, month.month, month.closed[ledger])
            }
        }
        return Spreadsheet(sheets: [.init(name: "annual report \(year)",
                                          columns: [.init("measure", .text), .init("breakdown", .text), .init("period", .text), .init("value", .integer)],
                                          rows: rows)])
    }
}
