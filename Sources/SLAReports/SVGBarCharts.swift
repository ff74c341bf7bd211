/// Small, dependency-free SVG bar charts styled by CSS classes (so the page's light, dark
/// and print styles apply). Each carries its own text alternative (`role="img"`,
/// `<title>`, `<desc>`), and every bar a `<title>` tooltip. Text is escaped; coordinates
/// are printed with at most one decimal so output is byte-identical across machines.
public struct SVGBarChart: Hashable, Sendable {
    /// One series: a value per category.
    public struct Series: Hashable, Sendable {
        public var name: String
        public var values: [Int]
        /// CSS class giving the fill, e.g. `fill-met`.
        public var cssClass: String

        public init(name: String, values: [Int], cssClass: String) {
            self.name = name
            self.values = values
            self.cssClass = cssClass
        }
    }

    public var id: String
    public var title: String
    public var summary: String
    public var categories: [String]
    public var series: [Series]
    /// Stacked bars (one per category) or grouped bars (one per series and category).
    public var stacked: Bool
    public var xAxisLabel: String?
    public var width = 1000
    public var height = 260

    public init(id: String, title: String, summary: String, categories: [String], series: [Series],
                stacked: Bool, xAxisLabel: String? = nil, width: Int = 1000, height: Int = 260) {
        self.width = width
        self.height = height
        self.id = id
        self.title = title
        self.summary = summary
        self.categories = categories
        self.series = series
        self.stacked = stacked
        self.xAxisLabel = xAxisLabel
    }

    /// The `<svg>` element.
    public func render() -> String {
        let esc = HTMLEscaping.escape
        let left = 46.0, right = 12.0, top = 14.0, bottom = xAxisLabel == nil ? 34.0 : 52.0
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let maxValue = stacked
            ? (categories.indices.map { i in series.reduce(0) { $0 + (i < $1.values.count ? $1.values[i] : 0) } }.max() ?? 0)
            : (series.flatMap(\.values).max() ?? 0)
        let scaleMax = SVGBarChart.niceCeiling(max(maxValue, 1))
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / Double(scaleMax)) }
        var svg = SVGBarChart.open(id: id, width: width, height: height, title: title, summary: summary)
        let step = SVGBarChart.tickStep(scaleMax)
        var tick = 0
        while tick <= scaleMax {
            let ty = y(tick)
            svg += "<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(ty))\" x2=\"\(n(Double(width) - right))\" y2=\"\(n(ty))\"/>"
            svg += "<text x=\"\(n(left - 6))\" y=\"\(n(ty + 4))\" text-anchor=\"end\">\(tick)</text>\n"
            tick += step
        }
        let slot = plotWidth / Double(max(categories.count, 1))
        let barArea = slot * 0.72
        for (i, category) in categories.enumerated() {
            let slotLeft = left + slot * Double(i)
            svg += "<text x=\"\(n(slotLeft + slot / 2))\" y=\"\(n(top + plotHeight + 18))\" text-anchor=\"middle\">\(esc(category))</text>\n"
            var base = 0
            for (j, line) in series.enumerated() {
                let value = i < line.values.count ? line.values[i] : 0
                guard value > 0 else { continue }
                let x: Double, w: Double, y0: Double, y1: Double
                if stacked {
                    x = slotLeft + (slot - barArea) / 2
                    w = barArea
                    y0 = y(base + value)
                    y1 = y(base)
                    base += value
                } else {
                    w = barArea / Double(max(series.count, 1))
                    x = slotLeft + (slot - barArea) / 2 + w * Double(j)
                    y0 = y(value)
                    y1 = y(0)
                }
                svg += "<rect class=\"bar \(esc(line.cssClass))\" x=\"\(n(x))\" y=\"\(n(y0))\" width=\"\(n(max(w - 1, 1)))\" height=\"\(n(max(y1 - y0, 0.5)))\">"
                svg += "<title>\(esc(category)): \(value) \(esc(line.name))</title></rect>\n"
                if !stacked || j == series.count - 1 || series[(j + 1)...].allSatisfy({ (i < $0.values.count ? $0.values[i] : 0) == 0 }) {
                    let label = stacked ? base : value
                    svg += "<text class=\"value\" x=\"\(n(x + w / 2))\" y=\"\(n(y0 - 4))\" text-anchor=\"middle\">\(label)</text>\n"
                }
            }
        }
        svg += "<line class=\"axis\" x1=\"\(n(left))\" y1=\"\(n(top + plotHeight))\" x2=\"\(n(Double(width) - right))\" y2=\"\(n(top + plotHeight))\"/>\n"
        if let xAxisLabel {
            svg += "<text x=\"\(n(left + plotWidth / 2))\" y=\"\(n(Double(height) - 8))\" text-anchor=\"middle\">\(esc(xAxisLabel))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// The opening `<svg>` with its title and description.
    static func open(id: String, width: Int, height: Int, title: String, summary: String) -> String {
        let esc = HTMLEscaping.escape
        var svg = "<svg class=\"chart\" id=\"\(esc(id))\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
        svg += "aria-labelledby=\"\(esc(id))-title \(esc(id))-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(esc(id))-title\">\(esc(title))</title>\n"
        svg += "<desc id=\"\(esc(id))-desc\">\(esc(summary))</desc>\n"
        return svg
    }

    /// The smallest of 1, 2, 5 × 10^k at or above `value`.
    static func niceCeiling(_ value: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where factor * magnitude >= value { return factor * magnitude }
            magnitude *= 10
        }
    }

    /// A grid step giving 2 to 5 lines up to `scaleMax`.
    static func tickStep(_ scaleMax: Int) -> Int {
        for divisor in [5, 4, 2] where scaleMax % divisor == 0 && scaleMax / divisor >= 1 { return scaleMax / divisor }
        return scaleMax
    }
}

