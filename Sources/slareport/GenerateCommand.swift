import ArgumentParser
import Foundation
import SLAModel
import SLASynthetic

/// `slareport generate`: write a deterministic synthetic osTicket help desk as the two
/// export files the importer reads.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a deterministic synthetic osTicket help desk (queue CSV + lifecycle history TSV).",
        discussion: """
            Writes DIR/\(OsTicketExportFiles.ticketsFileName) and DIR/\(OsTicketExportFiles.historyFileName). \
            The same options always give byte-identical files. Without --tickets and --weeks: \
            \(SyntheticHelpDeskConfiguration.defaultWeeks) weeks of \
            \(SyntheticHelpDeskConfiguration.defaultTicketsPerWeek) tickets a week.
            """)

    @Option(name: .long, help: "Directory to write the two files into (created if missing).")
    var output: String

    @Option(name: .long, help: "Number of tickets (spread over --weeks, or over as many weeks as 40 a week take, at most 52).")
    var tickets: Int?

    @Option(name: .long, help: "Number of weeks tickets are created over (40 tickets a week unless --tickets is given).")
    var weeks: Int?

    @Option(name: .long, help: "First day tickets are created on (YYYY-MM-DD).")
    var start: String = SyntheticHelpDeskConfiguration.defaultStartDate.description

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 1

    @Option(name: .customLong("source-zone"), help: "IANA zone of osTicket's database clock.")
    var sourceZone: String = "America/New_York"

    func validate() throws {
        if let tickets, tickets < 1 { throw ValidationError("--tickets must be at least 1") }
        if let weeks, weeks < 1 { throw ValidationError("--weeks must be at least 1") }
        if Self.parseDate(start) == nil { throw ValidationError("--start must be a date like 2025-06-23") }
    }

    func run() throws {
        let configuration = SyntheticHelpDeskConfiguration(
            tickets: tickets, weeks: weeks, startDate: Self.parseDate(start)!, seed: seed, sourceTimeZone: sourceZone)
        let desk: SyntheticHelpDesk
        do {
            desk = try SyntheticHelpDesk(configuration: configuration)
        } catch let error as SyntheticHelpDesk.ConfigurationError {
            throw ValidationError(error.description)
        }
        let summary = try OsTicketExportFiles.write(desk, to: URL(fileURLWithPath: output, isDirectory: true))
        print("generated \(summary) over \(configuration.weeks) week\(configuration.weeks == 1 ? "" : "s") from \(configuration.startDate) in \(output)")
    }

    /// `YYYY-MM-DD`, or nil.
    static func parseDate(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        return date.isValid ? date : nil
    }
}
