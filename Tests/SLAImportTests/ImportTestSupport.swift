import Foundation
import SLAModel
import SLAImport

/// Collects what a reader yields, for assertions.
struct CollectingSink: ImportSink {
    var tickets: [Ticket] = []
    var events: [LifecycleEvent] = []
    mutating func accept(ticket: Ticket, line: Int) throws { tickets.append(ticket) }
    mutating func accept(event: LifecycleEvent, line: Int) throws { events.append(event) }
    /// Kept across files, so several files of one profile make one history, as in the store.
    let rows = InMemoryProfileRowStore()
    mutating func profileRowStore() throws -> ProfileRowStore? { rows }
}

enum Fixtures {
    static func path(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }

    static func read(_ name: String, format: ImportFormat? = nil, zone: String = "America/New_York",
                     onError: RejectPolicy = .fail) throws -> (CollectingSink, ReadSummary) {
        var sink = CollectingSink()
        let summary = try FileImporter.read(path: path(name), format: format,
                                            options: ImportOptions(sourceZone: zone, onError: onError), into: &sink)
        return (sink, summary)
    }

    /// The import error a file gives, as text.
    static func error(_ name: String) -> String? {
        do { _ = try read(name); return nil } catch { return "\(error)" }
    }
}
