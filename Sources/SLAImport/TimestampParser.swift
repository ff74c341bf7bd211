import SLAModel
import SLAEngine

/// A date-time read from text: a wall-clock time and, when the text carried one, its UTC offset.
public struct ParsedTimestamp: Hashable, Sendable {
    public var local: LocalDateTime
    /// Seconds east of UTC written in the text (`Z` = 0), or nil when the text had none.
    public var offset: Int?

    /// The instant: by the written offset if there is one, else by the zone's rules
    /// (a time skipped by DST moves forward by the gap; a repeated time takes its first occurrence).
    public func instant(in zone: ZoneRules) -> Instant {
        if let offset { return Instant(secondsSinceEpoch: local.secondsSinceLocalEpoch - Int64(offset)) }
        return zone.instant(of: local)
    }
}

/// Fixed-width parsing of ISO-like timestamps, millions per second (no DateFormatter).
///
/// Accepts `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, `YYYY-MM-DD HH:MM:SS` with `T` or a space
/// between date and time, `/` instead of `-` in the date, an optional fraction of a second
/// (dropped: the tool counts whole seconds), and an optional `Z`, `±HH:MM`, `±HHMM` or `±HH`.
public enum TimestampParser {
    public static func parse(_ text: String) -> ParsedTimestamp? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    public static func parse(bytes b: UnsafeBufferPointer<UInt8>) -> ParsedTimestamp? {
        var end = b.count
        while end > 0 && (b[end - 1] == 0x20 || b[end - 1] == 0x09) { end -= 1 }
        var start = 0
        while start < end && (b[start] == 0x20 || b[start] == 0x09) { start += 1 }
        guard end - start >= 10 else { return nil }
        @inline(__always) func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= end else { return nil }
            var value = 0
            for i in at..<(at + count) {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                value = value * 10 + d
            }
            return value
        }
        let i = start
        guard let year = digits(i, 4), let month = digits(i + 5, 2), let day = digits(i + 8, 2) else { return nil }
        let sep1 = b[i + 4], sep2 = b[i + 7]
        guard sep1 == sep2, sep1 == UInt8(ascii: "-") || sep1 == UInt8(ascii: "/") else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid else { return nil }
        var position = i + 10
        var hour = 0, minute = 0, second = 0
        if position < end {
            guard b[position] == UInt8(ascii: " ") || b[position] == UInt8(ascii: "T") else { return nil }
            guard let h = digits(position + 1, 2), position + 3 < end, b[position + 3] == UInt8(ascii: ":"),
                  let m = digits(position + 4, 2) else { return nil }
            hour = h
            minute = m
            position += 6
            var hasSeconds = false
            if position < end && b[position] == UInt8(ascii: ":") {
                guard let s = digits(position + 1, 2) else { return nil }
                second = s
                position += 3
                hasSeconds = true
            }
            // A fraction belongs to the seconds: `01:30.5` (half a minute in ISO 8601) is refused, not read as 01:30:00.
            if position < end && (b[position] == UInt8(ascii: ".") || b[position] == UInt8(ascii: ",")) {
                guard hasSeconds else { return nil }
                position += 1
                let fractionStart = position
                while position < end && b[position] >= 48 && b[position] <= 57 { position += 1 }
                guard position > fractionStart else { return nil }
            }
        }
        guard hour <= 23, minute <= 59, second <= 59 else { return nil }
        var offset: Int?
        if position < end {
            let sign = b[position]
            if sign == UInt8(ascii: "Z") && position + 1 == end {
                offset = 0
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                guard let oh = digits(position + 1, 2) else { return nil }
                var om = 0
                if position + 3 < end {
                    if b[position + 3] == UInt8(ascii: ":") {
                        guard let m = digits(position + 4, 2), position + 6 == end else { return nil }
                        om = m
                    } else {
                        guard let m = digits(position + 3, 2), position + 5 == end else { return nil }
                        om = m
                    }
                }
                guard oh <= 18, om <= 59 else { return nil }
                offset = (oh * 3600 + om * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        return ParsedTimestamp(local: LocalDateTime(date: date, secondOfDay: hour * 3600 + minute * 60 + second),
                               offset: offset)
    }
}
