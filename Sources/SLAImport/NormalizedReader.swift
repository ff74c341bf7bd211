import Foundation
import SLAModel
import SLAEngine

/// Reads the normalized format documented in the README: a tickets file and an events
/// file (CSV or TSV, headers by name), or JSON / JSON Lines with one ticket and its events
/// per object. Instants are ISO 8601; those without an offset are read in the source zone.
public enum NormalizedReader {
    public enum TicketColumn: String, Hashable, CaseIterable, Sendable {
        case number, createdAt = "created_at", subject, requester, requesterEmail = "requester_email", priority
        case department, helpTopic = "help_topic", source, status, slaPlan = "sla_plan", team, agent
        case closedAt = "closed_at", lastUpdatedAt = "last_updated_at", sourceDueAt = "source_due_at"
        case manualDueAt = "manual_due_at"
    }

    public enum EventColumn: String, Hashable, CaseIterable, Sendable {
        case ticketNumber = "ticket_number", time, kind, actor, team, agent, department, status, value
        case previousValue = "previous_value", eventID = "event_id"
    }

    static func synonyms<C: RawRepresentable & CaseIterable & Hashable>(_: C.Type) -> [String: C] where C.RawValue == String {
        Dictionary(uniqueKeysWithValues: C.allCases.map {
            (HeaderMap<C>.normalize($0.rawValue.replacingOccurrences(of: "_", with: " ")), $0)
        })
    }

    public static func isTicketsHeader(_ headers: [String]) -> Bool {
        let map = HeaderMap(headers: headers, synonyms: synonyms(TicketColumn.self))
        return map[.number] != nil && map[.createdAt] != nil
    }

    public static func isEventsHeader(_ headers: [String]) -> Bool {
        let map = HeaderMap(headers: headers, synonyms: synonyms(EventColumn.self))
        return map[.ticketNumber] != nil && map[.time] != nil && map[.kind] != nil
    }

    /// Refuses a header whose values would be lost: a column heading that repeats one an earlier
    /// column already matched (which of the two is meant cannot be told), and, where unknown
    /// columns are not kept as custom fields (events have none), a heading no column matches
    /// (a misspelled `teem` lost every team).
    static func checkHeadings<C: RawRepresentable & CaseIterable>(_ map: HeaderMap<C>, file: String, line: Int,
                                                                 unknownAreCustomFields: Bool) throws(ImportError) where C.RawValue == String {
        if let repeated = map.repeated.first {
            throw .malformed(ImportIssue(
                file: file, line: line, column: repeated.index + 1, columnName: repeated.heading,
                expected: "each column once; column \(repeated.earlier + 1) (\"\(map.headers[repeated.earlier])\") is the same column: remove or rename one"))
        }
        // (A column without a heading, a spreadsheet's trailing separator, is checked row by row: `headinglessColumns`.)
        if !unknownAreCustomFields, let unknown = map.unknown.first(where: { !$0.heading.trimmingWhitespace.isEmpty }) {
            throw .malformed(ImportIssue(
                file: file, line: line, column: unknown.index + 1, columnName: unknown.heading,
                expected: "one of the columns " + C.allCases.map(\.rawValue).joined(separator: ", ")
                    + " (this format keeps no other columns: rename it, or remove it to leave its values out)"))
        }
    }

