/// Finds where JSON text first breaks its grammar (RFC 8259), for the error of a document that
/// `JSONDecoder` refused: on Linux it says only "The given data was not valid JSON", and a
/// truncated or hand-edited file was reported at its line 1. Run only after a failed decode, so
/// the import's pace does not depend on it. Iterative, with its own stack: a deeply nested
/// document must not overflow the thread's.
enum JSONSyntaxLocator {
    /// A place in the text (line counted from `firstLine`, column in bytes from 1) and what was
    /// expected there.
    struct Break: Equatable {
        var line: Int
        var column: Int
        var expected: String
    }

    private enum Container { case array, object }

    /// The first place `bytes` is not JSON, or nil when it is.
    static func firstBreak(in bytes: [UInt8], firstLine: Int = 1) -> Break? {
        var index = 0
        var line = firstLine
        var lineStart = 0
        var stack: [Container] = []
        func at(_ expected: String) -> Break { Break(line: line, column: index - lineStart + 1, expected: expected) }
        func skipBlanks() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x0A:
                    index += 1
                    line += 1
                    lineStart = index
                case 0x20, 0x09, 0x0D: index += 1
                default: return
                }
            }
        }
        func found() -> String {
            guard index < bytes.count else { return "the end of the text" }
            let byte = bytes[index]
            return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
        }
        /// Reads one scalar (string, number, literal) at `index`; nil when it is well formed.
        func scalar() -> Break? {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                while index < bytes.count {
                    let character = bytes[index]
                    if character == UInt8(ascii: "\"") { index += 1; return nil }
                    if character == UInt8(ascii: "\\") {
                        index += 1
                        guard index < bytes.count else { break }
                        let escape = bytes[index]
                        if escape == UInt8(ascii: "u") {
                            let digits = bytes[min(index + 1, bytes.count)..<min(index + 5, bytes.count)]
                            guard digits.count == 4, digits.allSatisfy({ isHexDigit($0) }) else {
                                return at("four hex digits after \\u")
                            }
                            index += 5
                            continue
                        }
                        guard Array("\"\\/bfnrt".utf8).contains(escape) else {
                            return at("an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) instead of \(found())")
                        }
                        index += 1
                        continue
                    }
                    if character < 0x20 { return at("a closing '\"' before the line ends (a control character in a string)") }
                    index += 1
                }
                return at("a closing '\"' (the text ends inside a string)")
            }
            for literal in ["true", "false", "null"] {
                let word = Array(literal.utf8)
                if bytes[index...].starts(with: word) { index += word.count; return nil }
            }
            if byte == UInt8(ascii: "-") || (byte >= 0x30 && byte <= 0x39) {
                let start = index
                if bytes[index] == UInt8(ascii: "-") { index += 1 }
                func digits() -> Int {
                    let first = index
                    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                    return index - first
                }
                let firstDigit = index
                guard digits() > 0 else { return at("a digit") }
                if bytes[firstDigit] == UInt8(ascii: "0"), index - firstDigit > 1 {
                    index = start
                    return at("a number without leading zeros")
                }
                if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                    index += 1
                    guard digits() > 0 else { return at("a digit after the decimal point") }
                }
                if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                    index += 1
                    if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                    guard digits() > 0 else { return at("a digit in the exponent") }
                }
                return nil
            }
            return at("a value (an object, array, string, number, true, false or null) instead of \(found())")
        }

        /// Reads `"name" :` and the blanks after it; nil when well formed.
        func key() -> Break? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                return at("a key in double quotes instead of \(found())")
            }
            if let broken = scalar() { return broken }
            skipBlanks()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return at("':' after the key instead of \(found())") }
            index += 1
            skipBlanks()
            return nil
        }

        // The grammar as a loop: expect a value, then what may follow it in its container.
        skipBlanks()
        while true {
            // A value.
            guard index < bytes.count else { return at("a value (the text ends here)") }
            let opening = bytes[index]
            if opening == UInt8(ascii: "[") || opening == UInt8(ascii: "{") {
                let container: Container = opening == UInt8(ascii: "[") ? .array : .object
                index += 1
                skipBlanks()
                if index < bytes.count, bytes[index] == (container == .array ? UInt8(ascii: "]") : UInt8(ascii: "}")) {
                    index += 1  // empty: a whole value
                } else {
                    stack.append(container)
                    if container == .object, let broken = key() { return broken }
                    continue
                }
            } else if let broken = scalar() {
                return broken
            }
            // After a value: close containers, or go on to the next element or member.
            while true {
                skipBlanks()
                guard let container = stack.last else {
                    return index < bytes.count ? at("the end of the text after the top-level value instead of \(found())") : nil
                }
                guard index < bytes.count else {
                    return at(container == .array ? "',' or ']' (the text ends inside an array)" : "',' or '}' (the text ends inside an object)")
                }
                let byte = bytes[index]
                if byte == UInt8(ascii: ",") {
                    index += 1
                    skipBlanks()
                    if container == .object, let broken = key() { return broken }
                    break
                }
                if container == .array && byte == UInt8(ascii: "]") || container == .object && byte == UInt8(ascii: "}") {
                    index += 1
                    stack.removeLast()
                    continue
                }
                return at(container == .array ? "',' or ']' after an array element instead of \(found())"
                                               : "',' or '}' after an object member instead of \(found())")
            }
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
    }
}
