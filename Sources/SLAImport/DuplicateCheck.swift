/// Remembers, per ticket number, a hash of what a file said about it, to reject a ticket that
/// appears twice with different data. It keeps two 64-bit hashes per ticket, not the tickets:
/// with the table's slack and its doubling, about 60 bytes a ticket at peak (6 MB more for
/// 100,000 tickets, measured by `slareport benchmark import`), the one thing a ticket file's
/// reader holds that grows with the file. Two different numbers whose 64-bit hashes
/// collide (odds about n^2 / 2^65: 3 in 10 billion at 100,000 tickets) would be reported as
/// a conflict.
struct DuplicateCheck {
    private var contentByNumber: [Int: Int] = [:]

    /// Records the ticket; true when the same number came earlier with other content.
    mutating func conflicts(number: String, content: Int) -> Bool {
        let key = number.hashValue
        if let earlier = contentByNumber[key] { return earlier != content }
        contentByNumber[key] = content
        return false
    }
}
