import Testing
@testable import SLAReports

@Suite struct PercentileTests {
    @Test func nearestRankPicksAnObservedValue() {
        let values: [Int64] = [15, 20, 35, 40, 50]
        #expect(Percentile.nearestRank(50, of: values) == 35)   // rank ⌈2.5⌉ = 3
        #expect(Percentile.nearestRank(90, of: values) == 50)   // rank ⌈4.5⌉ = 5
        #expect(Percentile.nearestRank(30, of: values) == 20)   // rank ⌈1.5⌉ = 2
        #expect(Percentile.nearestRank(100, of: values) == 50)
        #expect(Percentile.nearestRank(1, of: values) == 15)
    }

    @Test func medianOfAnEvenCountIsTheLowerMiddle() {
        #expect(Percentile.nearestRank(50, of: [4, 1, 3, 2]) == 2)
    }

    @Test func emptyHasNoPercentile() {
        #expect(Percentile.nearestRank(50, of: []) == nil)
    }

    @Test func tenValuesP90IsTheNinth() {
        #expect(Percentile.nearestRank(90, of: Array(1 ... 10)) == 9)
        #expect(Percentile.nearestRank(90, of: Array(1 ... 11)) == 10)   // rank ⌈9.9⌉ = 10
    }
}

@Suite struct DurationTextTests {
    @Test func peopleAndCompactForms() {
        #expect(ReportText.duration(45) == "45 s")
        #expect(ReportText.duration(42 * 60) == "42 min")
        #expect(ReportText.duration(3 * 3600 + 5 * 60) == "3 h 05 min")
        #expect(ReportText.duration(130 * 3600) == "130 h")
        #expect(ReportText.duration(-42 * 60) == "−42 min")
        #expect(ReportText.compactDuration(45) == "45s")
        #expect(ReportText.compactDuration(42 * 60) == "42m")
        #expect(ReportText.compactDuration(3 * 3600 + 5 * 60) == "3h 05m")
        #expect(ReportText.compactDuration(130 * 3600) == "130h")
    }
}
