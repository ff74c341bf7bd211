import Testing
import SLAModel

/// `content_hash` is stored: an import compares it to decide whether a ticket changed, so the
/// hash of the same ticket must stay what earlier versions stored.
@Suite struct TicketContentHashTests {
    /// The hash as the first versions computed it (every field as text, NUL for a missing one).
    static func storedHash(_ ticket: Ticket) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String?) {
            for byte in (text ?? "\u{0}").utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F
            hash = hash &* 0x0000_0100_0000_01B3
        }
        for field in [ticket.subject, ticket.requester, ticket.requesterEmail, ticket.priority, ticket.department,
                      ticket.helpTopic, ticket.source, ticket.status, ticket.slaPlan, ticket.team, ticket.agent,
                      String(ticket.createdAt.secondsSinceEpoch), ticket.lastUpdatedAt.map { String($0.secondsSinceEpoch) },
                      ticket.closedAt.map { String($0.secondsSinceEpoch) },
                      ticket.sourceDueAt.map { String($0.secondsSinceEpoch) }, ticket.sourceOverdue.map { $0 ? "1" : "0" },
                      ticket.sourceReopenCount.map(String.init), ticket.threadCount.map(String.init)] {
            mix(field)
        }
        if let due = ticket.manualDueAt {
            mix("manual_due_at")
            mix(String(due.secondsSinceEpoch))
        }
        for key in ticket.customFields.keys.sorted() {
            mix(key)
            mix(ticket.customFields[key])
        }
        return String(hash, radix: 16)
    }

    static let tickets: [Ticket] = {
        var bare = Ticket(number: "1", createdAt: Instant(secondsSinceEpoch: 0))
        bare.subject = nil
        var full = Ticket(number: "711979", createdAt: Instant(secondsSinceEpoch: 1_754_000_000))
        full.subject = "Card blocked – Zürich branch 🏦"
        full.requester = "Ana Müller"
        full.requesterEmail = "ana@example.org"
        full.priority = "High"
        full.department = "Cards"
        full.helpTopic = "Blocked card"
        full.source = "Email"
        full.status = "Resolved"
        full.slaPlan = "Gold 4h"
        full.team = "Level 2"
        full.agent = "Agent Two"
        full.lastUpdatedAt = Instant(secondsSinceEpoch: 1_754_100_000)
        full.closedAt = Instant(secondsSinceEpoch: 1_754_090_000)
        full.sourceDueAt = Instant(secondsSinceEpoch: -86_400)
        full.sourceOverdue = true
        full.sourceReopenCount = 2
        full.threadCount = 17
        full.manualDueAt = Instant(secondsSinceEpoch: 1_754_050_000)
        full.customFields = ["Region": "EMEA", "Account tier": "", "Ωmega": "x\u{0}y"]
        var open = full
        open.closedAt = nil
        open.sourceOverdue = false
        open.manualDueAt = nil
        open.customFields = [:]
        open.subject = ""
        return [bare, full, open]
    }()

    @Test(arguments: tickets)
    func sameHashAsStoredByEarlierVersions(ticket: Ticket) {
        #expect(ticket.contentHash == Self.storedHash(ticket))
    }

    /// Numbers are hashed by their decimal digits without making the string: every digit count,
    /// the powers of ten either side, and the extremes.
    @Test func numbersHashAsTheirDecimalText() {
        var numbers: [Int64] = [0, 1, -1, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            numbers += [power - 1, power, power + 1, -power, -(power - 1)]
        }
        var shortest = 16
        for number in numbers {
            var ticket = Ticket(number: "n", createdAt: Instant(secondsSinceEpoch: number))
            ticket.lastUpdatedAt = Instant(secondsSinceEpoch: number / 7)
            #expect(ticket.contentHash == Self.storedHash(ticket), "\(number)")
            shortest = min(shortest, ticket.contentHash.count)
        }
        // Some of these hashes start with a zero digit, which the hex spelling leaves out.
        #expect(shortest < 16)
    }

    @Test func aChangedFieldChangesTheHash() {
        var changed = Self.tickets[1]
        changed.team = "Level 3"
        #expect(changed.contentHash != Self.tickets[1].contentHash)
        // A value moved from one field to the next is a change too (fields are separated).
        var moved = Self.tickets[2]
        moved.priority = "HighCards"
        moved.department = nil
        var original = Self.tickets[2]
        original.priority = "High"
        original.department = "Cards"
        #expect(moved.contentHash != original.contentHash)
    }
}
