import SLAModel
import SLAEngine

/// Reads a delimited log of another help-desk system through a `MappingProfile`, streaming
/// case by case: the rows of one case are held until the case ends, then turned into one
/// ticket and one event per row, so memory holds one case at a time (plus a 64-bit hash per
/// finished case id, to reject a case whose rows are not contiguous).
///
/// How a row becomes an event (the first rule that applies):
/// 1. The case's first row is `created`, or, when it already puts the case in a paused, resolved
///    or closed state, `status_changed` / `resolved` / `closed` (the ticket is created at its time).
/// 2. A change of lifecycle state: into resolved -> `resolved`, into closed -> `closed`, from
///    resolved/closed back to open/paused -> `reopened`, open <-> paused -> `status_changed`.
/// 3. A change of plan -> `sla_changed`; of priority -> `priority_changed` (value and previous value).
/// 4. The status rule's own `kind` (e.g. `Take in charge ticket` -> `claimed`).
/// 5. A change of team or agent -> `assigned` (a team change is a hand-off).
/// 6. A change of status label within the same state -> `status_changed`.
/// 7. Otherwise the row repeats the case's state: `status_changed` while open or paused,
///    `resolved` / `closed` while stopped (never a status change out of a stopped state).
/// Every event carries the status label, team, agent and department after the row, so the
/// replay sees every hand-off even when rule 2 or 3 names the row. A row's empty team, agent,
/// department, priority or plan keeps the case's previous value. A row whose status keeps the
/// state (an activity such as `Assign seriousness`) keeps the previous status label, and the
/// activity is kept in the event's `value` (unless the kind uses `value` for a priority or plan).
///
/// The ticket: number = case id, created = first row's time, last updated = last row's time,
/// status, team, agent, department, priority and plan = the case's last, `closed_at` = when the
/// case entered its final state if that is resolved or closed. Event identity is `row:<n>`, the
/// row's position within its case (1-based), stable when a later export appends rows to a case.
public enum ProfileReader {
    /// One parsed row of a case.
    struct CaseRow {
        var line: Int
        var time: Instant
        var statusKey: String
        var rule: StatusRule
        var team: String?
        var agent: String?
        var actor: String?
        var priority: String?
        var plan: String?
        var department: String?
        var subject: String?
        var requester: String?
        var custom: [(String, String)] = []
    }

    /// The column indexes a profile's fields resolve to in one file.
    struct Layout {
        var columns: [MappingProfile.Field: [Int]] = [:]
        var specs: [MappingProfile.Field: ColumnSpec] = [:]
        var custom: [(index: Int, heading: String)] = []
    }

    static func layout(headers: [String], profile: MappingProfile, file: String, line: Int) throws(ImportError) -> Layout {
        var layout = Layout()
        let normalized = headers.map { HeaderMap<Int>.normalize($0) }
        func index(of heading: String, field: String) throws(ImportError) -> Int {
            if let exact = headers.firstIndex(of: heading) { return exact }
            if let loose = normalized.firstIndex(of: HeaderMap<Int>.normalize(heading)) { return loose }
            throw .malformed(ImportIssue(
                file: file, line: line, columnName: heading,
                expected: "a \"\(heading)\" column, which the profile \"\(profile.name)\" names for \(field) (found: \(headers.joined(separator: ", ")))"))
        }
        for field in MappingProfile.Field.allCases {
            guard let spec = profile.columns[field] else { continue }
            var indexes: [Int] = []
            for heading in spec.columns { indexes.append(try index(of: heading, field: "columns.\(field.rawValue)")) }
            layout.columns[field] = indexes
            layout.specs[field] = spec
        }
        for heading in profile.customFields {
            layout.custom.append((try index(of: heading, field: "custom_fields"), heading))
        }
        return layout
    }

