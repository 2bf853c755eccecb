@testable import App
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("Server-side SVG charts")
struct ChartTests {
    static let hostile = #"<script>alert(1)</script>"&'"#

    func parse(_ svg: String) throws -> XMLDocument { try XMLDocument(xmlString: svg, options: []) }

    func nodes(_ document: XMLDocument, _ element: String) throws -> [XMLElement] {
        try document.nodes(forXPath: "//*[local-name()='\(element)']").compactMap { $0 as? XMLElement }
    }

    func texts(_ document: XMLDocument) throws -> [String] {
        try nodes(document, "text").compactMap(\.stringValue)
    }

    /// Writes a chart to the folder in MINYI_CHART_SAMPLE, if set, to look at by eye.
    func keep(_ svg: String, as name: String) throws {
        guard let folder = ProcessInfo.processInfo.environment["MINYI_CHART_SAMPLE"] else { return }
        try svg.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
    }

    var weeks: [String] { (1...52).map { "2023-W\($0 < 10 ? "0" : "")\($0)" } }

    var everyChart: [String] {
        [
            Chart.lines(title: "t", labels: ["a", "b", "c"], series: [("one", [1, 5, 23]), ("two", [3, 0, 7])]),
            Chart.lines(title: "t", labels: [], series: []),
            Chart.lines(title: "t", labels: ["a", "b"], series: [("zero", [0, 0])]),
            Chart.lines(title: "t", labels: ["only"], series: [("one point", [4])]),
            Chart.lines(title: "t", labels: ["a", "b"], series: [("no values", [])]),
            Chart.bars(title: "t", labels: ["a", "b"], values: [3, 9]),
            Chart.bars(title: "t", labels: [], values: []),
            Chart.bars(title: "t", labels: ["a", "b"], values: [0, 0]),
        ]
    }

    @Test("every chart is well-formed XML: an <svg role=img> in the SVG namespace, labelled, with a <title> first")
    func wellFormed() throws {
        for svg in everyChart {
            let root = try #require(try parse(svg).rootElement())
            #expect(root.localName == "svg")
            #expect(root.uri == "http://www.w3.org/2000/svg")
            #expect(root.value(of: "role") == "img")
            #expect(root.value(of: "aria-label") == "t")
            #expect(root.value(of: "viewBox") != nil)
            #expect(root.value(of: "width") == nil, "the size comes from the viewBox, so the chart fits its container")
            #expect((root.children?.first as? XMLElement)?.localName == "title")
        }
    }

    @Test("labels, series names and titles from user data are escaped and come back intact")
    func hostileText() throws {
        let svgs = [
            Chart.lines(title: Self.hostile, labels: [Self.hostile, "b"], series: [(Self.hostile, [1, 2])]),
            Chart.bars(title: Self.hostile, labels: [Self.hostile], values: [5]),
        ]
        for svg in svgs {
            #expect(!svg.contains("<script"))
            #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;"))
            let document = try parse(svg)
            #expect(document.rootElement()?.value(of: "aria-label") == Self.hostile)
            #expect(try nodes(document, "script").isEmpty)
        }
        // The chart title, an x label and the legend.
        #expect(try texts(parse(svgs[0])).filter { $0 == Self.hostile }.count == 3)
        // A long bar label is shortened on screen and given whole in a tooltip.
        let bars = try parse(svgs[1])
        #expect(try nodes(bars, "title").compactMap(\.stringValue).filter { $0 == Self.hostile }.count == 2)
        #expect(try texts(bars).contains { $0.hasSuffix("…") && $0.contains("<script>alert(1)") })
    }

    @Test("no style attributes or <style> elements, which the CSP (style-src 'self') would block")
    func noInlineStyles() throws {
        for svg in everyChart {
            #expect(!svg.contains("style="))
            #expect(!svg.contains("<style"))
            #expect(try parse(svg).nodes(forXPath: "//@style").isEmpty)
        }
    }

    @Test("empty and all-zero data render without NaN or infinity")
    func emptyAndZero() throws {
        for svg in everyChart {
            let lowered = svg.lowercased()
            #expect(!lowered.contains("nan"))
            #expect(!lowered.contains("inf"))
        }
        let zero = try parse(Chart.lines(title: "t", labels: ["a", "b"], series: [("zero", [0, 0])]))
        #expect(try texts(zero).contains("1"), "an all-zero chart still has a scale, 0 to 1")
    }

