import Foundation
import Testing

/// A reports folder whose disk fills up while a report is written: the command fails and says
/// so, the earlier report stays as it was, and no temporary file is left behind (a failed
/// write used to leave its empty temporary file).
@Suite struct FullReportsDiskTests {
    @Test(.enabled(if: XLSXTemporaryFilesTests.canMountPrivateTmp, "needs unshare -m and mount (root)"))
    func aFullReportsDiskLeavesTheEarlierReportAndNoTemporaryFile() throws {
        let scratch = try Scratch(under: URL(fileURLWithPath: "/var/tmp"))
        defer { try? FileManager.default.removeItem(at: scratch.folder) }
        #expect(try scratch.importAndRecomputeSampleDesk())
        // The reports folder is a 96 KiB tmpfs, in a mount namespace of this script's own (it
        // is gone when the script ends, so the script lists what the report left).
        let result = try scratch.runUnshared("mkdir out && mount -t tmpfs -o size=96k tmpfs out && printf 'earlier' > out/sla-report-2025-W32.html"
            + " && \"$0\" report -d desk.sqlite --output out --week 2025-W32 --format html,csv,xlsx --quiet;"
            + " echo \"exit=$?\"; ls -A out; echo \"earlier=$(cat out/sla-report-2025-W32.html)\"")
        let (listing, error) = (result.output, result.error)
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.first == "exit=1", "\(listing)\n\(error)")
        #expect(error.contains("No space left on device"), "\(error)")
        #expect(lines.last == "earlier=earlier", "\(listing)")
        let left = lines.dropFirst().dropLast()
        #expect(!left.contains { $0.hasSuffix(".tmp") || $0.contains(".xlsxwriter") }, "\(listing)")
        #expect(Set(left).isSubset(of: ["sla-report-2025-W32.html", ".index.lock"]), "\(listing)")
    }
}
