import SLAModel

/// How a mapping profile's date-times are written.
public enum DateFormat: Sendable, Hashable, CustomStringConvertible {
    /// ISO 8601 and its common relatives (`TimestampParser`): `2010-03-31T16:59:42+02:00`,
    /// `2025-08-05 15:58:40`, `2012/10/09 14:50:17.000`.
    case iso
    /// Seconds since 1970-01-01 UTC, optionally with a fraction.
    case unixSeconds
    /// A fixed pattern, strptime-like (`%d.%m.%Y %H:%M`) or with letters (`DD/MM/YYYY hh:mm:ss.sss`).
    case pattern(DatePattern)

    /// Parses a profile's `time.format`: `iso`, `unix`, or a pattern.
    public init(_ text: String) throws(DatePattern.PatternError) {
        switch text.lowercased() {
        case "iso", "iso8601", "iso-8601": self = .iso
        case "unix", "epoch", "unix-seconds": self = .unixSeconds
        default: self = .pattern(try DatePattern(text))
        }
    }

    public func parse(_ text: String) -> ParsedTimestamp? {
        switch self {
        case .iso: return TimestampParser.parse(text)
        case .unixSeconds: return DatePattern.parseUnix(text)
        case .pattern(let pattern): return pattern.parse(text)
        }
    }

    /// `parse(_:)` of the value's UTF-8 bytes.
    public func parse(bytes: UnsafeBufferPointer<UInt8>) -> ParsedTimestamp? {
        switch self {
        case .iso: return TimestampParser.parse(bytes: bytes)
        case .unixSeconds: return DatePattern.parseUnix(String(decoding: bytes, as: UTF8.self))
        case .pattern(let pattern): return pattern.parse(bytes: bytes)
        }
    }

    /// What a value should look like, for error messages.
    public var example: String {
        switch self {
        case .iso: return "an ISO 8601 date-time such as 2025-08-05T15:58:40-04:00 or 2025-08-05 15:58:40"
        case .unixSeconds: return "seconds since 1970-01-01 UTC, such as 1754423920"
        case .pattern(let pattern): return "a date-time in the pattern \"\(pattern.source)\""
        }
    }

    public var description: String {
        switch self {
        case .iso: return "iso"
        case .unixSeconds: return "unix"
        case .pattern(let pattern): return pattern.source
        }
    }
}

/// A hand-written fixed-pattern date-time parser (no DateFormatter: it is ~1000x slower here).
///
/// Two spellings are accepted:
/// - strptime-like: `%Y` (4-digit year), `%y` (2-digit year, 70-99 -> 19xx), `%m`, `%d`, `%H`, `%I`
///   (12-hour, with `%p` AM/PM), `%M`, `%S` (1 or 2 digits each), `%f` (a fraction of a second,
///   dropped), `%z` (`Z`, `+HH:MM`, `+HHMM`, `+HH`), `%b` / `%B` (English month name or
///   abbreviation), `%T` = `%H:%M:%S`, `%F` = `%Y-%m-%d`, `%%`; anything else is literal;
/// - letters: `YYYY`, `YY`, `MM` (month), `DD`/`dd`, `hh`/`HH` (24-hour), `mm` (minute), `ss`,
///   `sss`/`SSS` (fraction), `MMM` (month name), `Z`/`XXX` (offset); anything else is literal
///   (use the strptime spelling for a 12-hour clock).
///
/// The pattern must match the whole value (surrounding spaces are ignored).
public struct DatePattern: Sendable, Hashable {
    public struct PatternError: Error, Sendable, CustomStringConvertible {
        public var pattern: String
        public var message: String
        public var description: String { "date pattern \"\(pattern)\": \(message)" }
    }

    enum Token: Sendable, Hashable {
        case literal(UInt8)
        case year4, year2, month, day, hour24, hour12, minute, second, fraction, offset, monthName, ampm
    }

    public let source: String
    let tokens: [Token]

