import Foundation
import SLAModel
import SLAEngine

/// Reads a delimited log of another help-desk system through a `MappingProfile` in two passes:
/// every row is parsed, checked and staged (a one-role profile's rows in a `ProfileRowSorter`, an
/// external merge sort whose memory is bounded by its budget; a profile with several file roles
/// keeps them in its `ProfileRowStore`, a table of the database), then each case's rows are read
/// back together, ordered by time, tie-break column and file order, and turned into one ticket
/// and one event per row. Memory holds one case at a time however the file spreads a case's rows.
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
/// case entered its final state if that is resolved or closed. Event identity is `row:<n>@<scope>`
/// (`ProfileEventIdentity`), the row's position within its case (1-based), stable when a later
/// export appends rows to a case; the profile's scope (`ImportOptions.profileScope`: its number in
/// the database) keeps other profiles' events of the same tickets apart, and only they are pruned
/// when a newer export lacks rows.
public enum ProfileReader {
    /// One parsed row of a case.
    // A class: a case's rows are read many times over (ordering, deriving, the ticket's values),
    // and each copy of a struct of ten texts retained and released every one of them (a fifth of
    // the deriving thread's instructions).
    final class CaseRow {
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
        var category: String?
        /// A ticket file's closed instant.
        var closed: Instant?
        /// A ticket file's first response instant, and whether the file records first responses.
        var firstResponse: Instant?
        var recordsFirstResponse = false
        /// When the case was opened, by an activity row's opened column (audit logs).
        var opened: Instant?
        var custom: [(String, String)] = []

        init(line: Int, time: Instant, statusKey: String, rule: StatusRule, team: String? = nil, agent: String? = nil,
             actor: String? = nil, priority: String? = nil, plan: String? = nil, department: String? = nil,
             subject: String? = nil, requester: String? = nil) {
            self.line = line
            self.time = time
            self.statusKey = statusKey
            self.rule = rule
            self.team = team
            self.agent = agent
            self.actor = actor
            self.priority = priority
            self.plan = plan
            self.department = department
            self.subject = subject
            self.requester = requester
        }
    }

    /// The column indexes a profile's fields resolve to in one file.
    struct Layout {
        var columns: [MappingProfile.Field: [Int]] = [:]
        var specs: [MappingProfile.Field: ColumnSpec] = [:]
        var custom: [(index: Int, heading: String)] = []
    }

    /// The column a profile's heading names: the one headed exactly so, else the one whose heading
    /// matches ignoring case and punctuation; nil when none does. A heading several columns share
    /// (Jira exports a multi-valued field as several "Sprint" columns) names them in order when the
    /// profile lists it as many times (`columns: [Sprint, Sprint]`): this is its `occurrence`-th
    /// of `mentions`. Otherwise which one is meant cannot be told (or a column would go unread),
    /// so that is an error.
    static func column(headed heading: String, occurrence: Int = 0, mentions: Int = 1, in headers: [String],
                       normalized: [String], readFor field: String, profile: String, file: String,
                       line: Int) throws(ImportError) -> Int? {
        var matches = headers.indices.filter { headers[$0] == heading }
        if matches.isEmpty {
            let key = HeaderMap<Int>.normalize(heading)
            matches = normalized.indices.filter { normalized[$0] == key }
        }
        guard !matches.isEmpty else { return nil }
        if matches.count == mentions { return matches[occurrence] }
        let issue = { (column: Int, expected: String) in
            ImportError.malformed(ImportIssue(file: file, line: line, column: column + 1, columnName: heading, expected: expected))
        }
        if matches.count == 1 {
            throw issue(matches[0], "\(mentions) columns headed \"\(heading)\", as the profile \"\(profile)\" lists it \(mentions) times for \(field); the file has one")
        }
        let numbers = matches.map { String($0 + 1) }
        let positions = numbers.dropLast().joined(separator: ", ") + " and " + numbers.last!
        let listed = Array(repeating: heading, count: matches.count).joined(separator: ", ")
        throw issue(matches[min(mentions, matches.count - 1)], (mentions == 1 ? "one column headed \"\(heading)\"" : "\(mentions) columns headed \"\(heading)\"")
            + ", which the profile \"\(profile)\" reads for \(field); columns \(positions) share that heading: list it \(matches.count) times "
            + "to read each in order ([\(listed)]), or rename the others in the file")
    }

    /// A header read as one column holding another delimiter (a `;` file read with the profile's
    /// `,`): said, since the "found:" list alone showed one long heading.
    static func delimiterHint(_ headers: [String], profile: MappingProfile) -> String {
        guard headers.count == 1, let only = headers.first else { return "" }
        let delimiters: [(byte: UInt8, name: String, yaml: String)] = [
            (UInt8(ascii: ";"), ";", ";"), (UInt8(ascii: ","), ",", ","), (UInt8(ascii: "\t"), "a tab", "\\t"), (UInt8(ascii: "|"), "|", "|"),
        ]
        for delimiter in delimiters where delimiter.byte != profile.delimiter && only.utf8.contains(delimiter.byte) {
            return "; the header is one column with \(delimiter.name) in it: set the profile's file: {delimiter: \"\(delimiter.yaml)\"}"
        }
        return ""
    }

    static func layout(headers: [String], profile: MappingProfile, role: MappingProfile.FileRole, file: String,
                       line: Int) throws(ImportError) -> Layout {
        var layout = Layout()
        let normalized = headers.map { HeaderMap<Int>.normalize($0) }
        // Each heading of a list, with its occurrence in the list and how often the list names it.
        func indexes(of headings: [String], field: String) throws(ImportError) -> [(index: Int, occurrence: Int)] {
            var mentions: [String: Int] = [:]
            for heading in headings { mentions[heading, default: 0] += 1 }
            var seen: [String: Int] = [:]
            var result: [(index: Int, occurrence: Int)] = []
            for heading in headings {
                let occurrence = seen[heading, default: 0]
                seen[heading] = occurrence + 1
                guard let index = try column(headed: heading, occurrence: occurrence, mentions: mentions[heading]!, in: headers,
                                             normalized: normalized, readFor: field, profile: profile.name, file: file, line: line) else {
                    throw .malformed(ImportIssue(
                        file: file, line: line, columnName: heading,
                        expected: "a \"\(heading)\" column, which the profile \"\(profile.name)\" names for \(field) (found: \(headers.joined(separator: ", ")))"
                            + Self.delimiterHint(headers, profile: profile)))
                }
                result.append((index, occurrence))
            }
            return result
        }
        for field in MappingProfile.Field.allCases {
            guard let spec = role.columns[field] else { continue }
            layout.columns[field] = try indexes(of: spec.columns, field: "columns.\(field.rawValue)").map(\.index)
            layout.specs[field] = spec
        }
        // A heading listed again is kept under "Heading (2)", ... (a custom field per column).
        for ((index, occurrence), heading) in zip(try indexes(of: role.customFields, field: "custom_fields"), role.customFields) {
            layout.custom.append((index, occurrence == 0 ? heading : "\(heading) (\(occurrence + 1))"))
        }
        return layout
    }

