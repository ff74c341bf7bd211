/// Percentiles by the nearest-rank method: the p-th percentile of n sorted values is the
/// value at 1-based rank ⌈p/100 × n⌉. It is always one of the observed values (no
/// interpolation), so the median of an even count is the lower of the two middle values.
public enum Percentile {
    /// The nearest-rank `percent`-th percentile (1 ... 100) of `values`, or nil when empty.
    public static func nearestRank(_ percent: Int, of values: [Int64]) -> Int64? {
        nearestRank(percent, ofSorted: values.sorted())
    }

    /// As `nearestRank(_:of:)` for values already sorted ascending.
    public static func nearestRank(_ percent: Int, ofSorted sorted: [Int64]) -> Int64? {
        precondition((1 ... 100).contains(percent), "percentile must be 1...100")
        guard !sorted.isEmpty else { return nil }
        let rank = (percent * sorted.count + 99) / 100  // ⌈p·n/100⌉ in integers
        return sorted[max(rank, 1) - 1]
    }

    /// The method in words, for a report's definitions.
    public static let methodDescription =
        "Percentiles use the nearest-rank method: the p-th percentile of n values sorted ascending is the value at rank ⌈p/100 × n⌉, so it is always an observed value and the median of an even number of values is the lower middle one."
}