    public init(_ pattern: String) throws(PatternError) {
        source = pattern
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        if bytes.contains(UInt8(ascii: "%")) {
            var i = 0
            while i < bytes.count {
                let byte = bytes[i]
                guard byte == UInt8(ascii: "%") else { tokens.append(.literal(byte)); i += 1; continue }
                guard i + 1 < bytes.count else { throw PatternError(pattern: pattern, message: "ends with a lone %") }
                switch bytes[i + 1] {
                case UInt8(ascii: "Y"): tokens.append(.year4)
                case UInt8(ascii: "y"): tokens.append(.year2)
                case UInt8(ascii: "m"): tokens.append(.month)
                case UInt8(ascii: "d"), UInt8(ascii: "e"): tokens.append(.day)
                case UInt8(ascii: "H"): tokens.append(.hour24)
                case UInt8(ascii: "I"): tokens.append(.hour12)
                case UInt8(ascii: "M"): tokens.append(.minute)
                case UInt8(ascii: "S"): tokens.append(.second)
                case UInt8(ascii: "f"): tokens.append(.fraction)
                case UInt8(ascii: "z"), UInt8(ascii: "Z"): tokens.append(.offset)
                case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "h"): tokens.append(.monthName)
                case UInt8(ascii: "p"): tokens.append(.ampm)
                case UInt8(ascii: "T"): tokens += [.hour24, .literal(UInt8(ascii: ":")), .minute, .literal(UInt8(ascii: ":")), .second]
                case UInt8(ascii: "F"): tokens += [.year4, .literal(UInt8(ascii: "-")), .month, .literal(UInt8(ascii: "-")), .day]
                case UInt8(ascii: "%"): tokens.append(.literal(UInt8(ascii: "%")))
                default:
                    throw PatternError(pattern: pattern, message: "unknown directive %\(Character(Unicode.Scalar(bytes[i + 1]))) (known: %Y %y %m %d %H %I %M %S %f %z %b %p %T %F %%)")
                }
                i += 2
            }
        } else {
            // Letter patterns, longest match first.
            let words: [(String, Token)] = [
                ("YYYY", .year4), ("yyyy", .year4), ("YY", .year2), ("yy", .year2), ("MMM", .monthName), ("MM", .month),
                ("DD", .day), ("dd", .day), ("HH", .hour24), ("hh", .hour24), ("mm", .minute), ("sss", .fraction),
                ("SSS", .fraction), ("ss", .second), ("XXX", .offset), ("xxx", .offset), ("ZZZ", .offset), ("Z", .offset),
            ]
            var i = 0
            outer: while i < bytes.count {
                for (word, token) in words {
                    let w = Array(word.utf8)
                    if i + w.count <= bytes.count && Array(bytes[i..<(i + w.count)]) == w {
                        tokens.append(token)
                        i += w.count
                        continue outer
                    }
                }
                tokens.append(.literal(bytes[i]))
                i += 1
            }
        }
        let fields = tokens.filter { if case .literal = $0 { return false } else { return true } }
        guard fields.contains(.year4) || fields.contains(.year2) else {
            throw PatternError(pattern: pattern, message: "has no year (%Y or YYYY)")
        }
        guard fields.contains(.month) || fields.contains(.monthName) else {
            throw PatternError(pattern: pattern, message: "has no month (%m or MM)")
        }
        guard fields.contains(.day) else { throw PatternError(pattern: pattern, message: "has no day (%d or DD)") }
        if fields.contains(.hour12) != fields.contains(.ampm) {
            throw PatternError(pattern: pattern, message: "a 12-hour clock (%I) needs AM/PM (%p), and %p needs %I")
        }
        self.tokens = tokens
    }

    public static func == (lhs: DatePattern, rhs: DatePattern) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    public func parse(_ text: String) -> ParsedTimestamp? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    public func parse(bytes b: UnsafeBufferPointer<UInt8>) -> ParsedTimestamp? {
        var end = b.count
        while end > 0 && (b[end - 1] == 0x20 || b[end - 1] == 0x09) { end -= 1 }
        var i = 0
        while i < end && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        var year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0
        var pm: Bool?
        var offset: Int?
        @inline(__always) func number(max digits: Int, min minimum: Int = 1) -> Int? {
            var value = 0, n = 0
            while n < digits && i < end, b[i] >= 48 && b[i] <= 57 {
                value = value * 10 + Int(b[i] - 48)
                i += 1
                n += 1
            }
            return n >= minimum ? value : nil
        }
        for token in tokens {
            switch token {
            case .literal(let byte):
                guard i < end, b[i] == byte else { return nil }
                i += 1
            case .year4: guard let v = number(max: 4, min: 4) else { return nil }; year = v
            case .year2: guard let v = number(max: 2, min: 2) else { return nil }; year = v < 70 ? 2000 + v : 1900 + v
            case .month: guard let v = number(max: 2) else { return nil }; month = v
            case .day: guard let v = number(max: 2) else { return nil }; day = v
            case .hour24, .hour12: guard let v = number(max: 2) else { return nil }; hour = v
            case .minute: guard let v = number(max: 2) else { return nil }; minute = v
            case .second: guard let v = number(max: 2) else { return nil }; second = v
            case .fraction: guard number(max: 9) != nil else { return nil }
            case .monthName:
                var letters: [UInt8] = []
                while i < end, (b[i] | 0x20) >= 97 && (b[i] | 0x20) <= 122 { letters.append(b[i] | 0x20); i += 1 }
                guard letters.count >= 3 else { return nil }
                let prefix = String(decoding: letters.prefix(3), as: UTF8.self)
                guard let index = DatePattern.monthNames.firstIndex(of: prefix) else { return nil }
                month = index + 1
            case .ampm:
                guard i + 1 < end else { return nil }
                let first = b[i] | 0x20, second = b[i + 1] | 0x20
                guard second == UInt8(ascii: "m"), first == UInt8(ascii: "a") || first == UInt8(ascii: "p") else { return nil }
                pm = first == UInt8(ascii: "p")
                i += 2
            case .offset:
                guard i < end else { return nil }
                if b[i] == UInt8(ascii: "Z") { offset = 0; i += 1; continue }
                let sign = b[i]
                guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
                i += 1
                guard let h = number(max: 2, min: 2) else { return nil }
                var m = 0
                if i < end && b[i] == UInt8(ascii: ":") { i += 1; guard let v = number(max: 2, min: 2) else { return nil }; m = v }
                else if let v = number(max: 2, min: 2) { m = v }
                guard h <= 18, m <= 59 else { return nil }
                offset = (h * 3600 + m * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
            }
        }
        guard i == end else { return nil }
        if let pm {
            guard hour >= 1 && hour <= 12 else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        let date = CivilDate(year: year, month: month, day: day)
        guard date.isValid, hour <= 23, minute <= 59, second <= 59 else { return nil }
        return ParsedTimestamp(local: LocalDateTime(date: date, secondOfDay: hour * 3600 + minute * 60 + second),
                               offset: offset)
    }

    /// Seconds since the epoch (`1754423920` or `1754423920.5`), as a UTC instant.
    static func parseUnix(_ text: String) -> ParsedTimestamp? {
        let trimmed = text.trimmingWhitespace
        let whole = trimmed.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = whole.first, let seconds = Int64(first),
              whole.count == 1 || (whole[1].allSatisfy(\.isNumber) && !whole[1].isEmpty) else { return nil }
        // Years 1 to 9999 only: beyond them the calendar arithmetic would overflow (Int64.min).
        guard seconds >= -62_135_596_800, seconds < 253_402_300_800 else { return nil }
        return ParsedTimestamp(local: LocalDateTime(secondsSinceLocalEpoch: seconds), offset: 0)
    }
}
