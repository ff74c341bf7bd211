import Testing
@testable import SLAReports

@Suite struct DurationListTests {
    /// A value now and then past 32 bits (a ticket open for seventy years), else a few days.
    static func randomValue(_ generator: inout SystemRandomNumberGenerator, wideOneIn chance: Int) -> Int64 {
        if Int.random(in: 0 ..< chance, using: &generator) == 0 {
            return Bool.random(using: &generator) ? Int64(Int32.max) + Int64.random(in: 1 ... 1 << 40, using: &generator)
                : Int64(Int32.min) - Int64.random(in: 1 ... 1 << 40, using: &generator)
        }
        return Int64.random(in: -3_600 ... 900_000, using: &generator)
    }

    /// Appended one by one or list to list, narrow or wide on either side, the list gives back
    /// exactly the values appended, in order, and their statistics.
    @Test func givesBackEveryValueAppendedInOrder() {
        var generator = SystemRandomNumberGenerator()
        for trial in 0 ..< 300 {
            let chance = [2, 20, 1_000_000][trial % 3]
            var expected: [Int64] = []
            var list = DurationList()
            for _ in 0 ..< Int.random(in: 0 ... 4, using: &generator) {
                var part = DurationList()
                var partValues: [Int64] = []
                for _ in 0 ..< Int.random(in: 0 ... 60, using: &generator) {
                    let value = Self.randomValue(&generator, wideOneIn: chance)
                    part.append(value)
                    partValues.append(value)
                }
                #expect(part.values == partValues)
                if Bool.random(using: &generator) {
                    list.append(contentsOf: part)
                } else {
                    for value in partValues { list.append(value) }
                }
                expected += partValues
            }
            #expect(list.values == expected)
            #expect(list.count == expected.count && list.isEmpty == expected.isEmpty)
            #expect(list.stats == DurationStats(expected))
        }
    }

    @Test func theValuesAtThe32BitEdgesStayExact() {
        var list = DurationList()
        let edges: [Int64] = [Int64(Int32.max), Int64(Int32.min), 0, Int64(Int32.max) + 1, Int64(Int32.min) - 1, -1]
        for value in edges { list.append(value) }
        #expect(list.values == edges)
        #expect(list.stats?.max == Int64(Int32.max) + 1 && list.stats?.min == Int64(Int32.min) - 1)
    }
}
