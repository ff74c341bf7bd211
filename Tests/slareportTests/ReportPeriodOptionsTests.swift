import Foundation
import Testing

/// `report` takes one way of naming its period; two, or `--force` without what it lifts, are
/// usage errors rather than one option silently winning.
@Suite struct ReportPeriodOptionsTests {
    @Test(arguments: [
        (["--week", "2025-W32", "--month", "2025-08"], "--week and --month each name the period"),
        (["--month", "2025-08", "--from", "2025-08-01", "--to", "2025-08-07"], "--month and --from/--to each name the period"),
        (["--week", "2025-W32", "--all-weeks"], "--week and --all-weeks each name the period"),
        (["--force"], "--force only lifts --all-weeks' limit"),
        // A fractional target says what a target may be (it read only "is invalid").
        (["--target", "99.5"], "expected a whole percentage from 1 to 100, such as 90 (no decimals)"),
    ])
    func conflictingPeriodOptionsAreUsageErrors(_ options: [String], _ message: String) throws {
        let scratch = try Scratch()
        let result = try scratch.run(["report", "-d", "missing.sqlite"] + options)
        #expect(result.status == 2, "\(result.error)")
        #expect(result.error.contains(message), "\(result.error)")
    }
}
