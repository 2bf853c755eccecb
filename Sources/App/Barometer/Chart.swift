/// Charts drawn on the server as SVG text, so dashboards work without JavaScript.
///
/// Only SVG presentation attributes are used (stroke=, fill=, …): the content security
/// policy is `style-src 'self'`, which blocks `style=` attributes and `<style>` elements.
/// Series differ by dash pattern, marker shape and grey level at once, so a chart still
/// reads when the annual report is printed in black and white or photocopied.
/// The SVG has a viewBox and no width or height, so it scales to its container.
enum Chart {
    static let width = 640.0

    /// Weekly or monthly trends: one line per series, all over the same `labels`.
    static func lines(title: String, labels: [String], series: [(name: String, values: [Int])]) -> String {
        let count = max(labels.count, series.map(\.values.count).max() ?? 0)
        let scale = Scale(maximum: series.flatMap(\.values).max() ?? 0)
        let left = 14 + textWidth(String(scale.top), size: 11), right = 16.0, top = 40.0, plotHeight = 200.0
        let plotWidth = width - left - right, bottom = top + plotHeight
        let legend = legendLayout(series.map(\.name), startY: bottom + 42)
        var svg = open(title: title, height: legend.height + 8)

        func x(_ index: Int) -> Double {
            count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(count - 1)
        }
        func y(_ value: Int) -> Double { bottom - plotHeight * Double(max(0, value)) / Double(scale.top) }

        for tick in scale.ticks {
            let rule = tick == 0 ? "black" : "rgb(208,208,208)"
            svg += #"<line x1="\#(n(left))" y1="\#(n(y(tick)))" x2="\#(n(width - right))" y2="\#(n(y(tick)))" stroke="\#(rule)" stroke-width="1"/>"#
            svg += #"<text x="\#(n(left - 6))" y="\#(n(y(tick) + 4))" font-size="11" text-anchor="end" fill="black">\#(tick)</text>"#
        }
        if count == 0 {
            svg += #"<text x="\#(n(left + plotWidth / 2))" y="\#(n(top + plotHeight / 2))" font-size="14" text-anchor="middle" fill="rgb(85,85,85)">—</text>"#
        }

        // Show every k-th label so that the widest one still fits in its slot.
        let slot = plotWidth / Double(max(count - 1, 1))
        let widest = labels.map { textWidth($0, size: 11) }.max() ?? 0
        let every = max(1, Int(((widest + 8) / slot).rounded(.up)))
        for (index, label) in labels.enumerated() where index % every == 0 {
            svg += #"<text x="\#(n(x(index)))" y="\#(n(bottom + 16))" font-size="11" text-anchor="middle" fill="black">\#(escape(label))</text>"#
        }

        // Markers on every point of a long series would merge into a thick line.
        let markerEvery = max(1, Int((Double(count) / 40).rounded(.up)))
        for (number, line) in series.enumerated() {
            let style = LineStyle.of(number)
            let points = line.values.enumerated().map { "\(n(x($0.offset))),\(n(y($0.element)))" }
            if points.count > 1 {
                svg += #"<polyline points="\#(points.joined(separator: " "))" fill="none" stroke="\#(style.grey)" stroke-width="2" stroke-linejoin="round"\#(style.dashAttribute)/>"#
            }
            for (index, value) in line.values.enumerated() where index % markerEvery == 0 || line.values.count == 1 {
                svg += style.marker(x: x(index), y: y(value))
            }
        }

        for entry in legend.entries {
            let style = LineStyle.of(entry.number)
            svg += #"<line x1="\#(n(entry.x))" y1="\#(n(entry.y - 4))" x2="\#(n(entry.x + 28))" y2="\#(n(entry.y - 4))" stroke="\#(style.grey)" stroke-width="2"\#(style.dashAttribute)/>"#
            svg += style.marker(x: entry.x + 14, y: entry.y - 4)
            svg += #"<text x="\#(n(entry.x + 34))" y="\#(n(entry.y))" font-size="12" fill="black">\#(escape(entry.name))</text>"#
        }
        return svg + "</svg>"
    }

