import SLAModel
import SLAEngine

/// The instants an import accepts: from January 1 of `first` (00:00 UTC) up to, not including,
/// January 1 of `end`. A ticket dated year 1 or 9999 is a typo or a broken export; accepted, it
/// would make `report --all-weeks` write thousands of empty weeks.
public struct AcceptedYears: Sendable, Hashable, CustomStringConvertible {
    public let first: Int
    public let end: Int
    public let lowerBound: Instant
    public let upperBound: Instant

    /// 1970-01-01 up to 2100-01-01.
    public static let standard = AcceptedYears(validFirst: 1970, end: 2100)
    /// The widest range the tool handles.
    public static let limits = 1...9999

    private init(validFirst first: Int, end: Int) {
        self.first = first
        self.end = end
        lowerBound = Instant(secondsSinceEpoch: LocalDateTime(date: CivilDate(year: first, month: 1, day: 1), secondOfDay: 0).secondsSinceLocalEpoch)
        upperBound = Instant(secondsSinceEpoch: LocalDateTime(date: CivilDate(year: end, month: 1, day: 1), secondOfDay: 0).secondsSinceLocalEpoch)
    }

    /// Reads `FIRST-END` such as `1970-2100`; nil unless `1 <= FIRST < END <= 9999`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Int(parts[0]), let end = Int(parts[1]),
              Self.limits.contains(first), Self.limits.contains(end), first < end else { return nil }
        self.init(validFirst: first, end: end)
    }

    public var description: String { "\(first)-\(end)" }

    /// The instant of `parsed`, or nil when it falls outside the range.
    public func instant(of parsed: ParsedTimestamp, in zone: ZoneRules) -> Instant? {
        // Judge the written year first, so the arithmetic below only sees sane values.
        let year = parsed.local.date.year
        guard year >= first - 1, year <= end else { return nil }
        let instant = parsed.instant(in: zone)
        return instant >= lowerBound && instant < upperBound ? instant : nil
    }

    /// As `instant(of:in:)`, but a wall time in the hour a fall-back repeats is read as its second
    /// occurrence when its first would come before `previous` (what it must follow: the ticket's
    /// creation, or its previous row in a file listed oldest first, `RowOrderEvidence`) and the
    /// second does not: 01:50 then 01:10 is twenty minutes later, not forty before. A time written
    /// with its offset is never moved.
    public func instant(of parsed: ParsedTimestamp, in zone: ZoneRules, after previous: Instant?) -> Instant? {
        guard let instant = instant(of: parsed, in: zone) else { return nil }
        if let previous, instant < previous, parsed.offset == nil,
           case .overlap(_, let later) = zone.resolve(parsed.local), later >= previous {
            return later
        }
        return instant
    }

    /// What an out-of-range value should have been, for error messages.
    public var expectation: String {
        "a date-time from \(first)-01-01 up to \(end)-01-01 UTC (the accepted years; change them with --accept-years or accept_years)"
    }
}
