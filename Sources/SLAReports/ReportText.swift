import SLAEngine
import SLAModel

/// Locale-independent text formatting shared by the renderers. Pure integer arithmetic,
/// so output is identical on every machine and never goes through DateFormatter.
public enum ReportText {
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]
    static let weekdayAbbreviations = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// "August".
    public static func monthName(_ month: Int) -> String {
        (1 ... 12).contains(month) ? monthNames[month - 1] : String(month)
    }

    /// "Aug".
    public static func monthAbbreviation(_ month: Int) -> String {
        String(monthName(month).prefix(3))
    }

    /// "Mon 4 Aug 2025".
    public static func longDate(_ date: CivilDate) -> String {
        weekdayAbbreviations[date.isoWeekday - 1] + " " + String(date.day) + " "
            + monthAbbreviation(date.month) + " " + String(date.year)
    }

    /// An offset east of UTC as `+HH:MM` / `-HH:MM`.
    public static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
    }

    /// ISO 8601 with the zone's offset at that instant, e.g. `2025-08-05T17:26:52-04:00`.
    public static func iso8601(_ instant: Instant, in zone: ZoneRules) -> String {
        zone.localTime(of: instant).iso8601 + offset(zone.offset(at: instant))
    }

    /// An instant as a person reads it, to the second, with the zone's offset then:
    /// `Sun 31 Aug 2025, 10:07:45 (UTC-04:00)`.
    public static func readableInstant(_ instant: Instant, in zone: ZoneRules) -> String {
        let local = zone.localTime(of: instant)
        let s = local.secondOfDay
        return readable(local.date, time: pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2) + ":" + pad(s % 60, 2),
                        offset: offset(zone.offset(at: instant)))
    }

    /// `Sun 31 Aug 2025, 10:07:45 (UTC-04:00)` from its parts.
    private static func readable(_ date: CivilDate, time: String, offset: String) -> String {
        longDate(date) + ", " + time + " (UTC" + offset + ")"
    }

    /// `readableInstant` of an ISO 8601 text with its offset, as the summaries keep instants
    /// (`2025-08-31T10:07:45-04:00`); the text itself when it is not in that form.
    public static func readableInstant(iso8601 text: String) -> String {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes.count == 25, bytes[10] == UInt8(ascii: "T"), bytes[19] == UInt8(ascii: "+") || bytes[19] == UInt8(ascii: "-"),
              let year = number(0 ..< 4), let month = number(5 ..< 7), let day = number(8 ..< 10), (1 ... 12).contains(month),
              (1 ... 31).contains(day), number(11 ..< 13) != nil, number(14 ..< 16) != nil, number(17 ..< 19) != nil else { return text }
        return readable(CivilDate(year: year, month: month, day: day), time: String(decoding: bytes[11 ..< 19], as: UTF8.self),
                        offset: String(decoding: bytes[19...], as: UTF8.self))
    }

    /// Wall-clock date and time to the minute, e.g. `2025-08-05 17:26`; in the hour a fall-back
    /// repeats, with the offset that says which (`2025-11-02 01:30 -05:00`): two due instants an
    /// hour apart read the same.
    public static func localMinute(_ instant: Instant, in zone: ZoneRules) -> String {
        let local = zone.localTime(of: instant)
        let s = local.secondOfDay
        let text = local.date.description + " " + pad(s / 3600, 2) + ":" + pad(s / 60 % 60, 2)
        return zone.isRepeatedWallTime(instant) ? text + " " + offset(zone.offset(at: instant)) : text
    }

    /// `numerator / denominator` rounded half away from zero to `decimals` places, e.g.
    /// `fixed(7, 3, decimals: 2) == "2.33"`. Exact: no floating point.
    public static func fixed(_ numerator: Int64, _ denominator: Int64, decimals: Int) -> String {
        precondition(denominator > 0 && decimals >= 0)
        var scale: Int64 = 1
        for _ in 0 ..< decimals { scale *= 10 }
        let negative = numerator < 0
        let magnitude = negative ? -numerator : numerator
        let scaled = (magnitude * scale * 2 + denominator) / (denominator * 2)
        let whole = scaled / scale, fraction = scaled % scale
        let text = decimals == 0 ? String(whole) : String(whole) + "." + pad(Int(fraction), decimals)
        return negative && scaled != 0 ? "-" + text : text
    }

    /// Hours with two decimals, e.g. 5400 s -> `1.50`.
    public static func hours(_ seconds: Int64) -> String {
        fixed(seconds, 3600, decimals: 2)
    }

    /// A compliance count as a percentage with one decimal, e.g. `93.8%`; `—` when nothing was judged.
    public static func percent(_ count: ComplianceCount) -> String {
        guard count.judged > 0 else { return "—" }
        return fixed(Int64(count.met) * 100, Int64(count.judged), decimals: 1) + "%"
    }

    /// A duration for people: `45 s`, `42 min`, `3 h 05 min`, `130 h`. Hours are not
    /// folded into days, because business hours are not 24 to a day.
    public static func duration(_ seconds: Int64) -> String {
        formatDuration(seconds, units: (" s", " min", " h ", " h"))
    }

    /// A duration for dense tables: `45s`, `42m`, `3h 05m`, `130h`.
    public static func compactDuration(_ seconds: Int64) -> String {
        formatDuration(seconds, units: ("s", "m", "h ", "h"))
    }

    /// Seconds under a minute, minutes under an hour, hours and minutes under 100 hours,
    /// whole hours beyond; `units` are the seconds, minutes, hours-before-minutes and
    /// whole-hours suffixes.
    private static func formatDuration(_ seconds: Int64,
                                       units: (seconds: String, minutes: String, hours: String, wholeHours: String)) -> String {
        let negative = seconds < 0
        let s = negative ? -seconds : seconds
        let text: String
        if s < 60 {
            text = "\(s)" + units.seconds
        } else if s < 3600 {
            text = "\((s + 30) / 60)" + units.minutes
        } else if s < 100 * 3600 {
            let minutes = (s + 30) / 60
            text = "\(minutes / 60)" + units.hours + pad(Int(minutes % 60), 2) + units.minutes
        } else {
            text = grouped(Int((s + 1800) / 3600)) + units.wholeHours
        }
        return negative ? "−" + text : text
    }

    /// An age for backlog tables: `5 h`, `2.4 days`, `13.4 days` (wall clock, one decimal).
    public static func age(_ seconds: Int64) -> String {
        if seconds < 86_400 { return duration(seconds) }
        return fixed(seconds, 86_400, decimals: 1) + " days"
    }

    /// "a", "a and b", "a, b and c".
    public static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    /// A ratio as a percentage with `decimals` decimals and a `%` sign, or `—` when the
    /// denominator is zero. Exact.
    public static func percent(_ numerator: Int64, of denominator: Int64, decimals: Int = 1) -> String {
        guard denominator > 0 else { return "—" }
        return fixed(numerator * 100, denominator, decimals: decimals) + "%"
    }

    /// An integer with thousands separators, e.g. `12,345`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "−" + out : out
    }
}