    /// Horizontal bars for rankings, largest scale at the top value, with the value
    /// printed at the end of each bar so the chart needs no axis.
    static func bars(title: String, labels: [String], values: [Int]) -> String {
        let rows = Array(zip(labels, values))
        let rowHeight = 24.0, top = 40.0, maxLabelWidth = 200.0
        let shown = rows.map { truncated($0.0, toWidth: maxLabelWidth, size: 12) }
        let left = 8 + min(maxLabelWidth, shown.map { textWidth($0, size: 12) }.max() ?? 0) + 8
        let largest = max(1, rows.map(\.1).max() ?? 0)
        let valueRoom = 12 + textWidth(String(largest), size: 12)
        let barRoom = max(0, width - left - 8 - valueRoom)
        let height = top + rowHeight * Double(max(rows.count, 1)) + 8
        var svg = open(title: title, height: height)

        if rows.isEmpty {
            svg += #"<text x="\#(n(width / 2))" y="\#(n(top + 16))" font-size="14" text-anchor="middle" fill="rgb(85,85,85)">—</text>"#
        }
        for (index, (label, value)) in rows.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let barWidth = barRoom * Double(max(0, value)) / Double(largest)
            let fullLabel = label == shown[index] ? "" : "<title>\(escape(label))</title>"
            svg += #"<text x="\#(n(left - 8))" y="\#(n(rowTop + 16))" font-size="12" text-anchor="end" fill="black">\#(fullLabel)\#(escape(shown[index]))</text>"#
            svg += #"<rect x="\#(n(left))" y="\#(n(rowTop + 4))" width="\#(n(barWidth))" height="16" fill="rgb(85,85,85)"/>"#
            svg += #"<text x="\#(n(left + barWidth + 4))" y="\#(n(rowTop + 16))" font-size="12" fill="black">\#(value)</text>"#
        }
        return svg + "</svg>"
    }

    /// Escapes text for both element content and attribute values (labels are unit names and
    /// other user data); a label is one line.
    static func escape(_ text: String) -> String {
        Safe.xml(text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " "))
    }

    // MARK: - Parts

    private static func open(title: String, height: Double) -> String {
        #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(n(width)) \#(n(height))" role="img" aria-label="\#(escape(title))" font-family="sans-serif">"#
            + "<title>\(escape(title))</title>"
            + #"<text x="0" y="18" font-size="14" font-weight="bold" fill="black">\#(escape(title))</text>"#
    }

    /// The y axis: a round step (1, 2, 5 × 10ⁿ) giving at most five intervals, and a top
    /// of at least 1 so that all-zero data still has a scale to divide by.
    struct Scale {
        let step: Int, top: Int
        init(maximum: Int) {
            let maximum = max(0, maximum)
            var magnitude = 1, step = 1
            search: while true {
                for multiple in [1, 2, 5] {
                    step = multiple * magnitude
                    if (maximum + step - 1) / step <= 5 { break search }
                }
                magnitude *= 10
            }
            self.step = step
            top = max(1, (maximum + step - 1) / step) * step
        }
        var ticks: [Int] { Array(stride(from: 0, through: top, by: step)) }
    }

    struct LineStyle {
        let grey: String, dash: String?, shape: Int
        static func of(_ number: Int) -> LineStyle {
            let greys = ["black", "rgb(90,90,90)", "rgb(144,144,144)", "rgb(45,45,45)", "rgb(116,116,116)", "rgb(168,168,168)"]
            let dashes: [String?] = [nil, "7 3", "2 3", "9 3 2 3", "4 4", "1 3"]
            return LineStyle(grey: greys[number % 6], dash: dashes[number % 6], shape: number % 6)
        }
        var dashAttribute: String { dash.map { #" stroke-dasharray="\#($0)""# } ?? "" }

        /// Filled circle, square, triangle and diamond, then hollow circle and square.
        func marker(x: Double, y: Double) -> String {
            let fill = shape >= 4 ? "white" : grey
            let paint = #"fill="\#(fill)" stroke="\#(grey)" stroke-width="1.5""#
            switch shape {
            case 0, 4: return #"<circle cx="\#(n(x))" cy="\#(n(y))" r="3.5" \#(paint)/>"#
            case 1, 5: return #"<rect x="\#(n(x - 3.5))" y="\#(n(y - 3.5))" width="7" height="7" \#(paint)/>"#
            case 2: return #"<polygon points="\#(n(x)),\#(n(y - 4.5)) \#(n(x + 4.5)),\#(n(y + 3.5)) \#(n(x - 4.5)),\#(n(y + 3.5))" \#(paint)/>"#
            default: return #"<polygon points="\#(n(x)),\#(n(y - 4.5)) \#(n(x + 4.5)),\#(n(y)) \#(n(x)),\#(n(y + 4.5)) \#(n(x - 4.5)),\#(n(y))" \#(paint)/>"#
            }
        }
    }

    /// Legend entries flow left to right and wrap, each a line sample, a marker and a name.
    private static func legendLayout(_ names: [String], startY: Double) -> (entries: [(number: Int, name: String, x: Double, y: Double)], height: Double) {
        var entries: [(number: Int, name: String, x: Double, y: Double)] = []
        var x = 0.0, y = startY
        for (number, name) in names.enumerated() {
            let entryWidth = 34 + textWidth(name, size: 12) + 20
            if x > 0 && x + entryWidth > width { x = 0; y += 20 }
            entries.append((number, name, x, y))
            x += entryWidth
        }
        return (entries, names.isEmpty ? startY - 20 : y)
    }

    /// A rough width: CJK characters are about one em wide, Latin ones about 0.6 em.
    static func textWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : size * 0.6) }
    }

    private static func truncated(_ text: String, toWidth limit: Double, size: Double) -> String {
        guard textWidth(text, size: size) > limit else { return text }
        var result = ""
        for character in text {
            if textWidth(result + String(character) + "…", size: size) > limit { break }
            result.append(character)
        }
        return result + "…"
    }

    /// A coordinate with at most one decimal; never "nan" or "inf" in the output.
    static func n(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return tenths % 10 == 0 ? "\(sign)\(abs(tenths) / 10)" : "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