    public static func read<Sink: ImportSink>(_ reader: DelimitedReader, profile: MappingProfile, options: ImportOptions,
                                              into sink: inout Sink) throws -> ReadSummary {
        let file = reader.source.path
        var summary = ReadSummary(format: .profile)
        guard let header = try reader.next() else { throw ImportError.emptyFile(file: file) }
        let headers = header.fields.map { $0 ?? "" }
        guard let role = profile.role(forFile: file) else {
            let roles = profile.roles.map { "\($0.name) (\($0.match ?? "any file"))" }.joined(separator: ", ")
            throw ImportError.unreadable(file: file, reason: "the profile \"\(profile.name)\" has no file role whose match fits this file's name; its roles: \(roles)")
        }
        let isTicketFile = role.kind == .tickets
        let layout = try layout(headers: headers, profile: profile, role: role, file: file, line: header.line)
        let zone = ZoneRules.named(options.sourceZone) ?? ZoneRules.named(profile.zone) ?? .utc
        let caseColumn = layout.columns[.caseID]![0]
        // A ticket file's row is staged at its opened instant.
        let timeColumn = layout.columns[isTicketFile ? .opened : .time]![0]
        let tieColumn = layout.columns[.tieBreak]?[0]
        let nulls = profile.nullValues
        // Most profiles name no null values: then no value is hashed to look it up.
        func isNull(_ text: String, _ values: Set<String>? = nil) -> Bool {
            (!nulls.isEmpty && nulls.contains(text)) || (values.map { !$0.isEmpty && $0.contains(text) } ?? false)
        }
        // The same, for a value's bytes.
        let nullBytes = ByteSet(nulls)
        let hasNulls = !nulls.isEmpty
        @inline(__always) func isNull(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
            hasNulls && nullBytes.contains(text)
        }
        let rowStore = try sink.profileRowStore() ?? InMemoryProfileRowStore()
        // A row's reader with a string per field: for the values read through a spec (map,
        // prefix, several columns) and for errors, which name the value as the file has it.
        func strings(_ row: RawRow) -> RowReader {
            RowReader(file: file, record: row.record, headers: headers, zone: zone, acceptedYears: options.acceptedYears)
        }

        func value(_ field: MappingProfile.Field, _ row: RawRow) throws(ImportError) -> String? {
            guard let indexes = layout.columns[field], let spec = layout.specs[field] else { return nil }
            return try value(field, indexes, spec, row)
        }
        func value(_ field: MappingProfile.Field, _ indexes: [Int], _ spec: ColumnSpec, _ row: RawRow) throws(ImportError) -> String? {
            // Fast path: one column read as it is.
            if indexes.count == 1 && spec.map == nil && spec.prefix == nil {
                guard let text = row.string(indexes[0]), !isNull(text, spec.nullValues) else { return nil }
                return text
            }
            var parts: [String] = []
            for index in indexes {
                if let text = row.string(index), !isNull(text, spec.nullValues) { parts.append(text) }
            }
            guard !parts.isEmpty else { return nil }
            let joined = parts.joined(separator: spec.separator)
            var result = joined
            if let map = spec.map {
                guard let mapped = map[joined] ?? map["*"] else {
                    let known = map.keys.sorted().prefix(12).map { "\"\($0)\"" }.joined(separator: ", ")
                    throw strings(row).invalid(indexes[0], expected: "one of the values the profile maps for \(field.rawValue) (\(known)); add it under columns.\(field.rawValue).map")
                }
                result = mapped
            }
            if let prefix = spec.prefix { result = prefix + result }
            return result
        }
        // A date-time column's instant, checked; nil when the column is empty or a null marker.
        func instant(_ column: Int, _ row: RawRow) throws(ImportError) -> Instant? {
            guard let text = row.text(column), !isNull(text) else { return nil }
            guard let parsed = profile.dateFormat.parse(bytes: text) else {
                throw strings(row).invalid(column, expected: profile.dateFormat.example)
            }
            guard let instant = options.acceptedYears.instant(of: parsed, in: zone) else {
                throw strings(row).invalid(column, expected: options.acceptedYears.expectation)
            }
            return instant
        }

        let rules = StatusRuleCache(profile: profile)
        // The status column, when it is read as it is: its rules looked up by the value's bytes.
        let statusSpec = layout.specs[.status]
        let plainStatusColumn = statusSpec.flatMap { spec in
            spec.columns.count == 1 && spec.map == nil && spec.prefix == nil ? layout.columns[.status]![0] : nil
        }
        let statusNulls = ByteSet(statusSpec?.nullValues ?? [])
        let hasStatusNulls = !statusNulls.isEmpty
        // Under rows: changes a status is the value column of a row that changes the status field.
        let fieldColumn = layout.columns[.field]?[0], valueColumn = layout.columns[.value]?[0]
        let statusColumn = layout.columns[.status]?[0] ?? valueColumn ?? caseColumn
        func unknownStatus(_ row: RawRow, _ statusKey: String) -> ImportError {
            let known = profile.statuses.keys.sorted().prefix(12).map { "\"\($0)\"" }.joined(separator: ", ")
            return strings(row).invalid(statusColumn, expected: "a status the profile maps (\(known), ...); add \"\(statusKey)\" under \(profile.statusesKey), or a \"*\" rule")
        }
        func missingStatus(_ row: RawRow) -> ImportError {
            strings(row).invalid(statusColumn, expected: profile.changeRows
                ? "a status (a new value of a field that fields: maps to status); it may not be empty"
                : "a status (the profile's columns.status); it may not be empty")
        }
        // Only a profile with several file roles keeps its rows: a case's history is then the
        // union of the roles', staged in the store. With one role, a file's rows of a case are the
        // case's history: they are ordered by an external merge sort (no database), and the
        // second pass derives on another thread while this one writes.
        let keepRows = !profile.roles.isEmpty
        // The sorter's rows go through its run files and back within this import, never to the
        // database: their keys are staged by their one-letter names (`StagedKey`), a fifth fewer
        // bytes to write and read back per row.
        func key(_ name: String) -> String { keepRows ? name : StagedKey.compactName(name) }
        let statusKey = StagedFields.encodedPart(key("status"))
        // Resolved once per file, and held by reference: copying a column's spec for every row
        // (its arrays, sets and map) cost more reference counting than reading the value.
        // In a snapshot (the whole record as saved), an empty holder cell is the record's: nobody
        // held it then (sent back to the queue). Staged as an empty value, which clears the holder;
        // in an activity row an empty cell says nothing and keeps it.
        let clearedWhenEmpty: Set<MappingProfile.Field> = profile.snapshotRows && !isTicketFile ? [.team, .agent, .department] : []
        let payloadColumns = payloadFields.compactMap { field in
            layout.columns[field].map {
                PayloadColumn(field: field, stagedName: key(field.rawValue), indexes: $0, spec: layout.specs[field]!,
                              clearedWhenEmpty: clearedWhenEmpty.contains(field))
            }
        }
        let customColumns = layout.custom.map { (index: $0.index, key: StagedFields.encodedPart(key(customPrefix + $0.heading))) }
        let openedColumn = isTicketFile ? nil : layout.columns[.opened]?[0]
        let closedColumns = layout.columns[.closed] ?? []
        // A ticket list alone: its rows are all there is of a ticket (no activity rows close it).
        let ticketsAlone = isTicketFile && profile.roles.allSatisfy { $0.kind == .tickets }
        let firstResponseColumns = layout.columns[.firstResponse]
        // Looked up once: a dictionary lookup per row (and a spec copied) cost more than the row's check.
        let closedUnit = layout.specs[.closed]?.afterOpened, firstResponseUnit = layout.specs[.firstResponse]?.afterOpened
        // Their columns' own null values (`{column:, null_values:}`), besides the file's.
        let closedNulls = ByteSet(layout.specs[.closed]?.nullValues ?? []),
            firstResponseNulls = ByteSet(layout.specs[.firstResponse]?.nullValues ?? [])
        // The first of a time's columns that is filled (`MappingProfile.firstFilledFields`), and
        // that column, for errors.
        // With `after_opened`, the columns hold a number of units after `opened` instead.
        func firstInstant(_ columns: [Int], _ row: RawRow, after opened: Instant, unit: ColumnSpec.DurationUnit?,
                          nulls: ByteSet) throws(ImportError) -> (instant: Instant, column: Int)? {
            for column in columns {
                if !nulls.isEmpty, let text = row.text(column), nulls.contains(text) { continue }
                if let unit {
                    guard let text = row.text(column), !isNull(text) else { continue }
                    guard let number = Double(String(decoding: text, as: UTF8.self)), number.isFinite, number >= 0,
                          number * unit.seconds < 100 * 365 * 86_400 else {
                        throw strings(row).invalid(column, expected: "a number of \(unit.rawValue) after the opened time (after_opened: \(unit.rawValue)), 0 or more")
                    }
                    return (Instant(secondsSinceEpoch: opened.secondsSinceEpoch + Int64((number * unit.seconds).rounded())), column)
                }
                if let instant = try instant(column, row) { return (instant, column) }
            }
            return nil
        }
        // Pass 1: parse and check every row, and stage it (in the database when the sink has one).
        // Under --on-error skip, a bad row rejects its whole case: the first issue is kept per case.
        var rejectedCases: [String: (issue: ImportIssue, badRows: Int)] = [:]
        // The previous row's case id and time.
        let previousCase = ByteBuffer(capacity: 64)
        var previousTime: Instant?
        var order = RowOrderEvidence()
        var sequence: Int64 = 0
        var filters: [(index: Int, values: ByteSet)] = []
        for filter in profile.skipRows {
            guard let index = try column(headed: filter.column, in: headers, normalized: headers.map { HeaderMap<Int>.normalize($0) },
                                         readFor: "skip_rows", profile: profile.name, file: file, line: header.line) else {
                // A filter on an activity's column (a junk state) does not bind a ticket file,
                // which need not have that column; every activity file must.
                if isTicketFile { continue }
                throw ImportError.malformed(ImportIssue(
                    file: file, line: header.line, columnName: filter.column,
                    expected: "a \"\(filter.column)\" column, which the profile \"\(profile.name)\" names in skip_rows (found: \(headers.joined(separator: ", ")))"))
            }
            filters.append((index, ByteSet(filter.values)))
        }
        let sorter = keepRows ? nil : ProfileRowSorter(
            budget: options.profileSortBudget,
            spillPath: rowStore.spillPath ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("slareport"),
            profile: profile.name, role: role.name, file: file)
        // With a database, kept rows are staged on a second thread while this one parses the next.
        let stagingThread = sorter == nil && rowStore.stagesOnAnotherThread ? StagingThread(store: rowStore) : nil
        func stage(_ row: StagedRow) throws {
            if let stagingThread { try stagingThread.stage(row) } else { try rowStore.stage(row) }
        }
        // A row's values, encoded (`StagedFields`) in one buffer reused for every row.
        let payload = ByteBuffer()
        // On an error the connection must be the caller's again before the error unwinds
        // (a second `finish` does nothing).
        defer { try? stagingThread?.finish() }
        // The CSV is parsed on another thread, into batches of bytes, while this one checks and
        // stages each row from the bytes: no string per field, except for the values read
        // through a spec and for errors.
        let records = RecordPrefetcher(reader: reader)
        defer { records.stop() }
        while let batch = try records.nextBatch() {
            try batch.forEachRow { row in
                summary.rowsRead += 1
                if !filters.isEmpty, filters.contains(where: { filter in row.text(filter.index).map(filter.values.contains) ?? false }) {
                    summary.skipped[skipRowsKind, default: 0] += 1
                    return
                }
                var caseBytes: UnsafeBufferPointer<UInt8>?
                do {
                    guard let id = row.text(caseColumn), !isNull(id) else {
                        throw strings(row).invalid(caseColumn, expected: "a case id; it may not be empty")
                    }
                    caseBytes = id
                    if !rejectedCases.isEmpty, case let caseID = String(decoding: id, as: UTF8.self), rejectedCases[caseID] != nil {
                        rejectedCases[caseID]!.badRows += 1
                        return
                    }
                    if row.fieldCount != headers.count { try strings(row).requireHeaderWidth() }
                    guard let timeText = row.text(timeColumn), !isNull(timeText) else {
                        throw strings(row).invalid(timeColumn, expected: "\(profile.dateFormat.example); this column may not be empty")
                    }
                    guard let parsed = profile.dateFormat.parse(bytes: timeText) else {
                        throw strings(row).invalid(timeColumn, expected: profile.dateFormat.example)
                    }
                    // In the hour a fall-back repeats, a wall time that would go back in time after
                    // the same case's previous row is its second occurrence (02:50 then 02:10), in a
                    // file that lists rows oldest first (`RowOrderEvidence`).
                    let previousID = previousCase.bytes
                    let sameCase = previousID.count == id.count
                        && (id.count == 0 || memcmp(previousID.baseAddress!, id.baseAddress!, id.count) == 0)
                    guard let time = options.acceptedYears.instant(of: parsed, in: zone,
                                                                   after: sameCase && order.isOldestFirst ? previousTime : nil) else {
                        throw strings(row).invalid(timeColumn, expected: options.acceptedYears.expectation)
                    }
                    if sameCase, let previousTime { order.record(previous: previousTime, current: time, zone: zone) }
                    payload.removeAll()
                    var ticketStatus: String?
                    if !isTicketFile, profile.changeRows, let fieldColumn, let valueColumn {
                        // One changed field: what `fields:` maps its name to, set to the new value
                        // (empty: cleared). Rows of fields the profile does not map are counted, not imported.
                        let name = row.text(fieldColumn).map { String(decoding: $0, as: UTF8.self) } ?? ""
                        guard let target = profile.changedFields[name] else {
                            summary.skipped["field " + (name.isEmpty ? "(empty)" : name), default: 0] += 1
                            return
                        }
                        let newValue = row.text(valueColumn).flatMap { isNull($0) ? nil : String(decoding: $0, as: UTF8.self) }
                        if target == .status {
                            guard let status = newValue else { throw missingStatus(row) }
                            guard rules.rule(forStatus: status) != nil else { throw unknownStatus(row, status) }
                            StagedFields.append(key("status"), status, to: payload)
                        } else {
                            StagedFields.append(key(target.rawValue), newValue ?? "", to: payload)
                        }
                    } else if !isTicketFile {
                        if let plainStatusColumn {
                            guard let status = row.text(plainStatusColumn), !isNull(status),
                                  !hasStatusNulls || !statusNulls.contains(status) else {
                                throw missingStatus(row)
                            }
                            guard rules.statuses.value(status).rule != nil else {
                                throw unknownStatus(row, String(decoding: status, as: UTF8.self))
                            }
                            StagedFields.append(encodedKey: statusKey, value: status, to: payload)
                        } else {
                            guard let status = try value(.status, row) else { throw missingStatus(row) }
                            guard rules.rule(forStatus: status) != nil else { throw unknownStatus(row, status) }
                            StagedFields.append(key("status"), status, to: payload)
                        }
                    } else if let status = try value(.status, row) {
                        // A ticket file's status is the ticket's now (it may be empty).
                        guard rules.rule(forStatus: status) != nil else { throw unknownStatus(row, status) }
                        StagedFields.append(key("status"), status, to: payload)
                        ticketStatus = status
                    }
                    for column in payloadColumns {
                        if let index = column.plainIndex {
                            // One column read as it is (the common case), without the spec.
                            if let text = row.text(index), !isNull(text), !column.hasOwnNulls || !column.ownNulls.contains(text) {
                                StagedFields.append(encodedKey: column.key, value: text, to: payload)
                            } else if column.clearedWhenEmpty {
                                StagedFields.append(column.name, "", to: payload)
                            }
                        } else if let text = try value(column.field, column.indexes, column.spec, row) {
                            StagedFields.append(column.name, text, to: payload)
                        } else if column.clearedWhenEmpty {
                            StagedFields.append(column.name, "", to: payload)
                        }
                    }
                    if let openedColumn, let opened = try instant(openedColumn, row) {
                        guard opened <= time else {
                            throw strings(row).invalid(openedColumn, expected: "an opened time at or before the row's time \(time.iso8601)")
                        }
                        StagedFields.append(key("opened"), String(opened.secondsSinceEpoch), to: payload)
                    }
                    if !closedColumns.isEmpty, let (closed, column) = try firstInstant(closedColumns, row, after: time, unit: closedUnit, nulls: closedNulls) {
                        guard closed >= time else {
                            throw strings(row).invalid(column, expected: "a closed time at or after the opened time \(time.iso8601)")
                        }
                        StagedFields.append(key("closed"), String(closed.secondsSinceEpoch), to: payload)
                    } else if ticketsAlone, let status = ticketStatus, let state = rules.rule(forStatus: status)?.state,
                              state == .resolved || state == .closed {
                        // Closed now by its status, but not when: its clocks would run on and breach.
                        let blamed = closedColumns.first ?? layout.columns[.status]![0]
                        throw strings(row).invalid(blamed, expected: closedColumns.isEmpty
                            ? "a closed time, since status \"\(status)\" is a \(state.rawValue) one, but the profile maps no closed column (columns.closed of the ticket file's role)"
                            : "a closed time, since status \"\(status)\" is a \(state.rawValue) one (closed: {columns: [A, B]} takes the first of A and B that is filled)")
                    }
                    if let firstResponseColumns {
                        // Staged even when empty: the file records responses, and this ticket had none yet.
                        let responded = try firstInstant(firstResponseColumns, row, after: time, unit: firstResponseUnit,
                                                         nulls: firstResponseNulls)
                        if let responded, responded.instant < time {
                            throw strings(row).invalid(responded.column, expected: "a first response at or after the opened time \(time.iso8601)")
                        }
                        StagedFields.append(key("first_response"), responded.map { String($0.instant.secondsSinceEpoch) } ?? "", to: payload)
                    }
                    for column in customColumns {
                        if let text = row.text(column.index), !isNull(text) {
                            StagedFields.append(encodedKey: column.key, value: text, to: payload)
                        }
                    }
                    var tieNumber: Double?
                    var tieText = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
                    if let tieColumn, let tie = row.text(tieColumn), !isNull(tie) {
                        if let number = Self.number(tie) { tieNumber = number } else { tieText = tie }
                    }
                    if let sorter {
                        try sorter.add(isTicketRow: isTicketFile, caseID: id, time: time, tieNumber: tieNumber, tieText: tieText,
                                       sequence: sequence, line: row.line, payload: payload.bytes)
                    } else {
                        try stage(StagedRow(profile: profile.name, role: role.name, isTicketRow: isTicketFile,
                                            caseID: String(decoding: id, as: UTF8.self), time: time, tieNumber: tieNumber,
                                            tieText: String(decoding: tieText, as: UTF8.self), sequence: sequence, file: file,
                                            line: row.line, payload: String(decoding: payload.bytes, as: UTF8.self)))
                    }
                    sequence += 1
                    previousCase.removeAll()
                    previousCase.append(id)
                    previousTime = time
                } catch ImportError.malformed(let issue) where options.onError == .skip {
                    if let caseBytes {
                        let caseID = String(decoding: caseBytes, as: UTF8.self)
                        if rejectedCases[caseID] == nil { rejectedCases[caseID] = (issue, 1) } else { rejectedCases[caseID]!.badRows += 1 }
                    } else {
                        summary.rejected.append(issue)   // a row without a case: rejected alone
                    }
                }
            }
        }
        try stagingThread?.finish()

        func reject(_ issue: ImportIssue, rows: Int, note: String = "") {
            var issue = issue
            issue.expected += "; the case's \(rows) row\(rows == 1 ? " was" : "s were") skipped" + note
            summary.rejected.append(issue)
            summary.extraRejectedRows += rows - 1
        }
        let tieHeading = tieColumn.map { headers[$0] }
        // Used by the second pass only (on the deriving thread when there is one).
        let identities = ProfileRowIdentities(scope: options.profileScope ?? profile.name)
        // The texts of staged values that repeat from row to row (teams, agents, priorities...),
        // each made once from its bytes and then shared: making every row's texts anew was about
        // a tenth of the deriving thread's instructions.
        let texts = InternedText { $0 }
        if let sorter {
            // Pass 2, pipelined: each case's rows in order from the sorter, its ticket and events
            // derived on a second thread while this one writes them.
            let rejectedIDs = Set(rejectedCases.keys)
            let onError = options.onError
            let derived = try PipelinedFileImporter.produce(into: &sink) { forward in
                var derived = DerivedCases()
                derived.dropped = try sorter.forEachCase(skipping: { rejectedIDs.contains($0) }) { staged in
                    switch try deliver(staged, rules: rules, texts: texts, identities: identities, tieHeading: tieHeading,
                                       profile: profile, onError: onError,
                                       into: &forward) {
                    case .rejected(let issue): derived.rejected.append((issue, staged.count))
                    case .delivered(let events):
                        derived.tickets += 1
                        derived.events += events
                    }
                }
                return derived
            }
            for (caseID, entry) in rejectedCases.sorted(by: { $0.value.issue.line < $1.value.issue.line }) {
                reject(entry.issue, rows: entry.badRows + derived.dropped[caseID, default: 0])
            }
            for (issue, rows) in derived.rejected { reject(issue, rows: rows) }
            summary.tickets += derived.tickets
            summary.events += derived.events
            return summary
        }

        let dropped = try rowStore.commitStagedRows(profile: profile.name, role: role.name, rejectedCases: Set(rejectedCases.keys),
                                                    keepingRows: keepRows)
        for (caseID, entry) in rejectedCases.sorted(by: { $0.value.issue.line < $1.value.issue.line }) {
            reject(entry.issue, rows: entry.badRows + dropped[caseID, default: 0])
        }

        // Pass 2: every case the file named, with all its rows (this file's and other roles'), in order.
        var contradicted: Set<String> = []
        try rowStore.forEachStagedCase(profile: profile.name, role: role.name, keptRows: keepRows) { staged in
            switch try deliver(staged, rules: rules, texts: texts, identities: identities, tieHeading: tieHeading,
                               profile: profile, onError: options.onError,
                               into: &sink) {
            case .rejected(let issue):
                // Only this file's rows are skipped (the rows read from it); the case stays as
                // the earlier imports of its other files left it.
                let ownRows = keepRows ? staged.filter { $0.role == role.name }.count : staged.count
                let ownFile = staged.first { $0.role == role.name }?.file ?? "this file"
                reject(issue, rows: ownRows,
                       note: keepRows && ownRows < staged.count ? " (from \(ownFile); the case stays as its other files' earlier imports left it)" : "")
                contradicted.insert(staged[0].caseID)
            case .delivered(let events):
                summary.tickets += 1
                summary.events += events
            }
        }
        if keepRows { try rowStore.finishStagedRows(profile: profile.name, role: role.name, rejectedCases: contradicted) }
        return summary
    }