    public static func read<Sink: ImportSink>(_ reader: DelimitedReader, profile: MappingProfile, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        let file = reader.source.path
        var summary = ReadSummary(format: .profile)
        guard let header = try reader.next() else { throw ImportError.emptyFile(file: file) }
        let headers = header.fields.map { $0 ?? "" }
        let layout = try layout(headers: headers, profile: profile, file: file, line: header.line)
        let zone = ZoneRules.named(options.sourceZone) ?? ZoneRules.named(profile.zone) ?? .utc
        let caseColumn = layout.columns[.caseID]![0]
        let timeColumn = layout.columns[.time]![0]
        let nulls = profile.nullValues

        var currentCase: String?
        var rows: [CaseRow] = []
        var caseIssue: ImportIssue?
        var caseRowCount = 0
        var finished = Set<Int>()

        func finishCase(_ sink: inout Sink) throws {
            defer {
                rows.removeAll(keepingCapacity: true)
                caseIssue = nil
                caseRowCount = 0
            }
            guard let caseID = currentCase else { return }
            finished.insert(caseID.hashValue)
            if var issue = caseIssue {
                issue.expected += "; the case's \(caseRowCount) row\(caseRowCount == 1 ? " was" : "s were") skipped"
                summary.rejected.append(issue)
                summary.extraRejectedRows += caseRowCount - 1
                return
            }
            let (ticket, events) = derive(caseID: caseID, rows: rows, profile: profile)
            try sink.accept(ticket: ticket, line: rows[0].line)
            summary.tickets += 1
            for (event, row) in zip(events, rows) {
                try sink.accept(event: event, line: row.line)
            }
            // A newer export with fewer rows for the case: drop the events of rows now gone.
            try sink.completeHistory(ofTicket: caseID, identities: Set(events.map(\.identity)), prefix: "row:")
            summary.events += events.count
        }

        func value(_ field: MappingProfile.Field, _ record: Record, _ row: RowReader) throws(ImportError) -> String? {
            guard let indexes = layout.columns[field], let spec = layout.specs[field] else { return nil }
            var parts: [String] = []
            for index in indexes {
                if let text = row.text(index), !nulls.contains(text) { parts.append(text) }
            }
            guard !parts.isEmpty else { return nil }
            let joined = parts.joined(separator: spec.separator)
            var result = joined
            if let map = spec.map {
                guard let mapped = map[joined] ?? map["*"] else {
                    let known = map.keys.sorted().prefix(12).map { "\"\($0)\"" }.joined(separator: ", ")
                    throw row.invalid(indexes[0], expected: "one of the values the profile maps for \(field.rawValue) (\(known)); add it under columns.\(field.rawValue).map")
                }
                result = mapped
            }
            if let prefix = spec.prefix { result = prefix + result }
            return result
        }

        while let record = try reader.next() {
            summary.rowsRead += 1
            let row = RowReader(file: file, record: record, headers: headers, zone: zone, acceptedYears: options.acceptedYears)
            do {
                guard let caseID = row.text(caseColumn), !nulls.contains(caseID) else {
                    throw row.invalid(caseColumn, expected: "a case id; it may not be empty")
                }
                if caseID != currentCase {
                    try finishCase(&sink)
                    currentCase = caseID
                    if finished.contains(caseID.hashValue) {
                        caseRowCount = 1
                        throw row.invalid(caseColumn, expected: "the rows of a case together: case \"\(caseID)\" appeared earlier in the file, before other cases (sort the file by case, then time)")
                    }
                }
                caseRowCount += 1
                if caseIssue != nil { continue }
                try row.requireHeaderWidth()
                guard let timeText = row.text(timeColumn), !nulls.contains(timeText) else {
                    throw row.invalid(timeColumn, expected: "\(profile.dateFormat.example); this column may not be empty")
                }
                guard let parsed = profile.dateFormat.parse(timeText) else {
                    throw row.invalid(timeColumn, expected: profile.dateFormat.example)
                }
                guard var time = options.acceptedYears.instant(of: parsed, in: zone) else {
                    throw row.invalid(timeColumn, expected: options.acceptedYears.expectation)
                }
                // In the hour a fall-back repeats, a wall time that would go back in time is
                // its second occurrence (02:50 then 02:10 on the autumn night).
                if let previous = rows.last, time < previous.time, parsed.offset == nil,
                   case .overlap(_, let later) = zone.resolve(parsed.local), later >= previous.time {
                    time = later
                }
                if let previous = rows.last, time < previous.time {
                    throw row.invalid(timeColumn, expected: "a time at or after the case's previous row (line \(previous.line), \(previous.time.iso8601)): the rows of a case must be in time order")
                }
                guard let statusKey = try value(.status, record, row) else {
                    throw row.invalid(layout.columns[.status]![0], expected: "a status (the profile's columns.status); it may not be empty")
                }
                guard let rule = profile.rule(forStatus: statusKey) else {
                    let known = profile.statuses.keys.sorted().prefix(12).map { "\"\($0)\"" }.joined(separator: ", ")
                    throw row.invalid(layout.columns[.status]![0], expected: "a status the profile maps (\(known), ...); add \"\(statusKey)\" under statuses, or a \"*\" rule")
                }
                var parsedRow = CaseRow(
                    line: record.line, time: time, statusKey: statusKey, rule: rule,
                    team: try value(.team, record, row), agent: try value(.agent, record, row),
                    actor: try value(.actor, record, row), priority: try value(.priority, record, row),
                    plan: try value(.plan, record, row), department: try value(.department, record, row),
                    subject: try value(.subject, record, row), requester: try value(.requester, record, row))
                for (index, heading) in layout.custom {
                    if let text = row.text(index), !nulls.contains(text) { parsedRow.custom.append((heading, text)) }
                }
                rows.append(parsedRow)
            } catch ImportError.malformed(let issue) where options.onError == .skip {
                if currentCase == nil || row.text(caseColumn).map({ nulls.contains($0) }) ?? true {
                    summary.rejected.append(issue)   // a row without a case: rejected alone
                } else if caseIssue == nil {
                    caseIssue = issue
                }
            }
        }
        try finishCase(&sink)
        return summary
    }

