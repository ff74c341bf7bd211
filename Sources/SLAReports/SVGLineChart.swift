/// A small, dependency-free SVG line chart of percentages (values 0 ... 1) over labelled
/// points, styled by CSS classes so that the page's light, dark and print styles apply.
///
/// The SVG carries its own text alternative (`<title>`, `<desc>`, `role="img"`); every
/// point has a `<title>` tooltip. A missing value breaks the line. Text is escaped.
public struct SVGLineChart: Hashable, Sendable {
    /// One line.
    public struct Series: Hashable, Sendable {
        public var name: String
        /// `values[i]` belongs to `xLabels[i]`; nil means no value there.
        public var values: [Double?]
        /// Tooltip text per point (e.g. "93.8% (15 of 16)"); falls back to the percentage.
        public var pointNotes: [String?]
        /// CSS class for colour and dash, e.g. `series-0 dash-1` or `series-total`.
        public var cssClass: String

        public init(name: String, values: [Double?], pointNotes: [String?] = [], cssClass: String) {
            self.name = name
            self.values = values
            self.pointNotes = pointNotes
            self.cssClass = cssClass
        }
    }

    public var id: String
    public var title: String
    public var summary: String
    public var xLabels: [String]
    public var series: [Series]
    public var width = 1000
    public var height = 320
    /// A dashed horizontal line at this percentage (the compliance target), if set.
    public var targetPercent: Int?

    public init(id: String, title: String, summary: String, xLabels: [String], series: [Series]) {
        self.id = id
        self.title = title
        self.summary = summary
        self.xLabels = xLabels
        self.series = series
    }

    /// The lower end of the y axis in percent: 0, or a multiple of 10 just below the
    /// lowest value when all values are high (so differences near 100% stay visible).
    public var yMinimumPercent: Int {
        var lowest = series.flatMap { $0.values.compactMap { $0 } }.min() ?? 0
        if let targetPercent { lowest = min(lowest, Double(targetPercent) / 100) }
        let lowestPercent = Int((lowest * 100).rounded(.down))
        return max(0, min(80, (lowestPercent - 5) / 10 * 10))
    }

    /// The `<svg>` element.
    public func render() -> String {
        let esc = HTMLEscaping.escape
        // Room on the right for half of the last x label, centred on the last point ("Aug 2025"
        // was cut to "Aug 202" with 20).
        let left = 52.0, right = 36.0, top = 16.0, bottom = 40.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let yMin = Double(yMinimumPercent)
        let count = xLabels.count
        func x(_ i: Int) -> Double {
            count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(i) / Double(count - 1)
        }
        func y(_ value: Double) -> Double {
            top + plotHeight * (1 - (value * 100 - yMin) / (100 - yMin))
        }
        var svg = "<svg class=\"chart\" id=\"\(esc(id))\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
        svg += "aria-labelledby=\"\(esc(id))-title \(esc(id))-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(esc(id))-title\">\(esc(title))</title>\n"
        svg += "<desc id=\"\(esc(id))-desc\">\(esc(summary))</desc>\n"
        // Horizontal grid with percentage labels.
        let step = (100 - yMinimumPercent) > 50 ? 20 : 10
        var tick = 100
        while tick >= yMinimumPercent {
            let ty = y(Double(tick) / 100)
            svg += "<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(ty))\" x2=\"\(n(Double(width) - right))\" y2=\"\(n(ty))\"/>"
            svg += "<text x=\"\(n(left - 8))\" y=\"\(n(ty + 4))\" text-anchor=\"end\">\(tick)%</text>\n"
            tick -= step
        }
        if let targetPercent, targetPercent >= yMinimumPercent, targetPercent <= 100 {
            let ty = y(Double(targetPercent) / 100)
            svg += "<line class=\"target\" x1=\"\(n(left))\" y1=\"\(n(ty))\" x2=\"\(n(Double(width) - right))\" y2=\"\(n(ty))\"><title>Target \(targetPercent)%</title></line>\n"
        }
        svg += "<line class=\"axis\" x1=\"\(n(left))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(Double(width) - right))\" y2=\"\(n(top + plotHeight))\"/>\n"
        for (i, label) in xLabels.enumerated() {
            svg += "<text x=\"\(n(x(i)))\" y=\"\(n(top + plotHeight + 20))\" text-anchor=\"middle\">\(esc(label))</text>\n"
        }
        for line in series {
            var path = ""
            var previousPresent = false
            for (i, value) in line.values.enumerated() {
                guard let value else { previousPresent = false; continue }
                path += (previousPresent ? "L" : "M") + n(x(i)) + " " + n(y(value))
                previousPresent = true
            }
            svg += "<g><title>\(esc(line.name))</title>\n"
            if path.contains("L") {
                svg += "<path class=\"line \(esc(line.cssClass))\" d=\"\(path)\"/>\n"
            }
            for (i, value) in line.values.enumerated() {
                guard let value else { continue }
                let note = i < line.pointNotes.count ? line.pointNotes[i] : nil
                let label = (i < xLabels.count ? xLabels[i] : "") + ": " + (note ?? SVGLineChart.percent(value))
                svg += "<circle class=\"dot \(esc(line.cssClass))\" cx=\"\(n(x(i)))\" cy=\"\(n(y(value)))\" r=\"3.5\">"
                svg += "<title>\(esc(line.name)), \(esc(label))</title></circle>\n"
            }
            svg += "</g>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// A coordinate with at most one decimal, deterministic across platforms.
    func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? sign + String(magnitude / 10) : sign + String(magnitude / 10) + "." + String(magnitude % 10)
    }

    static func percent(_ value: Double) -> String {
        let tenths = Int((value * 1000).rounded())
        return String(tenths / 10) + "." + String(tenths % 10) + "%"
    }
}