    @Test("series differ by grey level, dash pattern and marker shape at once, so they read in black and white")
    func seriesStyles() throws {
        let series = (0..<4).map { (name: "s\($0)", values: [1, 2, 3 + $0]) }
        let document = try parse(Chart.lines(title: "t", labels: ["a", "b", "c"], series: series))
        let lines = try nodes(document, "polyline")
        #expect(lines.count == 4)
        #expect(Set(lines.map { $0.value(of: "stroke") ?? "" }).count == 4)
        #expect(Set(lines.map { $0.value(of: "stroke-dasharray") ?? "solid" }).count == 4)
        let circles = try nodes(document, "circle").count, squares = try nodes(document, "rect").count
        let polygons = try nodes(document, "polygon").map { $0.value(of: "points")?.split(separator: " ").count ?? 0 }
        // Three points and a legend sample per series: circles, squares, triangles, diamonds.
        #expect(circles == 4 && squares == 4)
        #expect(polygons.filter { $0 == 3 }.count == 4 && polygons.filter { $0 == 4 }.count == 4)
        #expect(try texts(document).filter { $0.hasPrefix("s") }.count == 4, "a legend names every series")
    }

    @Test("the y axis has a few ticks at round numbers covering the data")
    func roundTicks() throws {
        let document = try parse(Chart.lines(title: "t", labels: ["a", "b"], series: [("n", [3, 23])]))
        #expect(try texts(document).filter { Int($0) != nil } == ["0", "5", "10", "15", "20", "25"])
        #expect(Chart.Scale(maximum: 23_789).ticks == [0, 5_000, 10_000, 15_000, 20_000, 25_000])
        #expect(Chart.Scale(maximum: 7).ticks == [0, 2, 4, 6, 8])
        #expect(Chart.Scale(maximum: 1).ticks == [0, 1])
    }

    @Test("52 weekly labels are thinned so they do not overlap; the first is kept")
    func thinnedLabels() throws {
        let svg = Chart.lines(title: "每周登记 matters registered per week", labels: weeks, series: [
            ("意见建议 suggestions", (0..<52).map { 120 + ($0 * 37) % 41 }),
            ("利益诉求 demands", (0..<52).map { 190 + ($0 * 53) % 67 + ($0 == 30 ? 150 : 0) }),
            ("投诉举报 complaints", (0..<52).map { 110 + ($0 * 29) % 31 }),
            ("销号 closed", (0..<52).map { 380 + ($0 * 43) % 59 }),
        ])
        try keep(svg, as: "lines.svg")
        let document = try parse(svg)
        let shown = try texts(document).filter { $0.hasPrefix("2023-W") }
        #expect(shown.first == "2023-W01")
        #expect(shown.count < 52 && shown.count >= 4)
        // Each label is about 53 units wide (8 characters at 11 × 0.6); the plot is about 600 wide.
        #expect(Double(shown.count) * 53 < 600)
    }

    @Test("bars: one per label, longest for the largest value, value printed at the end")
    func bars() throws {
        let svg = Chart.bars(title: "结案率", labels: ["雁塔分局", "碑林分局", "新城分局"], values: [30, 120, 0])
        try keep(svg, as: "bars.svg")
        let document = try parse(svg)
        let rects = try nodes(document, "rect")
        let widths = rects.compactMap { $0.value(of: "width").flatMap(Double.init) }
        try #require(widths.count == 3)
        #expect(widths[1] > widths[0] && widths[0] > widths[2] && widths[2] == 0)
        #expect(abs(widths[0] * 4 - widths[1]) < 1)
        let texts = try texts(document)
        for expected in ["雁塔分局", "碑林分局", "新城分局", "30", "120", "0"] { #expect(texts.contains(expected)) }
    }
}

private extension XMLElement {
    /// FoundationXML on Linux does not find unprefixed attributes of a namespaced element
    /// by `attribute(forName:)`, so look through them by name.
    func value(of name: String) -> String? {
        attributes?.first { $0.name == name || $0.localName == name }?.stringValue
    }
}
