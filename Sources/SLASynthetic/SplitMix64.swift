/// A small, fast, seeded pseudo-random generator (Steele, Lea and Flood's SplitMix64).
///
/// The generator never touches the system's randomness, and every helper below is
/// written out here instead of calling the standard library's `random(in:using:)`, whose
/// algorithm may change between Swift releases: the same seed gives the same help desk on
/// every platform and toolchain.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one part of a larger run (one ticket, one day), derived from the
    /// run's seed and a stream label and index so that each part can be generated on its
    /// own and in any order.
    public init(seed: UInt64, stream: UInt64, index: UInt64) {
        var mixer = SplitMix64(seed: seed ^ SplitMix64.mix(stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next() ^ SplitMix64.mix(index &+ 0xD1B5_4A32_D192_ED03)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// SplitMix64's finalizer: a bijective scramble of 64 bits.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0 ..< bound` (`bound` > 0), by multiply-high.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform integer in `range`.
    public mutating func int64(in range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(below(Int(range.upperBound - range.lowerBound + 1)))
    }

    /// A uniform real number in `[0, 1)` with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// One element of a non-empty array, uniformly.
    public mutating func pick<T>(_ elements: [T]) -> T {
        elements[below(elements.count)]
    }

    /// One element of a non-empty array, chosen with the given non-negative weights.
    public mutating func pick<T>(_ elements: [T], weights: [Int]) -> T {
        precondition(elements.count == weights.count && !elements.isEmpty)
        var roll = below(weights.reduce(0, +))
        for (element, weight) in zip(elements, weights) {
            if roll < weight { return element }
            roll -= weight
        }
        return elements[elements.count - 1]
    }
}
