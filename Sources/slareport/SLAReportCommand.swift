import ArgumentParser

/// The `slareport` command: import help-desk exports, replay SLA clocks, write reports.
@main
struct SLAReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slareport",
        abstract: "Turn help-desk ticket exports into SLA truth: import, recompute, report.",
        subcommands: [GenerateCommand.self])
}
