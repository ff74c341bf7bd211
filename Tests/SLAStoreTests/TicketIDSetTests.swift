import Testing
@testable import SLAStore

/// `TicketIDSet` holds exactly the ids put in it, across words and growth.
@Suite struct TicketIDSetTests {
    @Test func itHoldsExactlyTheIDsInserted() {
        var generator = SystemRandomNumberGenerator()
        var set = TicketIDSet()
        var inserted: Set<Int64> = []
        for _ in 0..<500 {
            let id = Int64.random(in: 0...5_000, using: &generator)
            set.insert(id)
            inserted.insert(id)
        }
        for id in Int64(-2)...5_100 { #expect(set.contains(id) == inserted.contains(id)) }
    }
}