    /// A payload field's columns in one file, resolved once.
    final class PayloadColumn {
        let field: MappingProfile.Field
        /// The key the value is staged under, and its encoding (`StagedFields.encodedPart`).
        let name: String
        let key: ByteBuffer
        let indexes: [Int]
        let spec: ColumnSpec
        /// The column, when the field is one column read as it is (no map, no prefix).
        let plainIndex: Int?
        /// The column's own null values; whether it has any (checked first: reading the set
        /// from the column for every row would cost a retain and release of each of its buffers).
        let ownNulls: ByteSet
        let hasOwnNulls: Bool

        /// Whether an empty cell is staged as an empty value (a snapshot's holder: cleared).
        let clearedWhenEmpty: Bool

        init(field: MappingProfile.Field, stagedName: String, indexes: [Int], spec: ColumnSpec, clearedWhenEmpty: Bool = false) {
            self.field = field
            self.clearedWhenEmpty = clearedWhenEmpty
            name = stagedName
            key = StagedFields.encodedPart(name)
            self.indexes = indexes
            self.spec = spec
            plainIndex = indexes.count == 1 && spec.map == nil && spec.prefix == nil ? indexes[0] : nil
            ownNulls = ByteSet(spec.nullValues)
            hasOwnNulls = !spec.nullValues.isEmpty
        }
    }

