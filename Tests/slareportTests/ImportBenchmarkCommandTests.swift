import Foundation
import Testing

/// `slareport benchmark import --profile` on a tiny desk: both paths import the same tickets
/// and events, and the command prints the rows/s ratio and the time for the same output, the
/// median of the rounds with each round's pair listed.
@Suite struct ImportBenchmarkCommandTests {
    @Test func profileBenchmarkComparesBothPathsOnTheSameOutput() throws {
        let scratch = try Scratch()
        let result = try scratch.run(["benchmark", "import", "--tickets", "30", "--profile", "--repeats", "2"])
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        // The table: one osTicket and one profile row per size, each with the tickets+events it wrote.
        for size in ["3", "30"] {
            let rows = lines.filter { line in
                let words = line.split(separator: " ")
                return words.count > 2 && words[0] == size && (words[1] == "osticket" || words[1] == "profile")
            }
            #expect(rows.count == 2, "\(result.output)")
            let written = rows.map { $0.split(separator: " ").dropLast(2).last.map(String.init) ?? "" }
            #expect(written.count == 2 && written[0] == written[1] && Int(written[0]) ?? 0 > Int(size)!, "\(rows)")
            let rates = lines.filter { $0.hasPrefix("\(size) tickets: the profile path reads ") && $0.contains("x the osTicket path's") }
            #expect(rates.count == 1, "\(result.output)")
            // Two rounds: two pairs, each one's ratio listed.
            #expect(rates.first.map { $0.components(separatedBy: "(each pair: ").last!.split(separator: " ").count } == 2, "\(rates)")
            #expect(lines.contains { $0.hasPrefix("\(size) tickets: for the same tickets and events the profile path took ") },
                    "\(result.output)")
        }
    }
}
