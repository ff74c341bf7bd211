import SLAModel

/// Byte-level appends shared by the export writers (no per-value `String` formatting on
/// the hot path: a million history rows are written in well under a second).
extension Array where Element == UInt8 {
    mutating func append(text: String) {
        append(contentsOf: text.utf8)
    }

    mutating func append(decimal value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            append(decimal: -value)
            return
        }
        if value >= 10 { append(decimal: value / 10) }
        append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    mutating func append(digits value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }

    /// `YYYY-MM-DD HH:MM:SS`, the shape osTicket and MySQL print datetimes in.
    mutating func append(sqlDateTime local: LocalDateTime) {
        let date = local.date, second = local.secondOfDay
        append(digits: date.year, width: 4)
        append(UInt8(ascii: "-"))
        append(digits: date.month, width: 2)
        append(UInt8(ascii: "-"))
        append(digits: date.day, width: 2)
        append(UInt8(ascii: " "))
        append(digits: second / 3600, width: 2)
        append(UInt8(ascii: ":"))
        append(digits: second / 60 % 60, width: 2)
        append(UInt8(ascii: ":"))
        append(digits: second % 60, width: 2)
    }
}