    /// A tie-break value as a number, as `Double(String)` reads it (nil: not a number); digits
    /// alone, the common case, without making a string.
    static func number(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        if !text.isEmpty && text.count <= 15 {
            var value = 0
            var digitsOnly = true
            for byte in text {
                guard byte >= 0x30 && byte <= 0x39 else { digitsOnly = false; break }
                value = value * 10 + Int(byte - 0x30)
            }
            // At most 15 digits: the integer is exactly a Double.
            if digitsOnly { return Double(value) }
        }
        return Double(String(decoding: text, as: UTF8.self))
    }

    /// What the second pass made of the cases (the pipelined path's result).
    struct DerivedCases {
        var tickets = 0
        var events = 0
        /// Cases rejected in the second pass, with their row counts.
        var rejected: [(ImportIssue, Int)] = []
        /// Rows of the cases rejected in the first pass, by case.
        var dropped: [String: Int] = [:]
    }

    /// What became of one case.
    enum CaseOutcome {
        /// Its ticket and this many events went to the sink.
        case delivered(Int)
        /// A bad case under `--on-error skip` (nothing went to the sink).
        case rejected(ImportIssue)
    }

    /// Orders, checks and derives one case's staged rows and hands its ticket and events to `sink`.
    static func deliver<Sink: ImportSink>(_ staged: [StagedRow], rules: StatusRuleCache, texts: InternedText<String>,
                                          identities: ProfileRowIdentities,
                                          tieHeading: String?,
                                          profile: MappingProfile, onError: RejectPolicy,
                                          into sink: inout Sink) throws -> CaseOutcome {
        let history: CaseHistory
        do {
            history = try caseRows(staged, rules: rules, texts: texts, tieHeading: tieHeading)
        } catch {
            // (Not `catch .malformed(let issue) where ...`: Swift 6.3's SILGen fails on that pattern here.)
            guard onError == .skip, case .malformed(let issue) = error else { throw error }
            return .rejected(issue)
        }
        let caseID = staged[0].caseID
        var (ticket, events) = derive(caseID: caseID, history: history, profile: profile, identities: identities)
        let firstLine = history.ticketRow?.line ?? history.rows.first?.line ?? 0
        // (Hashed here: in a pipelined import this is the deriving thread, which has time to spare.)
        try sink.accept(ticket: ticket, contentHash: ticket.contentHash, line: firstLine)
        let eventIdentities = events.map(\.0.identity)
        // Each event moved out of the array to the sink (iterating copied every one, its texts
        // retained and released): the array reversed, then emptied from its end.
        events.reverse()
        while let (event, line) = events.popLast() {
            try sink.accept(event: event, line: line)
        }
        // A newer export with fewer rows for the case: drop this profile's events of rows now gone.
        try sink.completeHistory(ofTicket: caseID, identities: eventIdentities, profileScope: identities.scope)
        return .delivered(eventIdentities.count)
    }

