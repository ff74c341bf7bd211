/// Deterministic mutations of seed inputs for fuzzing the readers and loaders: byte flips,
/// insertions, deletions, duplications, splices with another seed, and dictionary tokens
/// that the formats give meaning to (quotes, delimiters, YAML anchors, extreme dates).
public struct InputMutator {
    /// SplitMix64: small, fast and reproducible from the seed.
    public struct Random {
        private var state: UInt64
        public init(seed: UInt64) { state = seed }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        /// A number in `0..<bound` (bound > 0).
        public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    }

    /// Tokens that mean something to at least one of the formats.
    public static let dictionary: [[UInt8]] = [
        "\"", "\"\"", ",", ";", "\t", "|", "\n", "\r\n", "\r", "\\", "\\\"", "\\0", "\\N", "NULL", "\0",
        "\u{FEFF}", "[", "]", "{", "}", ": ", "- ", "&a ", "*a", "<<: *a", "!!binary ", "? ", "---\n", "...\n", "#",
        "9999-12-31 23:59:59", "0001-01-01T00:00:00Z", "1970-01-01", "2100-01-01T00:00:00Z", "2025-02-29",
        "24:00", "23:59:60", "+14:00", "-12:00", "Z", "T", "-9223372036854775808", "9223372036854775807",
        "100000000000000", "99999999999999999999h", "1e400", "-0", "NaN", "\\u0000", "\\ud800", "\u{00e9}",
        "created", "closed", "reopened", "assigned", "response", "resolved", "paused", "open", "overdue",
        "mon-fri", "daily", "us", "4th thursday of november", "\"08:00-17:00\"", "default_plan", "plans",
        "calendars", "statuses", "columns", "time", "format", "unix", "%Y-%m-%d", "imports", "policy", "database",
    ].map { Array($0.utf8) } + [[0xFF], [0xFE, 0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]

    public var random: Random
    public let seeds: [[UInt8]]
    /// Longest input produced (mutations that would grow past it are skipped).
    public var maximumLength = 64 * 1024

    public init(seed: UInt64, seeds: [[UInt8]]) {
        random = Random(seed: seed)
        self.seeds = seeds
    }

    /// A new input: one of the seeds with one to four mutations stacked.
    public mutating func next(from seedIndex: Int) -> [UInt8] {
        var bytes = seeds[seedIndex]
        for _ in 0...random.below(4) { mutate(&bytes) }
        return bytes
    }

    public mutating func mutate(_ bytes: inout [UInt8]) {
        let position = random.below(bytes.count + 1)
        switch random.below(7) {
        case 0 where !bytes.isEmpty:                                   // flip a bit
            let index = min(position, bytes.count - 1)
            bytes[index] ^= UInt8(1) << UInt8(random.below(8))
        case 1:                                                        // insert a random byte
            bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
        case 2 where !bytes.isEmpty:                                   // delete a range
            let length = min(1 + random.below(16), bytes.count - min(position, bytes.count - 1))
            let start = min(position, bytes.count - 1)
            bytes.removeSubrange(start..<(start + length))
        case 3 where !bytes.isEmpty:                                   // duplicate a range
            let start = min(position, bytes.count - 1)
            let length = min(1 + random.below(64), bytes.count - start)
            let chunk = Array(bytes[start..<(start + length)])
            for _ in 0...random.below(3) where bytes.count + chunk.count <= maximumLength {
                bytes.insert(contentsOf: chunk, at: random.below(bytes.count + 1))
            }
        case 4:                                                        // splice with another seed
            let other = seeds[random.below(seeds.count)]
            guard !other.isEmpty else { break }
            let from = random.below(other.count)
            let length = min(1 + random.below(256), other.count - from)
            if bytes.count + length <= maximumLength {
                bytes.insert(contentsOf: other[from..<(from + length)], at: position)
            }
        case 5 where !bytes.isEmpty:                                   // replace a byte by a structural one
            let index = min(position, bytes.count - 1)
            let structural: [UInt8] = [0x22, 0x2C, 0x09, 0x0A, 0x0D, 0x5C, 0x3A, 0x2D, 0x5B, 0x7B, 0x26, 0x2A, 0x00]
            bytes[index] = structural[random.below(structural.count)]
        default:                                                       // insert a dictionary token
            let token = Self.dictionary[random.below(Self.dictionary.count)]
            if bytes.count + token.count <= maximumLength { bytes.insert(contentsOf: token, at: position) }
        }
    }
}
