/// Remembers, per ticket number, a hash of what a file said about it, to reject a ticket that
/// appears twice with different data. It keeps two 64-bit hashes per ticket, not the tickets:
/// with the table's slack and its doubling, about 60 bytes a ticket at peak (6 MB more for
/// 100,000 tickets, measured by `slareport benchmark import`), the one thing a ticket file's
/// reader holds that grows with the file. Two different numbers whose 64-bit hashes
/// collide (odds about n^2 / 2^65: 3 in 10 billion at 100,000 tickets) would be reported as
/// a conflict.
///
/// Each value packs the content's hash (its low 32 bits: two different contents of one number
/// pass as the same with odds of 1 in 4 billion) with the line it came on, so a conflict names
/// the earlier line at no cost in memory.
struct DuplicateCheck {
    private var contentAndLineByNumber: [Int: UInt64] = [:]

    /// Records the ticket, read on `line`; returns the earlier line when the same number came
    /// earlier with other content, else nil.
    mutating func conflict(number: String, content: Int, line: Int) -> Int? {
        let key = number.hashValue
        let packed = UInt64(truncatingIfNeeded: content) << 32 | UInt64(UInt32(truncatingIfNeeded: line))
        if let earlier = contentAndLineByNumber[key] {
            return earlier >> 32 == packed >> 32 ? nil : Int(earlier & 0xFFFF_FFFF)
        }
        contentAndLineByNumber[key] = packed
        return nil
    }
}
