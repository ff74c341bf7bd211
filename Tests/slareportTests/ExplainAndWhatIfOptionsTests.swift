import Foundation
import Testing

/// `explain` and `recompute --what-if` say what they compare with: the stored results came from a
/// policy file the database does not keep, and a what-if judges the draft at the stored instant.
@Suite struct ExplainAndWhatIfOptionsTests {
    static func recomputedSeed() throws -> Scratch {
        let scratch = try Scratch()
        #expect(try scratch.importSeed().status == 0)
        let recompute = try scratch.run(["recompute", "-d", "desk.sqlite", "--policy", Scratch.samplePolicy, "--as-of", "data", "--quiet"])
        #expect(recompute.status == 0, "\(recompute.error)")
        return scratch
    }

    @Test func explainWithoutTheStoredPolicySaysSoInsteadOfUsingTheDefaults() throws {
        let scratch = try Self.recomputedSeed()
        let bare = try scratch.run(["explain", "711979", "-d", "desk.sqlite"])
        #expect(bare.status == 2)
        #expect(bare.error.contains("the stored results were computed under policy \"Sample bank help desk\""), "\(bare.error)")
        #expect(bare.error.contains("pass the same file with --policy"))
        let same = try scratch.run(["explain", "711979", "-d", "desk.sqlite", "--policy", Scratch.samplePolicy])
        #expect(same.status == 0 && !same.output.contains("note:"), "\(same.output)")
        // Another policy file: explained, with the warning as the first line.
        let text = try String(contentsOfFile: Scratch.samplePolicy, encoding: .utf8)
        let other = try scratch.write("other.yaml", text.replacingOccurrences(of: "resolution: 18h", with: "resolution: 20h"))
        #expect(other != Scratch.samplePolicy)
        let different = try scratch.run(["explain", "711979", "-d", "desk.sqlite", "--policy", other])
        #expect(different.status == 0, "\(different.error)")
        #expect(different.output.hasPrefix("note: this is the ticket under"), "\(different.output)")
    }

    /// A recompute with nothing to replay says so, not "0 resolution cycles, 0 breached" (which
    /// read like a desk without breaches in a cron mail).
    @Test func aRecomputeWithNothingToReplaySaysTheResultsStand() throws {
        let scratch = try Self.recomputedSeed()
        let again = try scratch.run(["recompute", "-d", "desk.sqlite", "--policy", Scratch.samplePolicy, "--as-of", "data"])
        #expect(again.status == 0, "\(again.error)")
        #expect(again.output.hasPrefix("nothing to replay: no ticket changed since the last recompute under \"Sample bank help desk\""), "\(again.output)")
        #expect(!again.output.contains("0 breached"))
        // A first recompute of a database without tickets replays nothing, but no results stood before it.
        let empty = try Scratch()
        let header = try empty.write("tickets.csv", "number,created_at\n")
        #expect(try empty.run(["import", "-d", "desk.sqlite", "--quiet", header]).status == 0)
        let first = try empty.run(["recompute", "-d", "desk.sqlite", "--as-of", "now"])
        #expect(first.status == 0 && first.output.hasPrefix("replayed 0 tickets"), "\(first.output) \(first.error)")
    }

    /// A kept breach's reason gives its instants in the timeline's zone, not in UTC.
    @Test func explainGivesAReasonsInstantsInItsZone() throws {
        let scratch = try Scratch()
        let events = try scratch.write("events.csv", """
            ticket_number,time,kind,status,value,previous_value
            K1,2025-08-05T13:00:00Z,created,,,
            K1,2025-08-05T13:10:00Z,sla_changed,,Severity A,Default SLA
            K1,2025-08-05T13:20:00Z,message,,,
            K1,2025-08-05T15:00:00Z,sla_changed,,Default SLA,Severity A
            K1,2025-08-05T16:00:00Z,resolved,Resolved,,

            """)
        #expect(try scratch.run(["import", "-d", "desk.sqlite", "--quiet", events]).status == 0)
        #expect(try scratch.run(["recompute", "-d", "desk.sqlite", "--policy", Scratch.samplePolicy, "--as-of", "data", "--quiet"]).status == 0)
        let result = try scratch.run(["explain", "K1", "-d", "desk.sqlite", "--policy", Scratch.samplePolicy])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("(breached under \"Severity A\" (due 2025-08-05 10:00:00 -04:00), before the plan changed to \"Default SLA\" at 2025-08-05 11:00:00 -04:00)"),
                "\(result.output)")
        // The timeline too (its "kept:" line printed them in UTC).
        #expect(!result.output.contains("T14:00:00Z") && !result.output.contains("T15:00:00Z"), "\(result.output)")
    }

    /// A ticket created after the as-of instant had no clock: the verdicts say so instead of
    /// ending empty.
    @Test func explainAtAnInstantBeforeTheTicketSaysNoClockHadStarted() throws {
        let scratch = try Self.recomputedSeed()
        let result = try scratch.run(["explain", "711979", "-d", "desk.sqlite", "--policy", Scratch.samplePolicy,
                                      "--as-of", "2025-08-01T00:00:00Z"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("Verdicts:\n  none: the ticket was created after the as-of instant (2025-07-31 20:00:00 -04:00), so no clock had started"),
                "\(result.output)")
    }

    @Test(arguments: [
        (["--as-of", "data"], "--what-if judges the draft at the stored results' as-of instant"),
        (["--policy", "x.yaml"], "--policy is not used with it"),
        (["--all"], "--all is not used with it"),
    ])
    func whatIfRefusesOptionsThatWouldMixTwoQuestions(_ options: [String], _ message: String) throws {
        let scratch = try Scratch()
        let result = try scratch.run(["recompute", "-d", "desk.sqlite", "--what-if", Scratch.samplePolicy] + options)
        #expect(result.status == 2 && result.error.contains(message), "\(result.error)")
    }
}
