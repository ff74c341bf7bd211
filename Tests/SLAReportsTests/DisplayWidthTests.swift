import Testing
@testable import SLAReports

/// Backlog chart labels are cut by their width, not their count: 28 wide characters ran off
/// the chart's left edge (a stranger's trial on an international desk).
@Suite struct ChartLabelWidthTests {
    @Test func labelsAreCutToTheWidthTheirCharactersTake() {
        #expect(SVGStackedRows.fitted("Level 1 Support", width: 176) == "Level 1 Support")
        let latin = SVGStackedRows.fitted(String(repeating: "a", count: 40), width: 176)
        #expect(latin == String(repeating: "a", count: 25) + "…")
        let wide = SVGStackedRows.fitted(String(repeating: "支", count: 40), width: 176)
        #expect(wide == String(repeating: "支", count: 15) + "…")
    }
}

/// Terminal cells: `query`'s tables lined up by characters, so a CJK or emoji value pushed its
/// row's later columns out of line (a stranger's trial on an international desk).
@Suite struct DisplayWidthTests {
    @Test func wideCharactersTakeTwoCellsAndMarksNone() {
        #expect(DisplayWidth.cells(of: "Support") == 7)
        #expect(DisplayWidth.cells(of: "支援チーム") == 10)
        #expect(DisplayWidth.cells(of: "🚀 Rocket") == 9)
        #expect(DisplayWidth.cells(of: "e\u{301}quipe") == 6)        // é as e and a combining accent
        #expect(DisplayWidth.cells(of: "Служба") == 6)
    }

    @Test func aCutValueFitsItsCellsWithTheEllipsis() {
        #expect(DisplayWidth.prefix("支援チーム", cells: 10) == "支援チーム")
        #expect(DisplayWidth.prefix("支援チーム", cells: 6) == "支援…")
        #expect(DisplayWidth.cells(of: DisplayWidth.prefix("支援チーム", cells: 6)) <= 6)
        #expect(DisplayWidth.prefix("Level 1 Support", cells: 8) == "Level 1…")
    }
}