    /// The kind under which rows left out by the profile's `skip_rows` are counted.
    public static let skipRowsKind = "skip_rows"

    /// The fields a staged row keeps, besides its status.
    static let payloadFields: [MappingProfile.Field] = [.team, .agent, .actor, .priority, .plan, .department, .subject,
                                                         .requester, .category]
    /// Custom fields are kept in a staged row's payload under this prefix and their heading.
    static let customPrefix = "custom:"

    /// A case's staged rows, ordered, as `CaseRow`s. A row staged identically by several file
    /// roles (overlapping exports) counts once (as many times as the role that has it most
    /// often); two rows with the same time and tie-break value but different content contradict
    /// each other, an error naming both.
    static func caseRows(_ staged: [StagedRow], rules: StatusRuleCache, texts: InternedText<String>,
                         tieHeading: String?) throws(ImportError) -> CaseHistory {
        var kept = staged
        // By file, not by role: slices of one role named in one import may share their boundary rows.
        if staged.contains(where: { $0.file != staged[0].file }) {
            struct Key: Hashable { var time: Instant; var tieNumber: Double?; var tieText: String; var payload: String }
            var counts: [Key: [String: Int]] = [:]
            for row in staged {
                counts[Key(time: row.time, tieNumber: row.tieNumber, tieText: row.tieText, payload: row.payload), default: [:]][row.file, default: 0] += 1
            }
            var emitted: [Key: Int] = [:]
            kept = staged.filter { row in
                let key = Key(time: row.time, tieNumber: row.tieNumber, tieText: row.tieText, payload: row.payload)
                let needed = counts[key]!.values.max()!
                emitted[key, default: 0] += 1
                return emitted[key]! <= needed
            }
        }
        var history = CaseHistory()
        history.rows.reserveCapacity(kept.count)
        var previous: StagedRow?
        var ticketStaged: StagedRow?
        for row in kept {
            if row.isTicketRow {
                // One ticket row per case: the same row from two ticket files is one; two that differ contradict.
                if let earlier = ticketStaged {
                    guard earlier.payload == row.payload, earlier.time == row.time else {
                        throw .malformed(ImportIssue(
                            file: row.file, line: row.line,
                            expected: "one row per ticket: \(earlier.file) line \(earlier.line) describes ticket \"\(row.caseID)\" otherwise"))
                    }
                    continue
                }
                ticketStaged = row
                history.ticketRow = try decode(row, rules: rules, texts: texts, isTicketRow: true)
                continue
            }
            // (Under rows: changes one save gives a row per field it changed, sharing the time and
            // the save's checkpoint: different rows there are different fields, not a contradiction.)
            if let tieHeading, !rules.profile.changeRows, let earlier = previous, earlier.time == row.time, earlier.tieNumber == row.tieNumber,
               earlier.tieText == row.tieText, earlier.tieNumber != nil || !earlier.tieText.isEmpty, earlier.payload != row.payload {
                let tie = row.tieNumber.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : String($0) } ?? row.tieText
                throw .malformed(ImportIssue(
                    file: row.file, line: row.line, columnName: tieHeading, value: tie,
                    expected: "one row per case, time and \(tieHeading): \(earlier.file) line \(earlier.line) has the same case \"\(row.caseID)\", time \(row.time.iso8601) and \(tieHeading) with other values"))
            }
            if previous == nil, let ticketRow = ticketStaged, row.time < ticketRow.time {
                throw .malformed(ImportIssue(
                    file: row.file, line: row.line, value: row.time.iso8601,
                    expected: "a time at or after ticket \"\(row.caseID)\"'s opened time \(ticketRow.time.iso8601) (\(ticketRow.file) line \(ticketRow.line))"))
            }
            previous = row
            history.rows.append(try decode(row, rules: rules, texts: texts, isTicketRow: false))
        }
        return history
    }

    /// A staged row's values as a `CaseRow`. Keys are matched from their bytes and only the
    /// values a `CaseRow` keeps become strings (this runs once per row, on the deriving thread).
    static func decode(_ row: StagedRow, rules: StatusRuleCache, texts: InternedText<String>,
                       isTicketRow: Bool) throws(ImportError) -> CaseRow {
        let caseRow = CaseRow(line: row.line, time: row.time, statusKey: "", rule: StatusRule(state: nil))
        // The status's rule, looked up by its bytes (nil: no status pair; .some(nil): not mapped).
        var statusRule: StatusRule?? = nil
        var payload = row.payload
        let wellFormed = payload.withUTF8 { bytes in
            StagedFields.forEachPair(in: bytes) { key, value in
                func text() -> String { String(decoding: value, as: UTF8.self) }
                switch StagedKey(key) {
                case .status:
                    let status = rules.statuses.value(value)
                    caseRow.statusKey = status.text
                    statusRule = status.rule
                case .team: caseRow.team = texts.value(value)
                case .agent: caseRow.agent = texts.value(value)
                case .actor: caseRow.actor = texts.value(value)
                case .priority: caseRow.priority = texts.value(value)
                case .plan: caseRow.plan = texts.value(value)
                case .department: caseRow.department = texts.value(value)
                case .subject: caseRow.subject = text()
                case .requester: caseRow.requester = text()
                case .category: caseRow.category = text()
                case .closed: caseRow.closed = Int64(text()).map(Instant.init(secondsSinceEpoch:))
                case .firstResponse:
                    caseRow.recordsFirstResponse = true
                    caseRow.firstResponse = Int64(text()).map(Instant.init(secondsSinceEpoch:))
                case .opened: caseRow.opened = Int64(text()).map(Instant.init(secondsSinceEpoch:))
                case .custom(let heading): caseRow.custom.append((heading, text()))
                case nil: break
                }
            }
        }
        guard wellFormed else {
            throw .malformed(ImportIssue(file: row.file, line: row.line, expected: "a row staged by this version of slareport; re-import the file"))
        }
        // A ticket file's row may leave its status out, and a change row of another field has none.
        guard (!isTicketRow && !rules.profile.changeRows) || !caseRow.statusKey.isEmpty else { return caseRow }
        guard let rule = statusRule ?? rules.rule(forStatus: caseRow.statusKey) else {
            throw .malformed(ImportIssue(file: row.file, line: row.line, value: caseRow.statusKey,
                                         expected: "a status the profile maps (the profile changed since this file was imported; re-import it or map the status)"))
        }
        caseRow.rule = rule
        return caseRow
    }

    /// A staged payload's key, known from its bytes (`StagedFields`): the fields a `CaseRow`
    /// keeps, and custom fields under `customPrefix`. Each key has a full name (rows staged in
    /// the database, which later imports compare with theirs) and a one-letter one (`compactName`,
    /// rows that only pass through the sorter); both are read.
    enum StagedKey: Equatable {
        case status, team, agent, actor, priority, plan, department, subject, requester, category, closed, opened
        case firstResponse
        case custom(String)

        private static let names: [(name: String, compact: String, key: StagedKey)] = [
            ("status", "s", .status), ("team", "t", .team), ("agent", "a", .agent), ("actor", "c", .actor),
            ("priority", "p", .priority), ("plan", "l", .plan), ("department", "d", .department), ("subject", "u", .subject),
            ("requester", "r", .requester), ("category", "g", .category), ("closed", "x", .closed), ("opened", "o", .opened),
            ("first_response", "f", .firstResponse),
        ]
        /// Custom fields' one-letter prefix (no full name is one character long).
        private static let compactCustomPrefix = "~"
        /// The full names' bytes (the one-letter names are matched by a switch in `init`).
        private static let named: [(bytes: [UInt8], key: StagedKey)] = names.map { (Array($0.name.utf8), $0.key) }
        private static let customPrefixes = [Array(customPrefix.utf8), Array(compactCustomPrefix.utf8)]

        /// The one-letter name of a key staged as `name` (`customPrefix` + heading for a custom field).
        static func compactName(_ name: String) -> String {
            if let entry = names.first(where: { $0.name == name }) { return entry.compact }
            precondition(name.hasPrefix(customPrefix), "\(name) is not a staged key")
            return compactCustomPrefix + name.dropFirst(customPrefix.count)
        }

        /// The key `bytes` spell, or nil for a key this version does not read.
        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            if bytes.count == 1 {
                // The one-letter names of `names`, spelled out: a switch, not a table to read.
                // (`ProfileRowSorterTests.oneLetterAndFullKeysReadAlike` checks they agree.)
                switch bytes[0] {
                case UInt8(ascii: "s"): self = .status; return
                case UInt8(ascii: "t"): self = .team; return
                case UInt8(ascii: "a"): self = .agent; return
                case UInt8(ascii: "c"): self = .actor; return
                case UInt8(ascii: "p"): self = .priority; return
                case UInt8(ascii: "l"): self = .plan; return
                case UInt8(ascii: "d"): self = .department; return
                case UInt8(ascii: "u"): self = .subject; return
                case UInt8(ascii: "r"): self = .requester; return
                case UInt8(ascii: "g"): self = .category; return
                case UInt8(ascii: "x"): self = .closed; return
                case UInt8(ascii: "o"): self = .opened; return
                case UInt8(ascii: "f"): self = .firstResponse; return
                default: break
                }
            }
            func starts(with known: [UInt8]) -> Bool {
                known.count <= bytes.count && known.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0 }
            }
            for entry in Self.named where entry.bytes.count == bytes.count && starts(with: entry.bytes) {
                self = entry.key
                return
            }
            guard let prefix = Self.customPrefixes.first(where: starts(with:)) else { return nil }
            self = .custom(String(decoding: bytes.dropFirst(prefix.count), as: UTF8.self))
        }
    }

    /// What a snapshot row changed: the state (or the status within it), the plan, the priority,
    /// who holds it; the one the one-event rules name is `row:<n>`, the others `row:<n>/<name>`.
    static func snapshotChanges(state: LifecycleState, newState: LifecycleState, plan: String?, newPlan: String?,
                                priority: String?, newPriority: String?, relabelled: Bool, assignment: EventKind?)
        -> [(kind: EventKind, name: String, value: String?, previous: String?)] {
        var changes: [(kind: EventKind, name: String, value: String?, previous: String?)] = []
        if newState != state {
            let kind: EventKind
            switch newState {
            case .resolved: kind = .resolved
            case .closed: kind = .closed
            case .open, .paused: kind = (state == .resolved || state == .closed) ? .reopened : .statusChanged
            }
            changes.append((kind, "status", nil, nil))
        } else if relabelled && newState != .resolved && newState != .closed {
            changes.append((.statusChanged, "status", nil, nil))
        }
        if let newPlan, newPlan != plan { changes.append((.slaChanged, "plan", newPlan, plan)) }
        if let newPriority, newPriority != priority { changes.append((.priorityChanged, "priority", newPriority, priority)) }
        if let assignment { changes.append((assignment, "assignment", nil, nil)) }
        return changes
    }

    /// The profile's status rules, each status looked up once per file (the lookup folds case
    /// and splits on the separator).
    final class StatusRuleCache {
        let profile: MappingProfile
        /// Statuses by their bytes, with their texts (both passes, once per row: hashing the
        /// string for a dictionary was a tenth of decoding a row).
        let statuses: InternedText<(text: String, rule: StatusRule?)>

        init(profile: MappingProfile) {
            self.profile = profile
            statuses = InternedText { [profile] text in (text, profile.rule(forStatus: text)) }
        }

        /// The rule of a status given as a string, through the same table as its bytes.
        func rule(forStatus key: String) -> StatusRule? {
            var key = key
            return key.withUTF8 { statuses.value($0).rule }
        }
    }

    /// A case's rows, ordered: its ticket file's row, if any, and its event rows.
    struct CaseHistory {
        var ticketRow: CaseRow?
        var rows: [CaseRow] = []
    }

    /// One case's ticket and events (one event per row), by the rules above.
    ///
    /// With a ticket file's row, the ticket opens at its opened time: a `created` event
    /// (`row:0`) comes first unless the first event row is at that very time, and the ticket
    /// file's values (the ticket as it is now) win over the rows' last ones.
    static func derive(caseID: String, history: CaseHistory, profile: MappingProfile,
                       identities: ProfileRowIdentities) -> (Ticket, [(LifecycleEvent, Int)]) {
        let rows = history.rows
        let opened = history.ticketRow?.time ?? rows.compactMap(\.opened).min() ?? rows[0].time
        // A ticket file's row alone gives no events: the replay takes the ticket's own dates, as
        // for a queue export without history, and the rows' events are added when they come.
        let openedFirst = !rows.isEmpty && opened < rows[0].time
        var state = LifecycleState.open
        var label = profile.initialStatus
        var team: String?, agent: String?, department: String?, plan: String?, priority: String?
        var subject: String?, requester: String?
        var custom: [String: String] = [:]
        var category: String?
        var enteredState = opened
        var events: [(LifecycleEvent, Int)] = []
        events.reserveCapacity(rows.count + 1)
        if openedFirst {
            events.append((LifecycleEvent(ticketNumber: caseID, time: opened, kind: .created, status: label, identity: identities.identity(row: 0)),
                           history.ticketRow?.line ?? 0))
        }
        for (index, row) in rows.enumerated() {
            var newState = row.rule.state ?? state
            var newLabel = row.rule.state != nil ? row.statusKey : label
            // With `reopens:`, only those statuses take a resolved or closed ticket back: another
            // row's status is recorded (as the event's value) while the ticket stays where it was.
            let heldBack = (state == .resolved || state == .closed) && (newState == .open || newState == .paused)
                && profile.reopenStatuses.map { !$0.contains(row.statusKey) } ?? false
            if heldBack {
                newState = state
                newLabel = label
            }
            // With `handoffs:`, the team changes only on a hand-off row (and is first set by any row).
            let handsOff = team == nil || profile.handoffStatuses.map { $0.contains(row.statusKey) } ?? true
            // A value a row does not give keeps the holder; an empty one (a snapshot's) clears it.
            func held(_ value: String?, _ current: String?) -> String? {
                guard let value else { return current }
                return value.isEmpty ? nil : value
            }
            let newTeam = handsOff ? held(row.team, team) : team
            let newAgent = held(row.agent, agent), newDepartment = held(row.department, department)
            let rowAgent = row.agent.flatMap { $0.isEmpty ? nil : $0 }
            let newPlan = held(row.plan, plan), newPriority = held(row.priority, priority)
            // A holder cleared (an assignee removed) is a release: the replay keeps a holder an
            // assignment leaves out, and would have kept blaming the agent who gave the ticket back.
            let assignment: EventKind = (newAgent == nil && agent != nil) || (newTeam == nil && team != nil) ? .released : .assigned
            let stopped = newState == .resolved || newState == .closed
            var kind: EventKind
            var value: String?
            var previous: String?
            if index == 0 && !openedFirst {
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
                case .open, .paused:
                    let returns = state == .resolved || state == .closed
                    kind = returns && (profile.reopenStatuses?.contains(row.statusKey) ?? true) ? .reopened : .statusChanged
                }
            } else if heldBack {
                kind = .statusChanged
            } else if profile.reopenStatuses?.contains(row.statusKey) == true {
                kind = .reopened
            } else if let newPlan, newPlan != plan {
                kind = .slaChanged
            } else if let newPriority, newPriority != priority {
                kind = .priorityChanged
            } else if let explicit = row.rule.kind, !(stopped && explicit == .statusChanged) {
                kind = explicit
            } else if newTeam != team || newAgent != agent {
                kind = assignment
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
                if !row.statusKey.isEmpty && row.statusKey != newLabel { value = row.statusKey }
            }
            events.append((LifecycleEvent(
                ticketNumber: caseID, time: row.time, kind: kind, actor: row.actor ?? rowAgent, team: newTeam,
                agent: newAgent, department: newDepartment, status: newLabel, value: value, previousValue: previous,
                identity: identities.identity(row: index + 1)), row.line))
            if profile.snapshotRows && !(index == 0 && !openedFirst) {
                // A saved version of the record: besides the event the rules above name, one
                // event for each other thing it changed (`row:<n>/priority`, ...).
                let named: String?
                switch kind {
                case .resolved, .closed, .reopened, .statusChanged: named = "status"
                case .slaChanged: named = "plan"
                case .priorityChanged: named = "priority"
                case .assigned, .released: named = "assignment"
                default: named = nil
                }
                let changes = snapshotChanges(state: state, newState: newState, plan: plan, newPlan: newPlan, priority: priority,
                                              newPriority: newPriority, relabelled: newLabel != label,
                                              assignment: newTeam != team || newAgent != agent ? assignment : nil)
                for change in changes where change.name != named {
                    events.append((LifecycleEvent(
                        ticketNumber: caseID, time: row.time, kind: change.kind, actor: row.actor ?? rowAgent, team: newTeam,
                        agent: newAgent, department: newDepartment, status: newLabel, value: change.value,
                        previousValue: change.previous, identity: ProfileEventIdentity.make(row: index + 1, change: change.name, scope: identities.scope)), row.line))
                }
            }
            if newState != state { enteredState = row.time }
            state = newState
            label = newLabel
            team = newTeam
            agent = newAgent
            department = newDepartment
            plan = newPlan
            priority = newPriority
            subject = held(row.subject, subject)
            requester = held(row.requester, requester)
            category = held(row.category, category)
            for (heading, text) in row.custom { custom[heading] = text }
        }
        var closedAt = (state == .resolved || state == .closed) ? enteredState : nil
        if let ticketRow = history.ticketRow {
            // The ticket file says how the ticket is now.
            priority = ticketRow.priority ?? priority
            plan = ticketRow.plan ?? plan
            team = ticketRow.team ?? team
            agent = ticketRow.agent ?? agent
            department = ticketRow.department ?? department
            subject = ticketRow.subject ?? subject
            requester = ticketRow.requester ?? requester
            category = ticketRow.category ?? category
            for (heading, text) in ticketRow.custom { custom[heading] = text }
            // The ticket file's status is the ticket's now; a close it gives is a resolution
            // when that status is a resolved one.
            let statusNow = ticketRow.statusKey.isEmpty ? nil : ticketRow.statusKey
            if ticketRow.recordsFirstResponse {
                // A file that records first responses records the ticket's thread: it opened with
                // the requester's message, so a ticket not answered yet runs its first-response
                // clock (without any message it would be "not measurable"). These are the ticket's
                // events, so its creation (and close, below) are events too, where the replay
                // would otherwise take them from its dates.
                if rows.isEmpty {
                    events.append((LifecycleEvent(ticketNumber: caseID, time: opened, kind: .created, team: team, agent: agent,
                                                  department: department, status: label,
                                                  identity: identities.identity(row: 0)),
                                   ticketRow.line))
                }
                events.append((LifecycleEvent(ticketNumber: caseID, time: opened, kind: .message,
                                              identity: ProfileEventIdentity.make(row: 0, change: "message", scope: identities.scope)),
                               ticketRow.line))
            }
            label = statusNow ?? label
            var stopped = state == .resolved || state == .closed
            // Open by the ticket file's status now: a close it gives was before a reopen.
            let openNow = statusNow != nil && (ticketRow.rule.state == .open || ticketRow.rule.state == .paused)
            if openNow, ticketRow.closed != nil, events.isEmpty {
                // A ticket list without first responses gives no events (the replay takes the
                // ticket's dates), but a close then a reopen are events: so is the creation.
                events.append((LifecycleEvent(ticketNumber: caseID, time: opened, kind: .created, team: team, agent: agent,
                                              department: department, status: profile.initialStatus,
                                              identity: identities.identity(row: 0)),
                               ticketRow.line))
            }
            if let closed = ticketRow.closed {
                closedAt = closed
                // Closed by the ticket file, open by its rows (an export taken while it was open):
                // the close is an event too, named as the next row would be, so that the export
                // with the closing rows updates it rather than replacing it.
                if let last = events.last?.0.time, !stopped, closed >= last {
                    let kind: EventKind = statusNow != nil && ticketRow.rule.state == .resolved ? .resolved : .closed
                    // (Its status then is not in the file when the ticket is open now.)
                    events.append((LifecycleEvent(ticketNumber: caseID, time: closed, kind: kind, team: team, agent: agent,
                                                  department: department, status: openNow ? nil : label,
                                                  identity: identities.identity(row: rows.count + 1)),
                                   ticketRow.line))
                    stopped = true
                }
            }
            // Stopped by its close, open by the ticket file's status now: reopened since (Zendesk
            // keeps a reopened ticket's "Solved at"). The file does not say when, so at the close
            // itself: its clock runs again from there. Without this the ticket read closed, and met.
            if stopped, openNow, let last = events.last?.0.time {
                events.append((LifecycleEvent(ticketNumber: caseID, time: max(last, closedAt ?? last), kind: .reopened, team: team,
                                              agent: agent, department: department, status: label,
                                              identity: ProfileEventIdentity.make(row: 0, change: "reopened", scope: identities.scope)),
                               ticketRow.line))
                closedAt = nil
            }
            if let responded = ticketRow.firstResponse {
                // Who answered is not in a ticket file: the event leaves the holder as it was.
                events.append((LifecycleEvent(ticketNumber: caseID, time: responded, kind: .response,
                                              identity: ProfileEventIdentity.make(row: 0, change: "first_response", scope: identities.scope)),
                               ticketRow.line))
            }
        }
        var ticket = Ticket(number: caseID, createdAt: opened)
        ticket.subject = subject
        ticket.requester = requester
        ticket.priority = priority
        ticket.department = department
        ticket.helpTopic = category
        ticket.status = label
        ticket.slaPlan = plan
        ticket.team = team
        ticket.agent = agent
        // (By index: `events.lazy.map(\.0.time).max()` copied every event, texts and all.)
        var latest: Instant?
        for index in events.indices where latest.map({ events[index].0.time > $0 }) ?? true { latest = events[index].0.time }
        ticket.lastUpdatedAt = latest ?? history.ticketRow?.closed ?? opened
        ticket.closedAt = closedAt
        ticket.customFields = custom
        return (ticket, events)
    }
}
