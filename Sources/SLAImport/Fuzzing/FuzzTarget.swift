import Foundation
import SLAModel
import SLAEngine

/// One thing the fuzzer feeds inputs to: a reader (through `FileImporter`, then a replay of
/// what it read), or a configuration loader. An input must either be accepted or refused with
/// an error; anything else (a trap, a hang) is a bug.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// A ticket export; the format is detected as `import` would. The file name's extension
    /// is taken from the seed (`.csv`, `.tsv`, `.jsonl`, `.json`).
    case importFile = "import"
    /// A mapping profile, then a small log read through it.
    case profile
    /// An SLA policy, then a small ticket replayed under it.
    case policy
    /// A run configuration.
    case runConfiguration = "config"

    /// What happened to one input.
    public enum Outcome: Sendable, Equatable {
        case accepted
        case refused(String)
    }

    /// Runs one input. `scratch` is a folder the target may write its input file into.
    public func run(_ bytes: [UInt8], fileExtension: String, scratch: URL) -> Outcome {
        do {
            switch self {
            case .importFile:
                let path = try write(bytes, to: scratch, name: "input." + fileExtension)
                var sink = ReplayingSink()
                _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(onError: .skip), into: &sink)
                try sink.replay(with: Self.defaultReplayer())
            case .profile:
                let profile = try MappingProfile.parse(String(decoding: bytes, as: UTF8.self), file: "profile.yaml")
                let path = try write(Array(Self.profileLog.utf8), to: scratch, name: "log.csv")
                var sink = ReplayingSink()
                _ = try FileImporter.read(path: path, format: nil, options: ImportOptions(onError: .skip, profile: profile), into: &sink)
                try sink.replay(with: Self.defaultReplayer())
            case .policy:
                let policy = try PolicyFile.parse(String(decoding: bytes, as: UTF8.self), file: "policy.yaml")
                var sink = ReplayingSink()
                let created = Instant(secondsSinceEpoch: 1_754_400_000)
                sink.tickets = [Ticket(number: "1", createdAt: created)]
                sink.events = [LifecycleEvent(ticketNumber: "1", time: created, kind: .created),
                               LifecycleEvent(ticketNumber: "1", time: created.adding(seconds: 90_000), kind: .response),
                               LifecycleEvent(ticketNumber: "1", time: created.adding(seconds: 900_000), kind: .closed)]
                try sink.replay(with: LifecycleReplayer(policy: policy))
            case .runConfiguration:
                let path = try write(bytes, to: scratch, name: "nightly.yaml")
                _ = try RunConfiguration.load(path: path)
            }
            return .accepted
        } catch {
            return .refused("\(error)")
        }
    }

    /// osTicket's default policy, built once: its calendar table is the costly part.
    private static let defaultReplayerResult = Result { try LifecycleReplayer(policy: BuiltIn.osTicketDefaultPolicy()) }
    private static func defaultReplayer() throws -> LifecycleReplayer { try defaultReplayerResult.get() }

    private func write(_ bytes: [UInt8], to folder: URL, name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// The log a fuzzed profile reads (columns most profiles in the corpus name).
    static let profileLog = """
        case,time,status,team,agent,priority
        C1,2025-03-03 09:00:00,New,L1,,P2
        C1,2025-03-03 09:05:00,Working,L1,Ann,P2
        C1,2025-03-03 12:00:00,Solved,L2,Bob,P1
        C2,1754423920,Closed,L1,Cy,P3

        """
}

/// Keeps what a reader yields (up to a bound) and replays it, so fuzzed data reaches the engine.
struct ReplayingSink: ImportSink {
    var tickets: [Ticket] = []
    var events: [LifecycleEvent] = []
    mutating func accept(ticket: Ticket, line: Int) throws { if tickets.count < 1_000 { tickets.append(ticket) } }
    mutating func accept(event: LifecycleEvent, line: Int) throws { if events.count < 10_000 { events.append(event) } }

    func replay(with replayer: LifecycleReplayer) throws {
        let byTicket = Dictionary(grouping: events, by: \.ticketNumber)
        // As of the latest instant in the data, as `recompute --as-of data` would.
        let latest = ([tickets.map(\.createdAt).max()] + [events.map(\.time).max()]).compactMap { $0 }.max()
        let asOf = latest ?? Instant(secondsSinceEpoch: 0)
        for ticket in tickets {
            _ = replayer.replay(ticket: ticket, events: byTicket[ticket.number] ?? [], asOf: asOf)
        }
    }
}
