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
/// - `edited` -> `sla_changed` / `priority_changed` / `status_changed` / `due_date_changed` (an agent-set
///   due date, `{"duedate":[old,new]}`, read in the source zone) by what changed (one row may give several);
///   other edits (topic, source, user, form fields) are not lifecycle events;
/// - thread entries `M`, `R`, `N` -> `message`, `response`, `note`.
///
/// Who holds the ticket (the `agent` column, osTicket's thread-event snapshot) is corrected for
/// osTicket's habits, tracked over each ticket's rows (sorted by ticket, then time), so that
/// exports of older versions of `export-history.sql` (which copied raw snapshots) read right too:
/// - entries carry the holder tracked so far (a ticket an agent opened by phone is held by
///   nobody until assigned or claimed, even though its `created` snapshot names that agent);
/// - auto-claim: an agent's response (`R`) on a ticket nobody holds makes that agent the holder
///   (osTicket's `auto_claim_tickets` assigns without logging an `assigned` event); the response
///   and the rows after it carry the agent;
/// - a `released` event whose data names the agent (`{"staff":[id,name]}`) leaves nobody holding
///   it (osTicket logs it after clearing the agent, so its snapshot is the releasing agent);
/// - the snapshot rule: on an unassigned ticket osTicket stores the *acting* agent in the event's
///   `staff_id`; a row other than an agent's assignment or release, a close or a reopen whose
///   agent is its own actor, on a ticket nobody holds, is read as "nobody holds it".
///
/// Every row that becomes no event is counted by kind in `ReadSummary.skipped` (`edited: topic_id`,
/// `viewed`, ...), so nothing vanishes without a word.
///
/// A row earlier than its ticket's `created` event is an impossible timeline and is reported
/// with its line and column (the rows of a ticket are checked when the ticket's rows end), unless
/// its time, written without an offset, is the first occurrence of a repeated autumn hour whose
/// second is not earlier: it is that second occurrence.
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
        let columns = Columns(map)
        var policyForStates = SLAPolicy(name: "", calendars: [], plans: [], defaultPlan: "")
        policyForStates.statusStates = [:]
        // The current ticket's rows (held until its rows end, to check them against its creation).
        var ticket: String?
        var holder: String?
        // With whether the row's time was a wall time (no offset): only those can be a repeated hour's second occurrence.
        var pending: [(line: Int, events: [LifecycleEvent], wallTime: Bool)] = []
        func flush(_ sink: inout Sink) throws {
            defer { pending.removeAll(keepingCapacity: true) }
            let created = pending.lazy.flatMap(\.events).first { $0.kind == .created }?.time
            for (line, var events, wallTime) in pending {
                // The database's wall clock has no offset: in the hour a fall-back repeats, a row that
                // would come before the creation is of the second occurrence (the export sorts 01:05 EST
                // before a 01:50 EDT creation). A time written with its offset says which it is.
                if let created, wallTime {
                    for index in events.indices where events[index].time < created {
                        if let later = zone.secondOccurrence(of: events[index].time), later >= created { events[index].time = later }
                    }
                }
                if let created, let early = events.first(where: { $0.time < created }) {
                    let issue = ImportIssue(
                        file: file, line: line, column: map[.timestamp]! + 1, columnName: headers[map[.timestamp]!],
                        value: zone.localTime(of: early.time).sqlStyle,
                        expected: "a time at or after ticket \(early.ticketNumber)'s creation (\(zone.localTime(of: created).sqlStyle)): this \(early.kind.rawValue) is before the ticket was created (impossible timeline)")
                    if options.onError == .skip { summary.rejected.append(issue); continue }
                    throw ImportError.malformed(issue)
                }
                for event in events { try sink.accept(event: event, line: line) }
            }
        }
        let context = RowContext(file: file, headers: headers, zone: zone, acceptedYears: options.acceptedYears)
        // The TSV is parsed on another thread, into batches of bytes, while this one makes the
        // events from the bytes: a string only for the values an event keeps (a `String` per
        // field and row, fourteen of them, was most of this thread's work, and this thread set
        // the pace of an osTicket import's history).
        let records = RecordPrefetcher(reader: reader)
        defer { records.stop() }
        while let batch = try records.nextBatch() {
            try batch.forEachRow { row in
                summary.rowsRead += 1
                do {
                    if row.fieldCount != headers.count { try context.reader(row).requireHeaderWidth() }
                    let number = row.string(columns.ticketNumber)
                    if number != ticket {
                        try flush(&sink)
                        ticket = number
                        holder = nil
                    }
                    var wallTime = true
                    let events = try events(of: row, context: context, map: columns, states: policyForStates, holder: &holder,
                                            skipped: &summary.skipped, wallTime: &wallTime)
                    pending.append((row.line, events, wallTime))
                } catch ImportError.malformed(let issue) where options.onError == .skip {
                    summary.rejected.append(issue)
                }
            }
        }
        try flush(&sink)
        return summary
    }

    /// What a row's errors name: the file, the header, and how its times are read.
    struct RowContext {
        let file: String
        let headers: [String]
        let zone: ZoneRules
        let acceptedYears: AcceptedYears

        /// The row with a `String` per field, for errors (their messages name the value as the file has it).
        func reader(_ row: RawRow) -> RowReader {
            RowReader(file: file, record: row.record, headers: headers, zone: zone, acceptedYears: acceptedYears)
        }
    }

    @inline(__always)
    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>?, _ text: StaticString) -> Bool {
        guard let bytes, bytes.count == text.utf8CodeUnitCount else { return false }
        return memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
    }

    /// The header's column positions, resolved once (a dictionary lookup per field and row costs).
    struct Columns {
        let ticketNumber: Int, source: Int, sourceID: Int, timestamp: Int, event: Int
        let annulled: Int?, username: Int?, agent: Int?, team: Int?, department: Int?, status: Int?
        let slaPlan: Int?, priority: Int?, data: Int?

        init(_ map: HeaderMap<Column>) {
            ticketNumber = map[.ticketNumber]!
            source = map[.source]!
            sourceID = map[.sourceID]!
            timestamp = map[.timestamp]!
            event = map[.event]!
            annulled = map[.annulled]
            username = map[.username]
            agent = map[.agent]
            team = map[.team]
            department = map[.department]
            status = map[.status]
            slaPlan = map[.slaPlan]
            priority = map[.priority]
            data = map[.data]
        }
    }

    /// A row's events. Each value is read as `RowReader` reads it (trimmed; absent, NULL or empty
    /// is nil), and a bad value's error is `RowReader`'s own (made only then).
    /// `wallTime` is set to whether the row's time was written without an offset.
    static func events(of row: RawRow, context: RowContext, map: Columns, states: SLAPolicy, holder: inout String?,
                       skipped: inout [String: Int], wallTime: inout Bool) throws(ImportError) -> [LifecycleEvent] {
        func text(_ column: Int?) -> String? { column.flatMap { row.string($0) } }
        func required(_ column: Int, _ what: String) throws(ImportError) -> String {
            if let value = row.string(column) { return value }
            return try context.reader(row).requiredText(column, what: what)
        }
        let number = try required(map.ticketNumber, "a ticket number")
        let time: Instant
        if let bytes = row.text(map.timestamp), let parsed = TimestampParser.parse(bytes: bytes),
           let instant = context.acceptedYears.instant(of: parsed, in: context.zone) {
            time = instant
            wallTime = parsed.offset == nil
        } else {
            // (The same parse, made again for its error: it throws.)
            time = try context.reader(row).requiredInstant(map.timestamp)
        }
        let sourceBytes = row.text(map.source)
        let isEntry = equals(sourceBytes, "entry")
        guard isEntry || equals(sourceBytes, "event") else {
            // In the order the values are checked when the source is valid: present, its id present, then known.
            _ = try required(map.source, "event or entry")
            _ = try required(map.sourceID, "the event's or entry's id")
            throw context.reader(row).invalid(map.source, expected: "event (ost_thread_event) or entry (ost_thread_entry)")
        }
        let source = isEntry ? "entry" : "event"
        let sourceID = try required(map.sourceID, "the event's or entry's id")
        let name = try required(map.event, "an event name or entry type")
        let annulled: Bool
        if let column = map.annulled, let flag = row.text(column), flag.count == 1, flag[0] == 0x30 || flag[0] == 0x31 {
            annulled = flag[0] == 0x31            // 0 or 1, as the export writes it
        } else {
            annulled = try context.reader(row).bool(map.annulled) ?? false
        }
        let status = text(map.status)
        // The JSON is parsed only for the events whose mapping reads it.
        let readsData = source == "event" && (name == "assigned" || name == "released" || name == "transferred"
                                              || name == "closed" || name == "edited")
        // Not JSON is no data: `ost_thread_event.data` is a varchar(1024) that MySQL, outside strict
        // mode (osTicket turns it off), cuts without a word, so a long edit's JSON can end mid-way.
        // (A file cut short while it was written is refused by its last row's missing newline.)
        let data = readsData ? text(map.data).flatMap(parseJSON) : nil
        let actor = text(map.username)
        var agent = text(map.agent)
        // Rows whose agent is the ticket's new holder: closes (osTicket makes the closer the
        // holder), reopens, and assignments or releases of an agent (not of a team only).
        let namesAgent = data?["staff"] != nil || data?["claim"] != nil
        let setsHolder = source == "event"
            && (name == "closed" || name == "reopened" || ((name == "assigned" || name == "released") && namesAgent))
        if source == "entry" {
            // Entries have no snapshot of their own (the export copies the latest event's): they
            // are held by whoever holds the ticket, and an agent's reply on a ticket nobody holds
            // auto-claims it.
            agent = holder == nil && name == "R" ? actor : holder
        } else if name == "released" && data?["staff"] != nil {
            agent = nil                            // the agent was released; the snapshot is the releaser
        } else if holder == nil && !setsHolder && agent != nil && agent == actor {
            agent = nil                            // the snapshot stored the acting agent
        }
        if name == "released" || agent != nil { holder = agent }
        var base = LifecycleEvent(
            ticketNumber: number, time: time, kind: .note, actor: actor,
            team: text(map.team), agent: agent, department: text(map.department),
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
            default: throw context.reader(row).invalid(map.event, expected: "an entry type M (message), R (response) or N (note)")
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
            if let plan = text(map.slaPlan) {
                result.append(make(.slaChanged, value: plan, suffix: "/sla"))
            }
            if let priority = text(map.priority) {
                result.append(make(.priorityChanged, value: priority, previous: previousPriority(data), suffix: "/priority"))
            }
            if let status { result.append(make(.statusChanged, status: status, suffix: "/status")) }
            if let change = data?["duedate"] as? [Any], change.count == 2 {
                func due(_ value: Any) throws(ImportError) -> String? {
                    guard let text = value as? String, !text.isEmpty else { return nil }
                    guard let parsed = TimestampParser.parse(text) else {
                        throw context.reader(row).invalid(map.data ?? map.event, expected: "a due date such as 2025-09-03 17:00:00 in {\"duedate\":[old,new]}")
                    }
                    return parsed.instant(in: context.zone).iso8601
                }
                result.append(make(.dueDateChanged, value: try due(change[1]), previous: try due(change[0]),
                                   suffix: "/duedate"))
            }
            if result.isEmpty {
                // What the edit changed, by its data's keys (topic_id, source, user_id, fields).
                let keys = data.map { $0.keys.sorted().joined(separator: ",") } ?? ""
                skipped["edited: " + (keys.isEmpty ? "no data" : keys), default: 0] += 1
            }
            return result
        case "referred", "viewed", "error", "collab", "resent", "unlinked", "linked", "login", "logout", "message", "note":
            skipped[name, default: 0] += 1
            return []
        default:
            throw context.reader(row).invalid(map.event, expected: "an osTicket event name (created, closed, reopened, assigned, released, transferred, overdue, edited, ...)")
        }
    }

    /// The priority before an edit, from `{"fields":{"priority":[old,new]}}` (or keyed by the
    /// field's id); an old value may be a name, `[name, id]`, `[id, name]` or `{"id": name}`.
    static func previousPriority(_ data: [String: Any]?) -> String? {
        guard let fields = data?["fields"] as? [String: Any] else { return nil }
        let change = fields["priority"] ?? (fields.count == 1 ? fields.values.first : nil)
        guard let pair = change as? [Any], let old = pair.first else { return nil }
        func name(_ value: Any) -> String? {
            switch value {
            case let text as String: return Int(text) == nil && !text.isEmpty ? text : nil
            case let list as [Any]: return list.lazy.compactMap(name).first
            case let object as [String: Any]: return object.values.lazy.compactMap(name).first
            default: return nil
            }
        }
        return name(old)
    }

    static func parseJSON(_ text: String) -> [String: Any]? {
        guard let data = text.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