    public static func readTickets<Sink: ImportSink>(_ reader: DelimitedReader, options: ImportOptions,
                                                     into sink: inout Sink) throws -> ReadSummary {
        let file = reader.source.path
        var summary = ReadSummary(format: .normalizedTickets)
        guard let header = try reader.next() else { throw ImportError.emptyFile(file: file) }
        let headers = header.fields.map { $0 ?? "" }
        let map = HeaderMap(headers: headers, synonyms: synonyms(TicketColumn.self))
        for required in [TicketColumn.number, .createdAt] where map[required] == nil {
            throw ImportError.malformed(ImportIssue(file: file, line: header.line, columnName: required.rawValue,
                                                    expected: "a \"\(required.rawValue)\" column in the header"))
        }
        try checkHeadings(map, file: file, line: header.line, unknownAreCustomFields: true)
        let undescribed = undescribedFields(map)
        let zone = ZoneRules.named(options.sourceZone) ?? .utc
        var seen = DuplicateCheck()
        while let record = try reader.next() {
            summary.rowsRead += 1
            let row = RowReader(file: file, record: record, headers: headers, zone: zone, acceptedYears: options.acceptedYears)
            do {
                try row.requireHeaderWidth()
                var ticket = Ticket(number: try row.requiredText(map[.number]!, what: "a ticket number"),
                                    createdAt: try row.requiredInstant(map[.createdAt]!))
                ticket.undescribedFields = undescribed
                ticket.subject = row.text(map[.subject])
                ticket.requester = row.text(map[.requester])
                ticket.requesterEmail = row.text(map[.requesterEmail])
                ticket.priority = row.text(map[.priority])
                ticket.department = row.text(map[.department])
                ticket.helpTopic = row.text(map[.helpTopic])
                ticket.source = row.text(map[.source])
                ticket.status = row.text(map[.status])
                ticket.slaPlan = row.text(map[.slaPlan])
                ticket.team = row.text(map[.team])
                ticket.agent = row.text(map[.agent])
                // A wall time of the hour a fall-back repeats that would come before the creation is its second occurrence.
                ticket.closedAt = try row.instant(map[.closedAt], after: ticket.createdAt)
                ticket.lastUpdatedAt = try row.instant(map[.lastUpdatedAt], after: ticket.createdAt)
                ticket.sourceDueAt = try row.instant(map[.sourceDueAt])
                ticket.manualDueAt = try row.instant(map[.manualDueAt])
                for (index, heading) in map.unknown {
                    if let value = row.text(index) { ticket.customFields[heading] = value }
                }
                if let closedAt = ticket.closedAt, closedAt < ticket.createdAt {
                    throw row.invalid(map[.closedAt]!, expected: "a closed_at at or after created_at (impossible timeline)")
                }
                if let earlier = seen.conflict(number: ticket.number, content: ticket.hashValue, line: record.line) {
                    throw row.invalid(map[.number]!, expected: "each ticket once per file; this ticket appears earlier, on line \(earlier), with different data")
                }
                try sink.accept(ticket: ticket, line: record.line)
            } catch ImportError.malformed(let issue) where options.onError == .skip {
                summary.rejected.append(issue)
            }
        }
        return summary
    }

    /// The ticket fields a tickets file with these columns does not describe: its optional
    /// columns that are missing (the format lets a file give only some), and what the format has
    /// no column for (osTicket's overdue flag, reopen and thread counts). A ticket it updates keeps
    /// its stored values of these, as another format or an earlier file left them.
    static func undescribedFields(_ map: HeaderMap<TicketColumn>) -> TicketFields {
        var undescribed: TicketFields = [.sourceOverdue, .sourceReopenCount, .threadCount]
        let fields: [(TicketColumn, TicketFields)] = [
            (.subject, .subject), (.requester, .requester), (.requesterEmail, .requesterEmail), (.priority, .priority),
            (.department, .department), (.helpTopic, .helpTopic), (.source, .source), (.status, .status),
            (.slaPlan, .slaPlan), (.team, .team), (.agent, .agent), (.closedAt, .closedAt),
            (.lastUpdatedAt, .lastUpdatedAt), (.sourceDueAt, .sourceDueAt), (.manualDueAt, .manualDueAt),
        ]
        for (column, field) in fields where map[column] == nil { undescribed.insert(field) }
        return undescribed
    }

