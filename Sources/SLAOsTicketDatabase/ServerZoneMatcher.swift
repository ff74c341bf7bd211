import Foundation
import SLAEngine
import SLAModel

/// Finds the IANA zone a database server's clock follows from the UTC offsets the server itself
/// reports, for servers whose `@@system_time_zone` is only an abbreviation (`EST`, `CET`): like
/// osTicket's `DbTimezone::determine`, which compares the server's offsets at chosen dates with
/// known zones. An abbreviation alone does not say when (or whether) daylight saving time starts.
public enum ServerZoneMatcher {
    /// The outcome of a match.
    public enum Match: Sendable, Hashable {
        /// One zone, or several that show the same offset at every instant of the span (links such as
        /// America/Detroit for America/New_York); `zone` is the preferred name among them.
        case zone(String, equivalents: [String])
        /// No known zone shows the server's offsets.
        case none
        /// Zones that match every probed instant yet differ somewhere in the span (kept for safety:
        /// by construction every transition of every candidate is probed, so this means a probe failed).
        case ambiguous([String])
    }

    /// The span in which offsets must agree: 1990 to 2037, the years a help desk's tickets carry
    /// (and within the 32-bit range every MariaDB and MySQL version's `FROM_UNIXTIME` accepts).
    public static let span: ClosedRange<Int64> = 631_152_000...2_145_916_799

    /// Names preferred when several zones are equivalent: the zones osTicket's DbTimezone maps offsets to.
    static let preferred: Set<String> = [
        "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
        "America/Anchorage", "America/Adak", "Pacific/Honolulu", "America/Halifax", "America/St_Johns",
        "America/Bogota", "America/Caracas", "America/Santiago", "America/Argentina/Buenos_Aires", "America/Sao_Paulo",
        "Atlantic/Azores", "Europe/London", "Europe/Berlin", "Africa/Lagos", "Africa/Johannesburg", "Asia/Beirut",
        "Europe/Moscow", "Asia/Tehran", "Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka",
        "Asia/Jakarta", "Asia/Shanghai", "Asia/Tokyo", "Australia/Adelaide", "Australia/Darwin", "Australia/Brisbane",
        "Australia/Sydney", "Pacific/Auckland", "UTC",
    ]

    /// Instants at which a first, coarse comparison is made: the 2nd of January and of July each year
    /// of the span (winter and summer in either hemisphere).
    public static var coarseInstants: [Int64] {
        var instants: [Int64] = []
        for year in 1990...2037 {
            for month in [1, 7] {
                let local = LocalDateTime(year: year, month: month, day: 2, hour: 12, minute: 0, second: 0)
                instants.append(local.secondsSinceLocalEpoch)
            }
        }
        return instants
    }

    /// Matches the server's offsets against `candidates` (IANA names; by default every zone the
    /// system knows). `offsets` returns the server's UTC offset in seconds at each instant asked for.
    /// Two rounds: the coarse instants, then every offset change of each surviving candidate (at the
    /// change and a second before), so two survivors agree at every instant of `span`.
    public static func match<Failure: Error>(
        candidates: [String] = TimeZone.knownTimeZoneIdentifiers,
        offsets: ([Int64]) throws(Failure) -> [Int]
    ) throws(Failure) -> Match {
        let coarse = coarseInstants
        let serverCoarse = try offsets(coarse)
        var survivors: [(String, ZoneRules)] = []
        for name in Set(candidates).sorted() where name.contains("/") || name == "UTC" {
            // Foundation's own offsets first: tabulating ZoneRules for every known zone would cost more.
            guard let zone = TimeZone(identifier: name),
                  zip(coarse, serverCoarse).allSatisfy({ zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) == $1 }),
                  let rules = ZoneRules.named(name) else { continue }
            survivors.append((name, rules))
        }
        guard !survivors.isEmpty else { return .none }
        var fine = Set<Int64>()
        for (_, rules) in survivors {
            for instant in changes(of: rules) { fine.insert(instant - 1); fine.insert(instant) }
        }
        let fineInstants = fine.sorted()
        let serverFine = fineInstants.isEmpty ? [] : try offsets(fineInstants)
        survivors = survivors.filter { _, rules in
            zip(fineInstants, serverFine).allSatisfy { rules.offset(at: Instant(secondsSinceEpoch: $0)) == $1 }
        }
        guard let first = survivors.first else { return .none }
        let probes = coarse + fineInstants
        let agree = survivors.allSatisfy { _, rules in
            probes.allSatisfy { rules.offset(at: Instant(secondsSinceEpoch: $0)) == first.1.offset(at: Instant(secondsSinceEpoch: $0)) }
        }
        let names = survivors.map(\.0)
        guard agree else { return .ambiguous(names) }
        let chosen = names.first(where: preferred.contains) ?? names[0]
        return .zone(chosen, equivalents: names.filter { $0 != chosen })
    }

    /// The instants within `span` at which `rules` change offset.
    static func changes(of rules: ZoneRules) -> [Int64] {
        var result: [Int64] = []
        // Offsets change at most a few times a year: a 12-hour walk finds every change, then a
        // binary search finds its second.
        var previous = span.lowerBound
        var previousOffset = rules.offset(at: Instant(secondsSinceEpoch: previous))
        var cursor = previous + 43_200
        while cursor <= span.upperBound {
            let offset = rules.offset(at: Instant(secondsSinceEpoch: cursor))
            if offset != previousOffset {
                var low = previous, high = cursor   // offset(low) == previousOffset, offset(high) != previousOffset
                while high - low > 1 {
                    let mid = (low + high) / 2
                    if rules.offset(at: Instant(secondsSinceEpoch: mid)) == previousOffset { low = mid } else { high = mid }
                }
                result.append(high)
                previousOffset = offset
            }
            previous = cursor
            cursor += 43_200
        }
        return result
    }
}
