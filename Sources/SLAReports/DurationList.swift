/// Durations in seconds that order statistics will be taken of (`DurationStats`), kept as 32-bit
/// numbers while every one fits and as 64-bit ones from the first that does not (68 years).
///
/// A report's exact medians and percentiles need every value of the period: about thirty per
/// ticket (each breakdown row's five kinds of duration, in the total and in each of five
/// dimensions). Held as `Int64` they were most of a long period's memory (a year of a
/// million-ticket desk: about 290 MB); this halves them.
struct DurationList: Sendable {
    private var narrow: [Int32] = []
    /// Every value, once one did not fit in 32 bits (then `narrow` is empty).
    private var wide: [Int64]?

    var isEmpty: Bool { narrow.isEmpty && (wide?.isEmpty ?? true) }
    var count: Int { wide?.count ?? narrow.count }

    mutating func append(_ value: Int64) {
        if wide != nil {
            wide!.append(value)
        } else if let fitting = Int32(exactly: value) {
            narrow.append(fitting)
        } else {
            wide = narrow.map(Int64.init) + [value]
            narrow = []
        }
    }

    /// Appends every value of `other`.
    mutating func append(contentsOf other: DurationList) {
        if let otherWide = other.wide {
            for value in otherWide { append(value) }
        } else if wide != nil {
            wide!.append(contentsOf: other.narrow.lazy.map(Int64.init))
        } else {
            narrow += other.narrow
        }
    }

    /// The values, in the order they were appended.
    var values: [Int64] { wide ?? narrow.map(Int64.init) }

    /// Their statistics, nil when there are none (sorted while narrow: the copies it takes
    /// are 12 bytes a value, not the 16 of widening first).
    var stats: DurationStats? {
        if let wide { return DurationStats(wide) }
        return DurationStats(ascending: narrow.sorted().map(Int64.init))
    }
}
