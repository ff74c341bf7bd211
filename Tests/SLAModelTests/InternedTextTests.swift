import Testing
@testable import SLAModel

/// `InternedText` gives back, for any bytes, the value made from exactly those bytes, making
/// each kept text's value once, whatever the texts' lengths and however full its table is.
@Suite struct InternedTextTests {
    /// Looks `text` up through its UTF-8 bytes.
    private func lookUp<Value>(_ text: String, in table: InternedText<Value>) -> Value {
        Array(text.utf8).withUnsafeBufferPointer { table.value($0) }
    }

    @Test func eachTextGivesItsOwnValueMadeOnce() {
        var made: [String: Int] = [:]
        let table = InternedText<String> { text in
            made[text, default: 0] += 1
            return text
        }
        // Lengths around the word size the hash reads (0-17), texts sharing their first eight
        // bytes, and one as long as a kept text may be.
        var texts = (0...17).map { String(repeating: "a", count: $0) }
        texts += ["Agent One", "Agent Two", "Level 1 Support", "Level 2 Support", "Level 1 Supporu",
                  String(repeating: "x", count: InternedText<String>.longest)]
        for _ in 0..<3 {
            for text in texts { #expect(lookUp(text, in: table) == text) }
        }
        for text in texts { #expect(made[text] == 1, "\(text.debugDescription) made \(made[text] ?? 0) times") }
    }

    @Test func aTextLongerThanKeptIsMadeEveryTime() {
        var makes = 0
        let table = InternedText<String> { text in
            makes += 1
            return text
        }
        let long = String(repeating: "y", count: InternedText<String>.longest + 1)
        #expect(lookUp(long, in: table) == long)
        #expect(lookUp(long, in: table) == long)
        #expect(makes == 2)
    }

    @Test func aFullTableStillGivesEveryTextItsValue() {
        let table = InternedText<String> { $0 }
        // More distinct texts than the table keeps (three quarters of its slots).
        let texts = (0..<(InternedText<String>.slots * 2)).map { "due \($0)" }
        for _ in 0..<2 {
            for text in texts { #expect(lookUp(text, in: table) == text) }
        }
    }

    @Test func theSlotDependsOnBytesPastTheFirstWord() {
        let slotMask = UInt64(InternedText<String>.slots - 1)
        func slot(_ text: String) -> UInt64 {
            Array(text.utf8).withUnsafeBufferPointer { InternedText<String>.hash($0) } & slotMask
        }
        // Texts that differ only after their first word land in many slots, not one.
        let slots = Set((0..<100).map { slot("Agent number \($0)") })
        #expect(slots.count > 50)
    }
}
