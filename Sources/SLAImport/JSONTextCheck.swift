/// Checks JSON text byte by byte as it is read, before it is decoded: no string longer than
/// `DelimitedReader.maximumFieldBytes`, and no NUL in a string (raw, or written `\u0000`).
struct JSONTextCheck {
    enum Problem: Equatable {
        case stringTooLong
        case nul
    }

    private var inString = false
    private var escaped = false
    /// Hex digits of a `\u` escape read so far; nil outside one.
    private var unicodeDigits: [UInt8]?
    private var stringBytes = 0

    mutating func feed(_ byte: UInt8) -> Problem? {
        guard inString else {
            if byte == UInt8(ascii: "\"") { inString = true; stringBytes = 0 }
            return nil
        }
        if !escaped, unicodeDigits == nil, byte == UInt8(ascii: "\"") {
            inString = false
            return nil
        }
        stringBytes += 1
        if stringBytes > DelimitedReader.maximumFieldBytes { return .stringTooLong }
        if byte == 0 { return .nul }
        if var digits = unicodeDigits {
            digits.append(byte)
            if digits.count == 4 {
                unicodeDigits = nil
                if digits.allSatisfy({ $0 == UInt8(ascii: "0") }) { return .nul }
            } else {
                unicodeDigits = digits
            }
        } else if escaped {
            escaped = false
            if byte == UInt8(ascii: "u") { unicodeDigits = [] }
        } else if byte == UInt8(ascii: "\\") {
            escaped = true
        }
        return nil
    }

    /// What the value should have been, for the error message.
    static func expectation(_ problem: Problem) -> String {
        switch problem {
        case .stringTooLong: return "JSON strings of at most \(DelimitedReader.maximumFieldBytes) bytes (1 MiB)"
        case .nul: return "JSON text without NUL characters (raw or \\u0000)"
        }
    }
}
