/// How wide text shows in a fixed-width terminal or a chart's label column: East Asian wide
/// characters and emoji take two cells, combining marks none, everything else one. (Counting
/// characters misaligned `query`'s tables with CJK or emoji, and let wide chart labels run off
/// the chart; a stranger's trial on an international desk.)
public enum DisplayWidth {
    /// Whether `scalar` takes two cells (East Asian Wide and Fullwidth, and emoji pictographs).
    public static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
            || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
            || (0x20000...0x3FFFD).contains(value)
    }

    /// Cells `scalar` takes: 0 for combining marks and joiners, 2 for wide ones, else 1.
    public static func cells(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return isWide(scalar) ? 2 : 1
        }
    }

    /// Cells `text` takes.
    public static func cells(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + cells($1) }
    }

    /// `text` cut to at most `width` cells, ending in `…` when cut.
    public static func prefix(_ text: String, cells width: Int) -> String {
        guard cells(of: text) > width else { return text }
        var used = 0
        var kept = ""
        for character in text {
            let size = cells(of: String(character))
            if used + size > width - 1 { break }
            kept.append(character)
            used += size
        }
        return kept + "…"
    }
}