    /// One case's ticket and events (one event per row), by the rules above.
    static func derive(caseID: String, rows: [CaseRow], profile: MappingProfile) -> (Ticket, [LifecycleEvent]) {
        var state = LifecycleState.open
        var label = profile.initialStatus
        var team: String?, agent: String?, department: String?, plan: String?, priority: String?
        var subject: String?, requester: String?
        var custom: [String: String] = [:]
        var enteredState = rows[0].time
        var events: [LifecycleEvent] = []
        events.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let newState = row.rule.state ?? state
            let newLabel = row.rule.state != nil ? row.statusKey : label
            let newTeam = row.team ?? team, newAgent = row.agent ?? agent, newDepartment = row.department ?? department
            let newPlan = row.plan ?? plan, newPriority = row.priority ?? priority
            let stopped = newState == .resolved || newState == .closed
            var kind: EventKind
            var value: String?
            var previous: String?
            if index == 0 {
                switch newState {
                case .open: kind = .created
                case .paused: kind = .statusChanged
                case .resolved: kind = .resolved
                case .closed: kind = .closed
                }
            } else if newState != state {
                switch newState {
                case .resolved: kind = .resolved
                case .closed: kind = .closed
                case .open, .paused: kind = (state == .resolved || state == .closed) ? .reopened : .statusChanged
                }
            } else if let newPlan, newPlan != plan {
                kind = .slaChanged
            } else if let newPriority, newPriority != priority {
                kind = .priorityChanged
            } else if let explicit = row.rule.kind, !(stopped && explicit == .statusChanged) {
                kind = explicit
            } else if newTeam != team || newAgent != agent {
                kind = .assigned
            } else if newLabel != label && !stopped {
                kind = .statusChanged
            } else {
                kind = stopped ? (newState == .resolved ? .resolved : .closed) : .statusChanged
            }
            switch kind {
            case .slaChanged:
                value = newPlan
                previous = plan
            case .priorityChanged:
                value = newPriority
                previous = priority
            default:
                if row.statusKey != newLabel { value = row.statusKey }
            }
            events.append(LifecycleEvent(
                ticketNumber: caseID, time: row.time, kind: kind, actor: row.actor ?? row.agent, team: newTeam,
                agent: newAgent, department: newDepartment, status: newLabel, value: value, previousValue: previous,
                identity: "row:\(index + 1)"))
            if newState != state { enteredState = row.time }
            state = newState
            label = newLabel
            team = newTeam
            agent = newAgent
            department = newDepartment
            plan = newPlan
            priority = newPriority
            subject = row.subject ?? subject
            requester = row.requester ?? requester
            for (heading, text) in row.custom { custom[heading] = text }
        }
        var ticket = Ticket(number: caseID, createdAt: rows[0].time)
        ticket.subject = subject
        ticket.requester = requester
        ticket.priority = priority
        ticket.department = department
        ticket.status = label
        ticket.slaPlan = plan
        ticket.team = team
        ticket.agent = agent
        ticket.lastUpdatedAt = rows[rows.count - 1].time
        ticket.closedAt = (state == .resolved || state == .closed) ? enteredState : nil
        ticket.customFields = custom
        return (ticket, events)
    }
}