/// Horizontal stacked bars, one row per label (backlog aging per team).
public struct SVGStackedRows: Hashable, Sendable {
    public struct Row: Hashable, Sendable {
        public var label: String
        public var values: [Int]
        public var emphasized: Bool

        public init(label: String, values: [Int], emphasized: Bool = false) {
            self.label = label
            self.values = values
            self.emphasized = emphasized
        }
    }

    public var id: String
    public var title: String
    public var summary: String
    /// Names of the segments, in stacking order.
    public var segmentNames: [String]
    /// CSS class per segment.
    public var segmentClasses: [String]
    public var rows: [Row]
    public var width = 1000

    public init(id: String, title: String, summary: String, segmentNames: [String], segmentClasses: [String],
                rows: [Row]) {
        self.id = id
        self.title = title
        self.summary = summary
        self.segmentNames = segmentNames
        self.segmentClasses = segmentClasses
        self.rows = rows
    }

    /// `label` cut (with `…`) to what fits in `width` units at the chart's 11 px text: a
    /// conservative 7 units a character, 11.5 for wide ones (CJK, emoji). Counting characters
    /// let 28 wide ones run off the chart's left edge (a stranger's trial).
    static func fitted(_ label: String, width: Double) -> String {
        func units(_ scalar: Unicode.Scalar) -> Double { DisplayWidth.isWide(scalar) ? 11.5 : 7 }
        var used = 0.0
        var kept = String.UnicodeScalarView()
        for scalar in label.unicodeScalars {
            used += units(scalar)
            if used > width { return String(kept) + "…" }
            kept.append(scalar)
        }
        return label
    }

    public func render() -> String {
        let esc = HTMLEscaping.escape
        let rowHeight = 26.0, top = 8.0, left = 190.0, right = 56.0
        let height = Int(top * 2 + rowHeight * Double(rows.count) + 4)
        let plotWidth = Double(width) - left - right
        let maxTotal = max(rows.map { $0.values.reduce(0, +) }.max() ?? 0, 1)
        var svg = SVGBarChart.open(id: id, width: width, height: height, title: title, summary: summary)
        for (i, row) in rows.enumerated() {
            let y = top + rowHeight * Double(i)
            let label = Self.fitted(row.label, width: left - 14)
            svg += "<text class=\"\(row.emphasized ? "strong" : "")\" x=\"\(n(left - 8))\" y=\"\(n(y + 17))\" text-anchor=\"end\">\(esc(label))</text>\n"
            var x = left
            let total = row.values.reduce(0, +)
            for (j, value) in row.values.enumerated() where value > 0 {
                let w = plotWidth * Double(value) / Double(maxTotal)
                let name = j < segmentNames.count ? segmentNames[j] : ""
                let cls = j < segmentClasses.count ? segmentClasses[j] : ""
                svg += "<rect class=\"bar \(esc(cls))\" x=\"\(n(x))\" y=\"\(n(y + 4))\" width=\"\(n(max(w - 1, 1)))\" height=\"\(n(rowHeight - 8))\">"
                svg += "<title>\(esc(row.label)), \(esc(name)): \(value)</title></rect>\n"
                x += w
            }
            svg += "<text class=\"value\" x=\"\(n(x + 6))\" y=\"\(n(y + 17))\">\(total)</text>\n"
        }
        svg += "</svg>"
        return svg
    }
}

