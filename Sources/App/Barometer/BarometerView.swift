import Foundation
import LedgerCore
import Plot
import Vapor

/// The barometer page: figures, what is open now, scorecards with a ranking, trends and
/// spikes. Every chart is SVG drawn here, with its numbers in a table beside it.
enum BarometerView {
    static func invalid(_ message: String, context: Layout.Context) -> Response {
        let t = context.language
        return Layout.page(t(.barometerTitle), context, status: .unprocessableEntity, error: message, content: [
            .p(.a(.href(Page.barometer.path), .text(t(.errorBack)))),
        ])
    }

    static func page(_ selection: BarometerController.Selection, figures: Barometer.Figures, standing: Barometer.Standing,
                     scorecards: [Barometer.Scorecard], trend: Barometer.Trend, spikes: [Barometer.Flag],
                     services: ServiceFigures.Report, choices: [(id: Int, name: String)], context: Layout.Context) -> Response {
        let t = context.language
        let n = AnnualReport.number
        let topicSeries = MatterTopic.allCases.compactMap { topic -> (name: String, values: [Int])? in
            guard let values = trend.byTopic[topic.rawValue], values.contains(where: { $0 > 0 }) else { return nil }
            return (t.topic(topic), values)
        }
        let ledgerSeries = Ledger.allCases.map { ledger in (name: t.ledger(ledger), values: trend.byLedger[ledger.rawValue] ?? Array(repeating: 0, count: trend.labels.count)) }
        let ranked = scorecards.sorted { ($0.rank ?? Int.max, $0.unitId) < ($1.rank ?? Int.max, $1.unitId) }

        return Layout.page("\(t(.barometerTitle)) · \(selection.scope.name)", context, status: .ok, content: [
            .form(.id("barometer-form"), .class("filters"), .action(Page.barometer.path), .method(.get),
                  Controls.select("unit", label: t(.barometerScope), options: choices.map { (String($0.id), $0.name) },
                                  selected: String(selection.scope.unitID), id: "unit"),
                  .label(.for("from"), .text(t(.barometerFrom))),
                  .input(.type(.date), .name("from"), .id("from"), .value(selection.fromDay)),
                  .label(.for("to"), .text(t(.barometerTo))),
                  .input(.type(.date), .name("to"), .id("to"), .value(selection.toDay)),
                  Controls.select("period", label: t(.barometerPeriod),
                                  options: [("week", t(.barometerWeek)), ("month", t(.barometerMonth))],
                                  selected: selection.period.rawValue, id: "period"),
                  .button(.type(.submit), .id("barometer-show"), .text(t(.barometerShow)))),

            .h2(.text(t(.barometerFigures))),
            .table(.id("figures"), .class("figures"),
                   .tr(.th(.text(t(.barometerFigure))), .th(.text(t(.barometerValue)))),
                   .forEach(AnnualReport.rows(figures, language: t)) { row in .tr(.td(.text(row.0)), .td(.text(row.1))) }),

            .h2(.text(t(.barometerNow))),
            .dl(.id("standing"), .class("facts"),
                .dt(.text(t(.barometerOpen))), .dd(.id("standing-open"), .text(n(standing.open))),
                .dt(.text(t(.barometerOverdue))), .dd(.id("standing-overdue"), .text(n(standing.overdue))),
                .dt(.text(t(.barometerEscalated))), .dd(.id("standing-escalated"), .text(n(standing.escalated)))),

            .h2(.text(t(.barometerScorecards))),
            .p(.class("hint"), .text(t(.barometerScoreRule))),
            .div(.class("chart"), .raw(Chart.bars(title: t(.barometerScore), labels: ranked.map(\.unitName),
                                                  values: ranked.map { Int(($0.score ?? 0).rounded()) }))),
            .table(.id("scorecards"),
                   .tr(.th(.text(t(.barometerRank))), .th(.text(t(.barometerUnit))), .th(.text(t(.barometerRegistered))),
                       .th(.text(t(.barometerClosed))), .th(.text(t(.barometerClosureRate))), .th(.text(t(.barometerOnTimeRate))),
                       .th(.text(t(.barometerSatisfactionRate))), .th(.text(t(.recheckConfirmation))), .th(.text(t(.barometerReopenings))),
                       .th(.text(t(.barometerEscalations))), .th(.text(t(.barometerAccountability)))),
                   .forEach(ranked) { card in
                       .tr(.class("scorecard"), .id("scorecard-\(card.unitId)"),
                           .td(.text(card.rank.map(String.init) ?? "—")),
                           .td(.a(.href(Page.barometer.path + "?unit=\(card.unitId)&from=\(selection.fromDay)&to=\(selection.toDay)"), .text(card.unitName))),
                           .td(.text(n(card.registered))), .td(.text(n(card.closed))),
                           .td(.text(card.closureRate.formatted)), .td(.text(card.onTimeRate.formatted)),
                           .td(.text(card.satisfactionRate.formatted)), .td(.class("recheck-confirmation"), .text(card.recheckConfirmationRate.formatted)),
                           .td(.text(n(card.reopenings))),
                           .td(.text(n(card.escalations))), .td(.text(n(card.accountabilityRecords))))
                   }),

            .h2(.text(t(.barometerTrendLedger))),
            chartWithTable(id: "trend-ledger", title: t(.barometerTrendLedger), labels: trend.labels, series: ledgerSeries, t: t),
            .h2(.text(t(.barometerTrendTopic))),
            chartWithTable(id: "trend-topic", title: t(.barometerTrendTopic), labels: trend.labels, series: topicSeries, t: t),

            .h2(.text(t(.barometerSpikes))),
            .p(.class("hint"), .id("spike-rule"), .text(t(.barometerSpikeRule))),
            spikes.isEmpty ? .p(.id("no-spikes"), .text(t(.barometerNoSpikes))) :
                .table(.id("spikes"),
                       .tr(.th(.text(t(.barometerWeekStarting))), .th(.text(t(.barometerFigure))),
                           .th(.text(t(.barometerRegistered))), .th(.text(t(.barometerBaseline)))),
                       .forEach(spikes) { flag in
                           .tr(.class("spike"), .td(.text(flag.weekStarting)), .td(.text(flag.label)),
                               .td(.text(n(flag.count))), .td(.text(String(format: "%.1f", flag.baseline))))
                       }),

            ServiceViews.ratings(services, t: t),

            .h2(.text(t(.barometerExports))),
            .form(.id("export-form"), .class("filters"), .action(Page.barometerExport.path), .method(.get),
                  .input(.type(.hidden), .name("unit"), .value(String(selection.scope.unitID))),
                  .input(.type(.hidden), .name("from"), .value(selection.fromDay)),
                  .input(.type(.hidden), .name("to"), .value(selection.toDay)),
                  Controls.select("what", label: t(.barometerExports),
                                  options: [("matters", t(.barometerExportMatters)), ("scorecards", t(.barometerExportScorecards)),
                                            ("report", t(.barometerExportReport))], id: "export-what"),
                  Controls.select("format", label: "", options: [("xlsx", "Excel (XLSX)"), ("csv", "CSV")], id: "export-format"),
                  .label(.class("check"), .input(.type(.checkbox), .name("reveal"), .value("true"), .id("export-reveal")),
                         .text(t(.barometerExportReveal))),
                  .button(.type(.submit), .id("export-submit"), .text(t(.barometerExports)))),
        ])
    }

    static func chartWithTable(id: String, title: String, labels: [String], series: [(name: String, values: [Int])], t: PageLanguage) -> Node<HTML.BodyContext> {
        .div(.class("chart-block"), .id(id),
             .div(.class("chart"), .raw(Chart.lines(title: title, labels: labels, series: series))),
             .details(.summary(.text(t(.barometerTable))),
                      .table(.class("chart-table"),
                             .tr(.th(.text(t(.barometerPeriod))), .forEach(series) { .th(.text($0.name)) }),
                             .forEach(labels.indices) { index in
                                 .tr(.td(.text(labels[index])), .forEach(series) { .td(.text(String($0.values[index]))) })
                             })))
    }
}
