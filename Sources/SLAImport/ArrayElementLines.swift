/// Finds the line each element of a top-level JSON array starts on, byte by byte, as the array
/// is read: JSONDecoder gives no positions, and an error in the fortieth ticket of a pretty-printed
/// array said "line 1". Strings (and their escapes) are skipped, so brackets and commas inside
/// values do not count.
struct ArrayElementLines {
    /// The line of each element's first byte, in order.
    private(set) var lines: [Int] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    /// At depth 1, after `[` or a `,`: the next non-blank byte starts an element.
    private var awaitingElement = false

    mutating func feed(_ byte: UInt8, line: Int) {
        if inString {
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            return
        }
        let blank = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
        if awaitingElement && !blank && byte != UInt8(ascii: "]") {
            lines.append(line)
            awaitingElement = false
        }
        switch byte {
        case UInt8(ascii: "\""): inString = true
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            depth += 1
            if depth == 1 && byte == UInt8(ascii: "[") { awaitingElement = true }
        case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
        case UInt8(ascii: ","): if depth == 1 { awaitingElement = true }
        default: break
        }
    }
}