/// Flow between teams: the sending teams on the left, the receiving teams on the right,
/// a band per hand-off pair with a width proportional to its count.
public struct SVGFlowChart: Hashable, Sendable {
    public var id: String
    public var title: String
    public var summary: String
    public var edges: [TeamFlow.Edge]
    public var width = 1000

    public init(id: String, title: String, summary: String, edges: [TeamFlow.Edge]) {
        self.id = id
        self.title = title
        self.summary = summary
        self.edges = edges
    }

    public func render() -> String {
        let esc = HTMLEscaping.escape
        let sources = orderedNames(edges.map(\.from), weights: edges.map { ($0.from, $0.count) })
        let targets = orderedNames(edges.map(\.to), weights: edges.map { ($0.to, $0.count) })
        let total = max(edges.reduce(0) { $0 + $1.count }, 1)
        let gap = 14.0, top = 10.0, nodeWidth = 14.0
        let available = 220.0
        // At most 8 px per hand-off, so a single pair does not fill the chart.
        let scale = min(available / Double(total), 8)
        let columnHeight = Double(total) * scale + gap * Double(max(sources.count, targets.count) - 1)
        let height = Int(top * 2 + max(columnHeight, 40))
        let leftX = 230.0, rightX = Double(width) - 230.0
        func layout(_ names: [String], _ key: (TeamFlow.Edge) -> String) -> [String: (y: Double, h: Double)] {
            var result: [String: (Double, Double)] = [:]
            let heights = names.map { name in Double(edges.filter { key($0) == name }.reduce(0) { $0 + $1.count }) * scale }
            let used = heights.reduce(0, +) + gap * Double(names.count - 1)
            var y = top + (columnHeight - used) / 2
            for (name, h) in zip(names, heights) {
                result[name] = (y, h)
                y += h + gap
            }
            return result
        }
        let left = layout(sources) { $0.from }, right = layout(targets) { $0.to }
        var svg = SVGBarChart.open(id: id, width: width, height: height, title: title, summary: summary)
        var leftOffset: [String: Double] = [:], rightOffset: [String: Double] = [:]
        for (i, edge) in edges.enumerated() {
            let band = Double(edge.count) * scale
            let y0 = left[edge.from]!.y + leftOffset[edge.from, default: 0]
            let y1 = right[edge.to]!.y + rightOffset[edge.to, default: 0]
            leftOffset[edge.from, default: 0] += band
            rightOffset[edge.to, default: 0] += band
            let x0 = leftX + nodeWidth, x1 = rightX, mid = (x0 + x1) / 2
            let d = "M\(n(x0)) \(n(y0))C\(n(mid)) \(n(y0)) \(n(mid)) \(n(y1)) \(n(x1)) \(n(y1))"
                + "L\(n(x1)) \(n(y1 + band))C\(n(mid)) \(n(y1 + band)) \(n(mid)) \(n(y0 + band)) \(n(x0)) \(n(y0 + band))Z"
            svg += "<path class=\"flow series-\(i % 8)\" d=\"\(d)\"><title>\(esc(edge.from)) → \(esc(edge.to)): \(edge.count) hand-off\(edge.count == 1 ? "" : "s")</title></path>\n"
        }
        for name in sources {
            let node = left[name]!
            svg += "<rect class=\"node\" x=\"\(n(leftX))\" y=\"\(n(node.y))\" width=\"\(n(nodeWidth))\" height=\"\(n(max(node.h, 1)))\"/>"
            svg += "<text x=\"\(n(leftX - 8))\" y=\"\(n(node.y + node.h / 2 + 4))\" text-anchor=\"end\">\(esc(name)) (\(Int((node.h / scale).rounded())))</text>\n"
        }
        for name in targets {
            let node = right[name]!
            svg += "<rect class=\"node\" x=\"\(n(rightX))\" y=\"\(n(node.y))\" width=\"\(n(nodeWidth))\" height=\"\(n(max(node.h, 1)))\"/>"
            svg += "<text x=\"\(n(rightX + nodeWidth + 8))\" y=\"\(n(node.y + node.h / 2 + 4))\">\(esc(name)) (\(Int((node.h / scale).rounded())))</text>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Distinct names, heaviest first, then by name.
    func orderedNames(_ names: [String], weights: [(String, Int)]) -> [String] {
        var totals: [String: Int] = [:]
        for (name, weight) in weights { totals[name, default: 0] += weight }
        return totals.keys.sorted { a, b in totals[a]! != totals[b]! ? totals[a]! > totals[b]! : a < b }
    }
}

/// A coordinate with at most one decimal, deterministic across platforms.
func n(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    let magnitude = abs(tenths)
    return magnitude % 10 == 0 ? sign + String(magnitude / 10) : sign + String(magnitude / 10) + "." + String(magnitude % 10)
}
