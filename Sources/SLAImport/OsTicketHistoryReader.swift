import Foundation
import SLAModel
import SLAEngine

/// Reads the lifecycle history that `sample-data/osticket/export-history.sql` exports from
/// osTicket's database (thread events and thread entries, names instead of ids), as
/// `mysql --batch` prints it (TSV, backslash escapes, `NULL`) or as CSV.
///
/// Mapping onto the product's event kinds:
/// - `created`, `reopened`, `overdue`, `transferred`, `released` as themselves;
/// - `closed` -> `resolved` when the status is in a resolved state (osTicket's "Resolved"), else `closed`;
///   annulled closes are kept (flagged): the close happened, a later reopen or close superseded it;
/// - `assigned` -> `claimed` when its data says `claim`, else `assigned`;
/// - `edited` -> `sla_changed` / `priority_changed` / `status_changed` by what changed (one row may give several);
///   other edits (topic, fields) are not lifecycle events and are skipped;
/// - thread entries `M`, `R`, `N` -> `message`, `response`, `note`.
public enum OsTicketHistoryReader {
    public enum Column: String, Hashable, CaseIterable, Sendable {
        case ticketNumber = "ticket_number", source, sourceID = "source_id", timestamp, event, annulled
        case username, agent, team, department, status, slaPlan = "sla_plan", priority, data
    }

    static let synonyms: [String: Column] = Dictionary(
        uniqueKeysWithValues: Column.allCases.map { (HeaderMap<Column>.normalize($0.rawValue.replacingOccurrences(of: "_", with: " ")), $0) })

    public static func matches(headers: [String]) -> Bool {
        let map = HeaderMap(headers: headers, synonyms: synonyms)
        return map[.ticketNumber] != nil && map[.sourceID] != nil && map[.event] != nil && map[.timestamp] != nil
    }

    public static func read<Sink: ImportSink>(_ reader: DelimitedReader, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        let file = reader.source.path
        var summary = ReadSummary(format: .osticketHistory)
        guard let header = try reader.next() else { throw ImportError.emptyFile(file: file) }
        let headers = header.fields.map { $0 ?? "" }
        let map = HeaderMap(headers: headers, synonyms: synonyms)
        for required in [Column.ticketNumber, .source, .sourceID, .timestamp, .event] where map[required] == nil {
            throw ImportError.malformed(ImportIssue(
                file: file, line: header.line, columnName: required.rawValue,
                expected: "a \"\(required.rawValue)\" column (the header of export-history.sql's output)"))
        }
        let zone = ZoneRules.named(options.sourceZone) ?? .utc
        var policyForStates = SLAPolicy(name: "", calendars: [], plans: [], defaultPlan: "")
        policyForStates.statusStates = [:]
        while let record = try reader.next() {
            summary.rowsRead += 1
            let row = RowReader(file: file, record: record, headers: headers, zone: zone)
            do {
                if record.fields.count != headers.count {
                    throw ImportError.malformed(ImportIssue(
                        file: file, line: record.line, column: min(record.fields.count, headers.count) + 1,
                        expected: "\(headers.count) fields as in the header, found \(record.fields.count)"))
                }
                for event in try events(of: row, map: map, states: policyForStates) {
                    try sink.accept(event: event, line: record.line)
                }
            } catch ImportError.malformed(let issue) where options.onError == .skip {
                summary.rejected.append(issue)
            }
        }
        return summary
    }

    static func events(of row: RowReader, map: HeaderMap<Column>, states: SLAPolicy) throws(ImportError) -> [LifecycleEvent] {
        let number = try row.requiredText(map[.ticketNumber]!, what: "a ticket number")
        let time = try row.requiredInstant(map[.timestamp]!)
        let source = try row.requiredText(map[.source]!, what: "event or entry")
        let sourceID = try row.requiredText(map[.sourceID]!, what: "the event's or entry's id")
        guard source == "event" || source == "entry" else {
            throw row.invalid(map[.source]!, expected: "event (ost_thread_event) or entry (ost_thread_entry)")
        }
        let name = try row.requiredText(map[.event]!, what: "an event name or entry type")
        let annulled = try row.bool(map[.annulled]) ?? false
        let status = row.text(map[.status])
        let data = row.text(map[.data]).flatMap(parseJSON)
        var base = LifecycleEvent(
            ticketNumber: number, time: time, kind: .note, actor: row.text(map[.username]),
            team: row.text(map[.team]), agent: row.text(map[.agent]), department: row.text(map[.department]),
            identity: "\(source):\(sourceID)", annulled: annulled)
        func make(_ kind: EventKind, status: String? = nil, value: String? = nil, previous: String? = nil,
                  suffix: String = "") -> LifecycleEvent {
            var event = base
            event.kind = kind
            event.status = status
            event.value = value
            event.previousValue = previous
            event.identity += suffix
            return event
        }
        if source == "entry" {
            switch name {
            case "M": return [make(.message)]
            case "R": return [make(.response)]
            case "N": return [make(.note)]
            default: throw row.invalid(map[.event]!, expected: "an entry type M (message), R (response) or N (note)")
            }
        }
        switch name {
        case "created": return [make(.created)]
        case "reopened": return [make(.reopened, status: status)]
        case "overdue": return [make(.overdue)]
        case "released": return [make(.released)]
        case "deleted": return [make(.deleted)]
        case "merged": return [make(.merged)]
        case "transferred":
            base.department = base.department ?? (data?["dept"] as? String)
            return [make(.transferred)]
        case "closed":
            let statusName = status ?? ((data?["status"] as? [Any])?.last as? String) ?? "Closed"
            return [make(states.state(ofStatus: statusName) == .resolved ? .resolved : .closed, status: statusName)]
        case "assigned":
            return [make(data?["claim"] != nil ? .claimed : .assigned)]
        case "edited":
            var result: [LifecycleEvent] = []
            if let plan = row.text(map[.slaPlan]) {
                result.append(make(.slaChanged, value: plan, suffix: "/sla"))
            }
            if let priority = row.text(map[.priority]) {
                let previous = ((data?["fields"] as? [String: Any])?["priority"] as? [Any])?.first as? String
                result.append(make(.priorityChanged, value: priority, previous: previous, suffix: "/priority"))
            }
            if let status { result.append(make(.statusChanged, status: status, suffix: "/status")) }
            return result
        case "referred", "viewed", "error", "collab", "resent", "unlinked", "linked", "login", "logout", "message", "note":
            return []
        default:
            throw row.invalid(map[.event]!, expected: "an osTicket event name (created, closed, reopened, assigned, released, transferred, overdue, edited, ...)")
        }
    }

    static func parseJSON(_ text: String) -> [String: Any]? {
        guard let data = text.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
