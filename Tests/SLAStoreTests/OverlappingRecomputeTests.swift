import Foundation
import Testing
import SLAModel
import SLAEngine
@testable import SLAStore

/// Two recomputes under different policies, on separate connections, overlapping: whatever
/// the interleaving, every stored row carries the hash of the policy whose numbers it holds,
/// and that is the last recompute's policy.
@Suite struct OverlappingRecomputeTests {
    static func policy(hours: Int64) -> SLAPolicy {
        var policy = BuiltIn.osTicketDefaultPolicy()
        policy.name = "\(hours)h"
        policy.plans[0].resolutionTarget = hours * 3600
        return policy
    }

    static func recompute(_ store: TicketStore, _ policy: SLAPolicy, asOf: Instant,
                          duringFirstReplay: (() -> Void)? = nil) throws {
        let replayer = try LifecycleReplayer(policy: policy)
        var first = true
        try store.recompute(replayAll: false, policyName: policy.name, policyHash: policy.contentHash, asOf: asOf,
                            startedAt: asOf) { ticket, events in
            if first { first = false; duringFirstReplay?() }
            return replayer.replay(ticket: ticket, events: events, asOf: asOf)
        }
    }

    @Test func overlappingRecomputesNeverStoreOnePolicysResultsUnderTheOthersHash() throws {
        let workspace = try Workspace()
        let rows = (1 ... 20).map { "\($0),\"2025-08-05 10:00:00\",T\($0),Open,\"Default SLA\",\"Level 1 Support\",\n" }
        try workspace.importFile(try workspace.file("q.csv", queueHeader + rows.joined()))
        let asOf = Instant(secondsSinceEpoch: 1_756_000_000)
        let eighteen = Self.policy(hours: 18), four = Self.policy(hours: 4)
        try Self.recompute(workspace.store, eighteen, asOf: asOf)

        // A recompute under 4 h holds its write transaction until the overlapping 18 h
        // recompute (a second connection) has started and decided what it would replay.
        let path = workspace.store.path
        let first = try TicketStore(path: path)
        nonisolated(unsafe) let second = try TicketStore(path: path)
        let secondStarted = DispatchSemaphore(value: 0)
        let secondDone = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var secondError: Error?
        try Self.recompute(first, four, asOf: asOf, duringFirstReplay: {
            Thread.detachNewThread {
                do {
                    secondStarted.signal()
                    try Self.recompute(second, eighteen, asOf: asOf)
                } catch { secondError = error }
                secondDone.signal()
            }
            secondStarted.wait()
            Thread.sleep(forTimeInterval: 0.5)
        })
        secondDone.wait()
        if let secondError { throw secondError }

        let reader = try TicketStore(path: path, readOnly: true)
        let last = try #require(try reader.lastRecompute())
        #expect(last.policyHash == eighteen.contentHash)
        // Every result row is the last run's (its hash is kept once, on the run): 18 h targets only.
        let tickets = try reader.query("SELECT DISTINCT policy_hash FROM v_ticket_sla").rows
        #expect(tickets == [[eighteen.contentHash]])
        let cycles = try reader.query("SELECT DISTINCT target_seconds FROM sla_cycles WHERE metric = 'resolution'").rows
        #expect(cycles == [[String(18 * 3600)]])
    }
}