    public static func readEvents<Sink: ImportSink>(_ reader: DelimitedReader, options: ImportOptions,
                                                    into sink: inout Sink) throws -> ReadSummary {
        let file = reader.source.path
        var summary = ReadSummary(format: .normalizedEvents)
        guard let header = try reader.next() else { throw ImportError.emptyFile(file: file) }
        let headers = header.fields.map { $0 ?? "" }
        let map = HeaderMap(headers: headers, synonyms: synonyms(EventColumn.self))
        for required in [EventColumn.ticketNumber, .time, .kind] where map[required] == nil {
            throw ImportError.malformed(ImportIssue(file: file, line: header.line, columnName: required.rawValue,
                                                    expected: "a \"\(required.rawValue)\" column in the header"))
        }
        try checkHeadings(map, file: file, line: header.line, unknownAreCustomFields: false)
        // The previous row's ticket and time, for a wall time of a fall-back's repeated hour.
        var previous: (ticket: String, time: Instant)?
        var order = RowOrderEvidence()
        // The previous rows' ticket's `created` row, when one came before: no event is earlier.
        var ticketCreated: Instant?
        // Columns without a heading (a trailing separator) must stay empty: a value there would be lost.
        let headinglessColumns = map.unknown.map(\.index)
        let zone = ZoneRules.named(options.sourceZone) ?? .utc
        while let record = try reader.next() {
            summary.rowsRead += 1
            let row = RowReader(file: file, record: record, headers: headers, zone: zone, acceptedYears: options.acceptedYears)
            do {
                try row.requireHeaderWidth()
                for index in headinglessColumns where row.text(index) != nil {
                    throw row.invalid(index, expected: "nothing in a column without a heading (name it one of the event columns, or leave it empty)")
                }
                let kindText = try row.requiredText(map[.kind]!, what: "an event kind")
                guard let kind = EventKind(rawValue: kindText.lowercased()) else {
                    throw row.invalid(map[.kind]!, expected: "one of " + EventKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                // A due date's values are instants, stored as ISO 8601 UTC.
                func value(_ column: EventColumn) throws(ImportError) -> String? {
                    kind == .dueDateChanged ? try row.instant(map[column])?.iso8601 : row.text(map[column])
                }
                let number = try row.requiredText(map[.ticketNumber]!, what: "a ticket number")
                let previousTime = previous?.ticket == number ? previous?.time : nil
                if previousTime == nil { ticketCreated = nil }
                let time = try row.requiredInstant(map[.time]!, after: order.isOldestFirst ? previousTime : ticketCreated)
                if let previousTime { order.record(previous: previousTime, current: time, zone: zone) }
                if kind == .created { ticketCreated = time }
                previous = (number, time)
                let event = LifecycleEvent(
                    ticketNumber: number, time: time, kind: kind, actor: row.text(map[.actor]),
                    team: row.text(map[.team]), agent: row.text(map[.agent]), department: row.text(map[.department]),
                    status: row.text(map[.status]), value: try value(.value),
                    previousValue: try value(.previousValue), identity: row.text(map[.eventID]).map { "id:" + $0 })
                try sink.accept(event: event, line: record.line)
            } catch ImportError.malformed(let issue) where options.onError == .skip {
                summary.rejected.append(issue)
            }
        }
        return summary
    }

    // MARK: JSON

    /// An id written as a JSON string or a JSON number (`"711979"` or `711979`).
    struct JSONIdentifier: Decodable {
        var text: String

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
            } else if let number = try? container.decode(Int64.self) {
                text = String(number)
            } else {
                throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath,
                                                                    debugDescription: "expected a string or a whole number"))
            }
        }
    }

    /// Any key of a JSON object, to find the keys a record has beyond the known ones.
    struct JSONKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A JSON object decoded with its synthesized `Decodable`, whose keys are also checked (`KeyChecked`).
    protocol KeyCheckedRecord: Decodable {
        associatedtype Keys: CodingKey & CaseIterable
        /// Whether an unknown key with a text, number or boolean value is kept (a custom field)
        /// rather than refused.
        static var keepsUnknownScalars: Bool { get }
    }

    /// A record and the keys no field of it reads, which are never dropped: with
    /// `keepsUnknownScalars`, a text, number or boolean is kept (as the CSV readers keep unknown
    /// columns); anything else (a misspelled `evnts` list, an unknown key of an event) is an
    /// `UnknownJSONKey` error.
    struct KeyChecked<Record: KeyCheckedRecord>: Decodable {
        var record: Record
        var unknown: [String: String] = [:]

        init(from decoder: Decoder) throws {
            record = try Record(from: decoder)
            let all = try decoder.container(keyedBy: JSONKey.self)
            for key in all.allKeys where Record.Keys(stringValue: key.stringValue) == nil {
                if try all.decodeNil(forKey: key) { continue }
                if Record.keepsUnknownScalars {
                    if let text = try? all.decode(String.self, forKey: key) { unknown[key.stringValue] = text; continue }
                    if let number = try? all.decode(Int64.self, forKey: key) { unknown[key.stringValue] = String(number); continue }
                    if let number = try? all.decode(Double.self, forKey: key) { unknown[key.stringValue] = String(number); continue }
                    if let flag = try? all.decode(Bool.self, forKey: key) { unknown[key.stringValue] = String(flag); continue }
                }
                throw UnknownJSONKey(codingPath: decoder.codingPath + [key], key: key.stringValue, known: Record.Keys.allCases.map(\.stringValue),
                                     keepsScalars: Record.keepsUnknownScalars)
            }
        }
    }

    /// A key no field reads, with a value that cannot be kept as a custom field.
    struct UnknownJSONKey: Error, CustomStringConvertible {
        /// The key's path, the key last.
        var codingPath: [CodingKey]
        var key: String
        var known: [String]
        var keepsScalars: Bool

        var description: String { description(at: NormalizedReader.pathText(codingPath)) }

        func description(at path: String) -> String {
            "unknown key \"\(key)\"" + (keepsScalars ? " with a list or object value" : "")
                + " (known: " + known.joined(separator: ", ") + ") at " + path
        }
    }

    struct JSONTicket: KeyCheckedRecord {
        var number: JSONIdentifier
        var created_at: String
        var subject: String?
        var requester: String?
        var requester_email: String?
        var priority: String?
        var department: String?
        var help_topic: String?
        var source: String?
        var status: String?
        var sla_plan: String?
        var team: String?
        var agent: String?
        var closed_at: String?
        var last_updated_at: String?
        var source_due_at: String?
        var manual_due_at: String?
        var events: [KeyChecked<JSONEvent>]?

        typealias Keys = CodingKeys
        static var keepsUnknownScalars: Bool { true }
        enum CodingKeys: String, CodingKey, CaseIterable {
            case number, created_at, subject, requester, requester_email, priority, department, help_topic, source, status
            case sla_plan, team, agent, closed_at, last_updated_at, source_due_at, manual_due_at, events
        }
    }

    struct JSONEvent: KeyCheckedRecord {
        var time: String
        var kind: String
        var actor: String?
        var team: String?
        var agent: String?
        var department: String?
        var status: String?
        var value: String?
        var previous_value: String?
        var event_id: JSONIdentifier?

        typealias Keys = CodingKeys
        static var keepsUnknownScalars: Bool { false }
        enum CodingKeys: String, CodingKey, CaseIterable {
            case time, kind, actor, team, agent, department, status, value, previous_value, event_id
        }
    }

    /// Largest JSON array document (it is decoded whole; JSON Lines stream instead).
    public static let maximumJSONArrayBytes = 256 << 20

    /// Reads JSON Lines (one ticket object per line, streamed) or a JSON array of ticket objects.
    public static func readJSON<Sink: ImportSink>(_ source: ByteSource, options: ImportOptions,
                                                  into sink: inout Sink) throws -> ReadSummary {
        var summary = ReadSummary(format: .normalizedJSON)
        let zone = ZoneRules.named(options.sourceZone) ?? .utc
        let decoder = JSONDecoder()
        var line = 1
        var buffer: [UInt8] = []
        // Skip whitespace to see whether this is an array or JSON Lines.
        while let byte = source.peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0xEF || byte == 0xBB || byte == 0xBF {
            if byte == 0x0A { line += 1 }
            _ = source.next()
        }
        var check = JSONTextCheck()
        func refuse(_ problem: JSONTextCheck.Problem, at line: Int) -> ImportError {
            .malformed(ImportIssue(file: source.path, line: line, expected: JSONTextCheck.expectation(problem)))
        }
        var order = RowOrderEvidence()
        if source.peek() == UInt8(ascii: "[") {
            // A JSON array is one document; read it whole (use JSON Lines for large files).
            var at = line
            // The line each ticket object starts on, so an error names its line, not the array's.
            var elementLines = ArrayElementLines()
            while let byte = source.next() {
                if let problem = check.feed(byte) { throw refuse(problem, at: at) }
                elementLines.feed(byte, line: at)
                if byte == 0x0A { at += 1 }
                buffer.append(byte)
                if buffer.count > maximumJSONArrayBytes {
                    throw ImportError.malformed(ImportIssue(
                        file: source.path, line: line,
                        expected: "a JSON array of at most \(maximumJSONArrayBytes >> 20) MiB (write larger files as JSON Lines, one ticket per line)"))
                }
            }
            try failIfTruncated(source)
            let tickets: [KeyChecked<JSONTicket>]
            do { tickets = try decoder.decode([KeyChecked<JSONTicket>].self, from: Data(buffer)) } catch {
                throw decodingFailure(error, in: buffer, file: source.path, firstLine: line, elementLines: elementLines.lines)
            }
            for (index, ticket) in tickets.enumerated() {
                summary.rowsRead += 1
                do {
                    let start = index < elementLines.lines.count ? elementLines.lines[index] : line
                    try accept(ticket, file: source.path, line: start, item: index + 1, zone: zone, acceptedYears: options.acceptedYears,
                               order: &order, into: &sink)
                } catch ImportError.malformed(let issue) where options.onError == .skip {
                    summary.rejected.append(issue)
                }
            }
            return summary
        }
        var startLine = line
        func flush(_ sink: inout Sink) throws {
            defer { buffer.removeAll(keepingCapacity: true) }
            guard buffer.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return }
            summary.rowsRead += 1
            do {
                let ticket: KeyChecked<JSONTicket>
                do { ticket = try decoder.decode(KeyChecked<JSONTicket>.self, from: Data(buffer)) } catch {
                    throw decodingFailure(error, in: buffer, file: source.path, firstLine: startLine, elementLines: nil)
                }
                try accept(ticket, file: source.path, line: startLine, item: nil, zone: zone, acceptedYears: options.acceptedYears,
                               order: &order, into: &sink)
            } catch ImportError.malformed(let issue) where options.onError == .skip {
                summary.rejected.append(issue)
            }
        }
        while let byte = source.next() {
            if byte == 0x0A {
                try flush(&sink)
                line += 1
                startLine = line
                check = JSONTextCheck()
            } else {
                if let problem = check.feed(byte) { throw refuse(problem, at: line) }
                buffer.append(byte)
                if buffer.count > DelimitedReader.maximumRecordBytes {
                    throw ImportError.malformed(ImportIssue(
                        file: source.path, line: startLine,
                        expected: "a JSON Lines record of at most \(DelimitedReader.maximumRecordBytes >> 20) MiB"))
                }
            }
        }
        try flush(&sink)
        try failIfTruncated(source)
        return summary
    }

    /// A corrupt or truncated `.gz` ends the byte stream early; say so instead of importing half.
    static func failIfTruncated(_ source: ByteSource) throws(ImportError) {
        if let error = source.readError {
            throw .unreadable(file: source.path, reason: "\(error) (a truncated or corrupt .gz file?)")
        }
    }

    /// The import error for a JSON document (an array, or one JSON Lines record starting on
    /// `firstLine`) that did not decode: at the line and column where its text breaks the JSON
    /// grammar, else at the line its ticket object starts on (`elementLines`, for an array) with
    /// the key's path (`events[1].time`).
    static func decodingFailure(_ error: Error, in text: [UInt8], file: String, firstLine: Int, elementLines: [Int]?) -> ImportError {
        let what = elementLines == nil ? "one JSON ticket object per line" : "a JSON array of ticket objects"
        if let broken = JSONSyntaxLocator.firstBreak(in: text, firstLine: firstLine) {
            return .malformed(ImportIssue(file: file, line: broken.line, column: broken.column,
                                          expected: "\(what): not JSON here; expected \(broken.expected)"))
        }
        var path = codingPath(of: error)
        var line = firstLine
        var place = ""
        if let elementLines, let index = path.first?.intValue {
            // The array's element: its line and number, and the path inside it.
            path.removeFirst()
            if index < elementLines.count { line = elementLines[index] }
            place = "ticket #\(index + 1) of the array: "
        }
        return .malformed(ImportIssue(file: file, line: line, expected: place + "\(what) (\(describe(error, at: path)))"))
    }

    /// The path of the value a decoding error is about (a missing key's: its object's).
    static func codingPath(of error: Error) -> [CodingKey] {
        switch error {
        case DecodingError.keyNotFound(_, let context), DecodingError.typeMismatch(_, let context),
             DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            return context.codingPath
        case let unknown as UnknownJSONKey: return unknown.codingPath
        default: return []
        }
    }

    /// A key path as written in JavaScript: `events[1].time`.
    static func pathText(_ path: [CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text
    }

    /// What went wrong at `path` (the error's own path, less what the caller has said already).
    static func describe(_ error: Error, at path: [CodingKey]) -> String {
        let at = path.isEmpty ? "" : " at \(pathText(path))"
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing key \"\(key.stringValue)\"" + at
        case DecodingError.typeMismatch, DecodingError.valueNotFound: return "wrong type" + at
        case let unknown as UnknownJSONKey: return unknown.description(at: pathText(path))
        default: return "invalid JSON" + at
        }
    }

    /// `, a time the clocks skipped in Europe/Berlin, read as 2025-03-30 03:30:00` when `text` is a
    /// wall time a spring-forward skipped (else empty): the error then reads as it should.
    static func skippedNote(_ text: String, _ instant: Instant, in zone: ZoneRules) -> String {
        guard let parsed = TimestampParser.parse(text), parsed.offset == nil, case .gap = zone.resolve(parsed.local) else { return "" }
        return ", a time the clocks skipped in \(zone.identifier), read as \(zone.localTime(of: instant).sqlStyle)"
    }

    static func accept<Sink: ImportSink>(_ checked: KeyChecked<JSONTicket>, file: String, line: Int, item: Int?, zone: ZoneRules,
                                         acceptedYears: AcceptedYears, order: inout RowOrderEvidence, into sink: inout Sink) throws {
        let json = checked.record
        let place = item.map { "ticket #\($0) of the array: " } ?? ""
        func instant(_ text: String?, _ key: String, after previous: Instant? = nil) throws(ImportError) -> Instant? {
            guard let text, !text.isEmpty else { return nil }
            guard let parsed = TimestampParser.parse(text) else {
                throw .malformed(ImportIssue(file: file, line: line, columnName: key, value: text,
                                             expected: place + "an ISO 8601 date-time such as 2025-08-05T15:58:40-04:00"))
            }
            guard let instant = acceptedYears.instant(of: parsed, in: zone, after: previous) else {
                throw .malformed(ImportIssue(file: file, line: line, columnName: key, value: text,
                                             expected: place + acceptedYears.expectation))
            }
            return instant
        }
        guard let createdAt = try instant(json.created_at, "created_at") else {
            throw ImportError.malformed(ImportIssue(file: file, line: line, columnName: "created_at",
                                                    expected: place + "a created_at date-time; it may not be empty"))
        }
        var ticket = Ticket(number: json.number.text, createdAt: createdAt)
        ticket.subject = json.subject
        ticket.requester = json.requester
        ticket.requesterEmail = json.requester_email
        ticket.priority = json.priority
        ticket.department = json.department
        ticket.helpTopic = json.help_topic
        ticket.source = json.source
        ticket.status = json.status
        ticket.slaPlan = json.sla_plan
        ticket.team = json.team
        ticket.agent = json.agent
        ticket.closedAt = try instant(json.closed_at, "closed_at", after: ticket.createdAt)
        ticket.lastUpdatedAt = try instant(json.last_updated_at, "last_updated_at", after: ticket.createdAt)
        ticket.sourceDueAt = try instant(json.source_due_at, "source_due_at")
        ticket.manualDueAt = try instant(json.manual_due_at, "manual_due_at")
        ticket.customFields = checked.unknown
        if let closedAt = ticket.closedAt, closedAt < ticket.createdAt {
            throw ImportError.malformed(ImportIssue(file: file, line: line, columnName: "closed_at", value: json.closed_at,
                                                    expected: place + "closed_at at or after created_at (impossible timeline)"))
        }
        var events: [LifecycleEvent] = []
        for (index, event) in (json.events ?? []).map(\.record).enumerated() {
            guard let kind = EventKind(rawValue: event.kind.lowercased()) else {
                throw ImportError.malformed(ImportIssue(
                    file: file, line: line, columnName: "events[\(index)].kind", value: event.kind,
                    expected: place + "one of " + EventKind.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            // After the ticket's creation, and after its previous event when the file lists events oldest
            // first: see `RowOrderEvidence`.
            let previous = events.last?.time
            guard let time = try instant(event.time, "events[\(index)].time",
                                         after: order.isOldestFirst ? previous ?? ticket.createdAt : ticket.createdAt) else {
                throw ImportError.malformed(ImportIssue(file: file, line: line, columnName: "events[\(index)].time",
                                                        expected: place + "an event time; it may not be empty"))
            }
            if let previous { order.record(previous: previous, current: time, zone: zone) }
            if time < ticket.createdAt {
                throw ImportError.malformed(ImportIssue(
                    file: file, line: line, columnName: "events[\(index)].time", value: event.time,
                    expected: place + "an event at or after the ticket's created_at \(json.created_at)\(skippedNote(json.created_at, ticket.createdAt, in: zone)) (impossible timeline: a \(kind.rawValue) before the ticket was created)"))
            }
            events.append(LifecycleEvent(
                ticketNumber: json.number.text, time: time, kind: kind,
                actor: event.actor, team: event.team, agent: event.agent, department: event.department,
                status: event.status,
                value: kind == .dueDateChanged ? try instant(event.value, "events[\(index)].value")?.iso8601 : event.value,
                previousValue: kind == .dueDateChanged
                    ? try instant(event.previous_value, "events[\(index)].previous_value")?.iso8601 : event.previous_value,
                identity: event.event_id.map { "id:" + $0.text }))
        }
        try sink.accept(ticket: ticket, line: line)
        for event in events { try sink.accept(event: event, line: line) }
    }
}
