import SLAModel
import SLAEngine

/// Whether a file lists each ticket's rows oldest first, judged by the rows read before.
///
/// In the hour a fall-back repeats, a wall time without an offset names two instants. A row that
/// would go back in time after its ticket's previous row is read as the second occurrence (01:50
/// then 01:10 is twenty minutes later), but not in a file whose earlier rows list them newest
/// first: there every row goes back, and the rule moved truly earlier rows an hour later (a
/// stranger's trial: a response stored after the resolution it preceded). The evidence is pairs of
/// one ticket's consecutive rows whose times are both outside a repeated hour; a file without
/// any yet (its first rows) is taken as oldest first, the order of every export this tool knows.
struct RowOrderEvidence {
    private(set) var ascending = 0
    private(set) var descending = 0
    /// Enough pairs to judge a file by; later rows are not weighed (each costs two zone lookups).
    static let enough = 10_000

    /// No more pairs of the file go back in time than forward.
    var isOldestFirst: Bool { ascending >= descending }

    /// Weighs one ticket's consecutive rows (`previous`, then `current` in the file).
    mutating func record(previous: Instant, current: Instant, zone: ZoneRules) {
        guard current != previous, ascending + descending < Self.enough,
              !zone.isRepeatedWallTime(previous), !zone.isRepeatedWallTime(current) else { return }
        if current > previous { ascending += 1 } else { descending += 1 }
    }
}
