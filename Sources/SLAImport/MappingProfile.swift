import Foundation
import SLAModel
import SLAEngine

/// A mistake in a mapping profile, with the key path it is at and, when the key is in the
/// file, its line and column there.
public struct ProfileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var path: String
    public var message: String
    /// 1-based line and column of the key (or of the nearest enclosing key, for a missing one).
    public var line: Int?
    public var column: Int?

    public var description: String {
        let place = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
        return "\(file)\(place): \(path.isEmpty ? "" : "at \(path): ")\(message)"
    }
}

/// Where a ticket or event field comes from in a profiled file: one or more columns (joined),
/// optionally mapped through a table or given a prefix.
public struct ColumnSpec: Sendable, Hashable {
    /// Column headings, as in the file's header.
    public var columns: [String]
    /// Joins the values of several columns (empty values are left out).
    public var separator: String
    /// Prepended to every value (`Workgroup ` + `Value 3`).
    public var prefix: String?
    /// Source value -> value; `"*"` is the value for anything not listed. Without `"*"`,
    /// an unlisted value is an error.
    public var map: [String: String]?
    /// Values that mean "no value" in this column only (besides the file-wide `null_values`).
    public var nullValues: Set<String> = []
    /// A ticket file's time given as a number of these units after the ticket opened (Zendesk's
    /// "First reply time in minutes", Freshdesk's "First response time (in hrs)"), not an instant.
    public var afterOpened: DurationUnit?

    public enum DurationUnit: String, Sendable, Hashable, CaseIterable {
        case seconds, minutes, hours

        public var seconds: Double {
            switch self {
            case .seconds: return 1
            case .minutes: return 60
            case .hours: return 3600
            }
        }
    }

    public init(columns: [String], separator: String = "/", prefix: String? = nil, map: [String: String]? = nil,
                nullValues: Set<String> = [], afterOpened: DurationUnit? = nil) {
        self.columns = columns
        self.separator = separator
        self.prefix = prefix
        self.map = map
        self.nullValues = nullValues
        self.afterOpened = afterOpened
    }
}

/// What a source status (or activity) means for the lifecycle.
public struct StatusRule: Sendable, Hashable {
    /// The lifecycle state the ticket is in after a row with this status; nil keeps the state
    /// (an activity that does not change it, such as "Assign seriousness").
    public var state: LifecycleState?
    /// The event kind such a row becomes when no state change decides it (e.g. `claimed`).
    public var kind: EventKind?

    public init(state: LifecycleState?, kind: EventKind? = nil) {
        self.state = state
        self.kind = kind
    }
}

/// A mapping profile: how to read another help-desk system's event log (one row per event,
/// activity or state snapshot of a case) into tickets and lifecycle events.
///
/// The rows of a case may come in any order and spread over the file: they are ordered by
/// time, then the `tie_break` column, then file order. Every row becomes exactly one
/// event (see `ProfileReader` for how its kind is derived), and every case one ticket.
public struct MappingProfile: Sendable {
    /// Times a ticket file may read from several columns, the first of them that is filled
    /// (Freshdesk's "Resolved time", else its "Closed time").
    static let firstFilledFields: Set<Field> = [.closed, .firstResponse]

    public enum Field: String, CaseIterable, Sendable {
        case caseID = "case", time, status, subStatus = "sub_status", team, agent, actor, priority, plan
        case department, subject, requester
        /// Orders a case's rows that share a time (an activity number); numbers sort as numbers.
        case tieBreak = "tie_break"
        /// When the ticket was opened (a ticket file's row; an audit log's column on every row).
        case opened
        /// When the ticket was closed (a ticket file's row).
        case closed
        /// When the ticket got its first response (a ticket file's row): a `response` event.
        case firstResponse = "first_response"
        /// The ticket's category (its help topic).
        case category
        /// Under `rows: changes`: the name of the field a row changed, and its new value.
        case field, value
    }

    /// The fields a `rows: changes` row may set, by the name `fields:` maps a source field to.
    public static let changeableFields: [Field] = [.status, .team, .agent, .department, .priority, .plan, .subject, .requester, .category]
    /// The columns an activity file names under `rows: changes` (the rest comes from `fields:`).
    static let changeRowColumns: Set<Field> = [.caseID, .time, .field, .value, .actor, .tieBreak, .opened]

    /// A kind of file a source exports, and which files are of it (see `roles`).
    public struct FileRole: Sendable {
        public enum Kind: String, Sendable {
            /// One row per event, activity or saved version of a case.
            case activities
            /// One row per ticket: its id, opened, first response and closed instants, status,
            /// priority, team, custom fields.
            case tickets
        }
        public var name: String
        public var kind: Kind
        /// A glob on the file's name (`*closed*.csv`); nil matches any file.
        public var match: String?
        public var columns: [Field: ColumnSpec]
        public var customFields: [String]

        public init(name: String, kind: Kind, match: String?, columns: [Field: ColumnSpec], customFields: [String]) {
            self.name = name
            self.kind = kind
            self.match = match
            self.columns = columns
            self.customFields = customFields
        }

        /// Whether the file at `path` has this role (its file name matches `match`).
        public func matches(path: String) -> Bool {
            guard let match else { return true }
            let name = URL(fileURLWithPath: path).lastPathComponent
            return fnmatch(match, name, 0) == 0
        }
    }

    /// The kinds of files the source exports, in the order they are tried against a file's
    /// name. Without a `files:` section: one activities role with the profile's columns.
    public var roles: [FileRole] = []

    /// The role of the file at `path`: the first whose `match` fits its name.
    public func role(forFile path: String) -> FileRole? {
        if roles.isEmpty {
            return FileRole(name: "activities", kind: .activities, match: nil, columns: columns, customFields: customFields)
        }
        return roles.first { $0.matches(path: path) }
    }

    public var name: String
    public var description: String?
    public var source: String?
    public var encoding: TextEncoding
    /// nil: detected from the header line.
    public var delimiter: UInt8?
    /// Whether fields may be `"`-quoted (RFC 4180).
    public var quoted: Bool
    /// Values that mean "no value" (the empty string always does).
    public var nullValues: Set<String>
    public var dateFormat: DateFormat
    /// The zone of date-times written without an offset.
    public var zone: String
    public var columns: [Field: ColumnSpec]
    /// Extra columns kept on the ticket (last non-empty value of the case), by heading.
    public var customFields: [String]
    /// Status (or `Status/Sub Status`, or activity) -> rule. `"*"` is the rule for anything else.
    public var statuses: [String: StatusRule]
    /// The status label of a case whose first row does not set one.
    public var initialStatus: String
    /// The key the profile maps its statuses under (`statuses` or `activities`), for messages.
    public var statusesKey = "statuses"
    /// Rows left out of the import (counted and reported): a row whose column (by heading) has
    /// one of the values.
    public var skipRows: [(column: String, values: Set<String>)] = []
    /// When set, only rows with one of these statuses (activities) hand the case to another
    /// team; a team column changing on other rows is not a hand-off. nil: any team change is.
    public var handoffStatuses: Set<String>?
    /// When set, the rows with one of these statuses (activities) are the reopens; a case going
    /// back from resolved or closed on another row is a status change. nil: any such return is.
    public var reopenStatuses: Set<String>?
    /// Each row is a saved version of the record (an audit log), not one event: a row gives one
    /// event per thing it changed (state, plan, priority, holder). `rows: snapshots` in YAML.
    public var snapshotRows = false
    /// Each row is one changed field of a record (ServiceNow's `sys_audit`, a Jira changelog):
    /// its `field` column names the field, `value` holds the new value. `rows: changes` in YAML.
    public var changeRows = false
    /// Under `rows: changes`: source field name -> the field it sets (`fields:`); rows of other
    /// fields are counted and left out.
    public var changedFields: [String: Field] = [:]

    /// The rule for a status key: exact, then case-insensitive, then its part before the
    /// separator (`Accepted` for `Accepted/Wait`), then `"*"`.
    public func rule(forStatus key: String) -> StatusRule? {
        if let rule = statuses[key] { return rule }
        if let rule = lowercasedStatuses[key.lowercased()] { return rule }
        if let separator = columns[.status]?.separator, !separator.isEmpty, let range = key.range(of: separator),
           let rule = lowercasedStatuses[String(key[..<range.lowerBound]).lowercased()] {
            return rule
        }
        return statuses["*"]
    }

    private var lowercasedStatuses: [String: StatusRule] = [:]

    public init(name: String, encoding: TextEncoding = .utf8, delimiter: UInt8? = nil, quoted: Bool = true,
                nullValues: Set<String> = [], dateFormat: DateFormat = .iso, zone: String = "UTC",
                columns: [Field: ColumnSpec], customFields: [String] = [], statuses: [String: StatusRule],
                initialStatus: String = "Open") {
        self.name = name
        self.encoding = encoding
        self.delimiter = delimiter
        self.quoted = quoted
        self.nullValues = nullValues
        self.dateFormat = dateFormat
        self.zone = zone
        self.columns = columns
        self.customFields = customFields
        self.statuses = statuses
        self.initialStatus = initialStatus
        lowercasedStatuses = Dictionary(statuses.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    // MARK: Loading

    public static func load(path: String) throws -> MappingProfile {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ProfileError(file: path, path: "", message: FileReadFailure.reason(path: path, error))
        }
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(text, file: path, defaultName: fallbackName)
    }

    /// Parses a profile from YAML (or JSON). The format is documented in the README
    /// ("Mapping profiles"); `sample-data/profiles/` holds annotated examples.
    public static func parse(_ yaml: String, file: String, defaultName: String = "profile") throws -> MappingProfile {
        let document: YAMLDocument
        do { document = try YAMLDocument(yaml, file: file) } catch {
            let place = [error.line, error.column].compactMap { $0.map(String.init) }.joined(separator: ":")
            throw ProfileError(file: file, path: error.path, message: (place.isEmpty ? "" : "line \(place): ") + error.message)
        }
        let root = document.value
        // The document's own nodes: composed once, already bounded against alias bombs.
        let marks = YAMLKeyMarks.marks(of: document.root)
        func fail(_ path: String, _ message: String) -> ProfileError {
            let mark = YAMLKeyMarks.mark(path, in: marks)
            return ProfileError(file: file, path: path, message: message, line: mark?.line, column: mark?.column)
        }
        guard let map = root as? [String: Any] else {
            throw fail("", "expected a mapping with columns and statuses")
        }
        /// Keys a user may put at the wrong level, and where they belong.
        let belongs: [String: String] = [
            "encoding": "file", "delimiter": "file", "quote": "file", "null_values": "file (or a column's {column:, null_values:})",
            "format": "time", "zone": "time", "case": "columns", "time": "columns", "status": "columns", "team": "columns",
            "agent": "columns", "priority": "columns", "plan": "columns", "opened": "columns", "tie_break": "columns",
            "kind": "files.ROLE", "match": "files.ROLE", "map": "a column's {column:, map:}", "prefix": "a column's {column:, prefix:}",
        ]
        /// Rejects a key this level does not know (the first in the file), saying where it belongs if elsewhere.
        func checkKeys(_ mapping: [String: Any], allowed: [String], at path: String) throws {
            let prefix = path.isEmpty ? "" : path + "."
            let unknown = mapping.keys.filter { !allowed.contains($0) }
                .sorted { (YAMLKeyMarks.mark(prefix + $0, in: marks)?.line ?? 0, $0) < (YAMLKeyMarks.mark(prefix + $1, in: marks)?.line ?? 0, $1) }
            guard let key = unknown.first else { return }
            var message = "unknown key (expected " + allowed.joined(separator: ", ") + ")"
            if let home = belongs[key], home != path {
                message += "; \(key) belongs under \(home)"
            } else if let near = YAMLDocument.nearest(to: key, among: allowed) {
                message += " (did you mean \"\(near)\"?)"
            }
            throw fail(prefix + key, message)
        }
        try checkKeys(map, allowed: ["name", "description", "source", "file", "time", "rows", "columns", "custom_fields", "statuses",
                                     "activities", "initial_status", "plans", "files", "skip_rows", "handoffs", "reopens", "fields"], at: "")
        if map["statuses"] != nil && map["activities"] != nil {
            throw fail("activities", "a profile has statuses or activities (the same thing under two names), not both")
        }
        func string(_ value: Any?) -> String? {
            switch value {
            case let string as String: return string
            case let int as Int: return String(int)
            case let double as Double: return String(double)
            case let bool as Bool: return bool ? "true" : "false"
            default: return nil
            }
        }

        // file: encoding, delimiter, quote, null_values
        let fileMap = (map["file"] as? [String: Any]) ?? [:]
        if map["file"] != nil && map["file"] as? [String: Any] == nil { throw fail("file", "expected a mapping") }
        try checkKeys(fileMap, allowed: ["encoding", "delimiter", "quote", "null_values"], at: "file")
        var encoding = TextEncoding.utf8
        if let name = fileMap["encoding"] {
            guard let value = string(name).flatMap(TextEncoding.init(name:)) else {
                throw fail("file.encoding", "expected utf-8, latin-1 (ISO-8859-1) or windows-1252")
            }
            encoding = value
        }
        var delimiter: UInt8?
        if let value = fileMap["delimiter"] {
            switch string(value) {
            case "auto": delimiter = nil
            case ",": delimiter = UInt8(ascii: ",")
            case ";": delimiter = UInt8(ascii: ";")
            case "\t", "\\t", "tab": delimiter = UInt8(ascii: "\t")
            case "|": delimiter = UInt8(ascii: "|")
            default: throw fail("file.delimiter", "expected \",\", \";\", \"\\t\" (tab), \"|\" or auto")
            }
        }
        var quoted = true
        if let value = fileMap["quote"] {
            switch string(value) {
            case "\"": quoted = true
            case "none", "false", "": quoted = false
            default: throw fail("file.quote", "expected '\"' or none")
            }
        }
        var nullValues: Set<String> = []
        if let value = fileMap["null_values"] {
            guard let list = value as? [Any] else { throw fail("file.null_values", "expected a list such as [\"\", \"NULL\", \"-\"]") }
            for item in list {
                // YAML reads an unquoted NULL, null or ~ as "no value", not as the text.
                guard let text = string(item) else {
                    throw fail("file.null_values", "quote each null marker, e.g. [\"\", \"NULL\", \"-\"] (an unquoted NULL is YAML's null, not the text)")
                }
                nullValues.insert(text)
            }
        }

        // time: format, zone
        let timeMap = (map["time"] as? [String: Any]) ?? [:]
        if map["time"] != nil && map["time"] as? [String: Any] == nil { throw fail("time", "expected {format:, zone:}") }
        try checkKeys(timeMap, allowed: ["format", "zone"], at: "time")
        var dateFormat = DateFormat.iso
        if let value = timeMap["format"] {
            guard let pattern = string(value) else { throw fail("time.format", "expected iso, unix or a pattern") }
            do { dateFormat = try DateFormat(pattern) } catch { throw fail("time.format", error.description) }
        }
        let zone = string(timeMap["zone"]) ?? "UTC"
        guard ZoneRules.named(zone) != nil else {
            throw fail("time.zone", "unknown time zone \"\(zone)\" (expected an IANA name such as Europe/Rome)")
        }

        // columns (of the activity files; a ticket file's role names its own)
        func parseColumns(_ value: Any?, at prefix: String) throws -> [Field: ColumnSpec] {
            guard let columnMap = value as? [String: Any] else {
                throw fail(prefix, "expected a mapping naming at least the case, time and status columns")
            }
            var columns: [Field: ColumnSpec] = [:]
            for (key, value) in columnMap {
                guard let field = Field(rawValue: key) else {
                    throw fail("\(prefix).\(key)", "unknown field (expected " + Field.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                }
                let path = "\(prefix).\(key)"
                if let single = string(value) {
                    columns[field] = ColumnSpec(columns: [single])
                } else if let list = value as? [Any] {
                    let names = list.compactMap { string($0) }
                    guard !names.isEmpty, names.count == list.count else { throw fail(path, "expected a list of column headings") }
                    columns[field] = ColumnSpec(columns: names)
                } else if let spec = value as? [String: Any] {
                    try checkKeys(spec, allowed: ["column", "columns", "separator", "prefix", "map", "null_values", "after_opened"], at: path)
                    var columnNulls: Set<String> = []
                    if let list = spec["null_values"] {
                        guard let items = list as? [Any], let texts = Optional(items.compactMap { string($0) }), texts.count == items.count else {
                            throw fail("\(path).null_values", "expected a list of quoted values, e.g. [\"?\", \"-\"]")
                        }
                        columnNulls = Set(texts)
                    }
                    var names: [String] = []
                    if let single = string(spec["column"]) { names = [single] }
                    if let list = spec["columns"] as? [Any] { names += list.compactMap { string($0) } }
                    guard !names.isEmpty else { throw fail(path, "expected column: HEADING (or columns: [A, B])") }
                    var mapping: [String: String]?
                    if let table = spec["map"] {
                        guard let dictionary = table as? [String: Any] else { throw fail("\(path).map", "expected a mapping of source value -> value") }
                        mapping = [:]
                        for (from, to) in dictionary {
                            guard let target = string(to) else { throw fail("\(path).map.\(from)", "expected text") }
                            mapping![from] = target
                        }
                    }
                    // A key that would change nothing is a mistake the user should hear about.
                    if spec["separator"] != nil && names.count < 2 && field != .status {
                        throw fail("\(path).separator", "separator joins several columns; this field reads one")
                    }
                    if spec["separator"] != nil && Self.firstFilledFields.contains(field) {
                        throw fail("\(path).separator", "\(field.rawValue) takes the first of its columns that is filled; nothing is joined")
                    }
                    if field == .subStatus, spec["map"] != nil || spec["prefix"] != nil {
                        throw fail("\(path).\(spec["map"] != nil ? "map" : "prefix")", "sub_status is joined to the status, which the statuses: table maps; map or prefix the status instead")
                    }
                    var afterOpened: ColumnSpec.DurationUnit?
                    if let unit = spec["after_opened"] {
                        let units = ColumnSpec.DurationUnit.allCases.map(\.rawValue).joined(separator: ", ")
                        guard Self.firstFilledFields.contains(field) else {
                            throw fail("\(path).after_opened", "only a ticket file's closed or first_response may be a duration after the opened time")
                        }
                        guard let name = string(unit), let parsed = ColumnSpec.DurationUnit(rawValue: name) else {
                            throw fail("\(path).after_opened", "expected the unit of the column's numbers: \(units)")
                        }
                        afterOpened = parsed
                    }
                    columns[field] = ColumnSpec(columns: names, separator: string(spec["separator"]) ?? "/",
                                                prefix: string(spec["prefix"]), map: mapping, nullValues: columnNulls,
                                                afterOpened: afterOpened)
                } else {
                    throw fail(path, "expected a column heading, a list of headings, or {column:, map:, prefix:}")
                }
            }
            for single in [Field.caseID, .time, .tieBreak, .opened, .closed, .firstResponse] {
                guard let spec = columns[single] else { continue }
                if spec.columns.count != 1 && !Self.firstFilledFields.contains(single) {
                    throw fail("\(prefix).\(single.rawValue)", "expected one column heading")
                }
                if spec.map != nil || spec.prefix != nil {
                    throw fail("\(prefix).\(single.rawValue).\(spec.map != nil ? "map" : "prefix")",
                               "\(single.rawValue) is read as it is (an id, a time or a number): no map or prefix")
                }
            }
            return columns
        }
        // How a row reads (decided first: the columns an activity file needs depend on it).
        var snapshotRows = false, changeRows = false
        if let rowsValue = map["rows"] {
            switch string(rowsValue) {
            case "events": break
            case "snapshots": snapshotRows = true
            case "changes": changeRows = true
            default: throw fail("rows", "expected events (one row per event or activity), snapshots (one row per saved version of the record) or changes (one row per changed field: its name and new value)")
            }
        }
        let requiredActivityColumns: [Field] = changeRows ? [.caseID, .time, .field, .value] : [.caseID, .time, .status]
        func checkChangeColumns(_ columns: [Field: ColumnSpec], at path: String) throws {
            if changeRows {
                for field in columns.keys where !Self.changeRowColumns.contains(field) {
                    throw fail("\(path).\(field.rawValue)", field == .status
                        ? "under rows: changes the status is a field a row changes: map its name to status under fields: (fields: {state: status})"
                        : "under rows: changes a row sets the field its field column names: map that name to \(field.rawValue) under fields:")
                }
            } else if let field = [Field.field, .value].first(where: { columns[$0] != nil }) {
                throw fail("\(path).\(field.rawValue)", "a field name and a new value per row are read under rows: changes")
            }
        }
        // A source exporting only ticket files (one row per ticket) needs no activity columns.
        let rolesSpec = map["files"] as? [String: Any]
        let onlyTicketFiles = rolesSpec.map { roles in
            !roles.isEmpty && roles.values.allSatisfy { string(($0 as? [String: Any])?["kind"]) == FileRole.Kind.tickets.rawValue }
        } ?? false
        guard map["columns"] != nil || onlyTicketFiles else {
            throw fail("columns", "expected a mapping naming at least the case, time and status columns")
        }
        var columns = map["columns"] == nil ? [:] : try parseColumns(map["columns"], at: "columns")
        // `plans:` at the top level is the plan column's map.
        if let plans = map["plans"] {
            guard let dictionary = plans as? [String: Any], var spec = columns[.plan] else {
                throw fail("plans", "expected a mapping of source value -> plan name, and a columns.plan column")
            }
            var mapping = spec.map ?? [:]
            for (from, to) in dictionary {
                guard let target = string(to) else { throw fail("plans.\(from)", "expected a plan name") }
                mapping[from] = target
            }
            spec.map = mapping
            columns[.plan] = spec
        }
        try checkChangeColumns(columns, at: "columns")
        for required in requiredActivityColumns where map["columns"] != nil && columns[required] == nil {
            throw fail("columns.\(required.rawValue)", changeRows
                ? "missing; under rows: changes a profile names at least the case, time, field and value columns"
                : "missing; a profile names at least the case, time and status columns")
        }
        if let subStatus = columns[.subStatus] {
            // `sub_status` joins the status: `Accepted` + `Wait - User` -> `Accepted/Wait - User`.
            columns[.status]!.columns += subStatus.columns
            columns[.subStatus] = nil
        }
        if columns[.closed] != nil {
            throw fail("columns.closed", "an activity file's rows say when a case closes by their status; closed belongs to a ticket file's columns (files:)")
        }
        if columns[.firstResponse] != nil {
            throw fail("columns.first_response", "an activity file's rows give responses by a status's kind (Reply: {state: open, kind: response}); first_response belongs to a ticket file's columns (files:)")
        }

        var customFields: [String] = []
        if let list = map["custom_fields"] {
            guard let items = list as? [Any] else { throw fail("custom_fields", "expected a list of column headings") }
            customFields = items.compactMap { string($0) }
        }

        // statuses (or activities): every profile that reads a status column maps them; only
        // ticket files without a status column read none.
        let statusValue = map["statuses"] ?? map["activities"]
        let statusMap: [String: Any]
        if let given = statusValue as? [String: Any], !given.isEmpty {
            statusMap = given
        } else if statusValue == nil && onlyTicketFiles
                    && !rolesSpec!.values.contains(where: { (($0 as? [String: Any])?["columns"] as? [String: Any])?["status"] != nil }) {
            statusMap = [:]
        } else {
            throw fail("statuses", "expected a mapping of source status (or activity) -> open, paused, resolved, closed, or {state:, kind:}")
        }
        var statuses: [String: StatusRule] = [:]
        for (key, value) in statusMap {
            let path = "statuses.\(key)"
            func state(_ text: String) throws -> LifecycleState? {
                if text == "keep" || text == "none" { return nil }
                guard let state = LifecycleState(rawValue: text) else {
                    throw fail(path, "expected a state among open, paused, resolved, closed (or keep), found \"\(text)\"")
                }
                return state
            }
            var rule: StatusRule
            if let name = string(value) {
                rule = StatusRule(state: try state(name))
            } else if let spec = value as? [String: Any] {
                try checkKeys(spec, allowed: ["state", "kind"], at: path)
                rule = StatusRule(state: try string(spec["state"]).map(state) ?? nil)
                if let kindName = string(spec["kind"]) {
                    guard let kind = EventKind(rawValue: kindName) else {
                        throw fail("\(path).kind", "expected one of " + EventKind.allCases.map(\.rawValue).joined(separator: ", "))
                    }
                    switch kind {
                    case .reopened:
                        throw fail("\(path).kind", "reopened is derived (a row that takes a resolved or closed case back to open or paused); give the state instead")
                    case .resolved where rule.state != .resolved, .closed where rule.state != .closed:
                        throw fail("\(path).kind", "kind \(kind.rawValue) needs state: \(kind.rawValue)")
                    default: break
                    }
                    rule.kind = kind
                }
            } else {
                throw fail(path, "expected a state (open, paused, resolved, closed, keep) or {state:, kind:}")
            }
            statuses[key] = rule
        }
        // files: the roles of a source's several exports
        var roles: [FileRole] = []
        if let filesValue = map["files"] {
            guard let filesMap = filesValue as? [String: Any], !filesMap.isEmpty else {
                throw fail("files", "expected a mapping of role name -> {kind: tickets | activities, match: \"*glob*\", columns: ...}")
            }
            // YAML mappings keep no order here: roles are tried by name, those with a `match` first.
            for (roleName, value) in filesMap.sorted(by: { $0.key < $1.key }) {
                let path = "files.\(roleName)"
                guard let spec = value as? [String: Any] else { throw fail(path, "expected {kind:, match:, columns:}") }
                try checkKeys(spec, allowed: ["kind", "match", "columns", "custom_fields"], at: path)
                var kind = FileRole.Kind.activities
                if let kindValue = spec["kind"] {
                    guard let parsed = string(kindValue).flatMap(FileRole.Kind.init(rawValue:)) else {
                        throw fail("\(path).kind", "expected tickets (one row per ticket) or activities (one row per event)")
                    }
                    kind = parsed
                }
                var roleColumns = columns
                if let own = spec["columns"] { roleColumns = try parseColumns(own, at: "\(path).columns") }
                var roleCustom = customFields
                if let list = spec["custom_fields"] {
                    guard let items = list as? [Any] else { throw fail("\(path).custom_fields", "expected a list of column headings") }
                    roleCustom = items.compactMap { string($0) }
                }
                switch kind {
                case .tickets:
                    guard spec["columns"] != nil else { throw fail("\(path).columns", "a ticket file names its columns: at least case and opened") }
                    for required in [Field.caseID, .opened] where roleColumns[required] == nil {
                        throw fail("\(path).columns.\(required.rawValue)", "missing; a ticket file names at least the case and opened columns")
                    }
                    for field in [Field.time, .subStatus, .actor, .tieBreak] where roleColumns[field] != nil {
                        throw fail("\(path).columns.\(field.rawValue)", "a ticket file has one row per ticket: \(field.rawValue) belongs to the activity files' columns")
                    }
                case .activities:
                    if spec["columns"] != nil {
                        try checkChangeColumns(roleColumns, at: "\(path).columns")
                        for required in requiredActivityColumns where roleColumns[required] == nil {
                            throw fail("\(path).columns.\(required.rawValue)", "missing; an activity file names at least the "
                                       + (changeRows ? "case, time, field and value columns" : "case, time and status columns"))
                        }
                        if let subStatus = roleColumns[.subStatus] {
                            roleColumns[.status]!.columns += subStatus.columns
                            roleColumns[.subStatus] = nil
                        }
                    }
                    if roleColumns[.closed] != nil {
                        throw fail("\(path).columns.closed", "closed belongs to a ticket file's columns")
                    }
                    if roleColumns[.firstResponse] != nil {
                        throw fail("\(path).columns.first_response", "first_response belongs to a ticket file's columns; an activity file's rows give responses by a status's kind")
                    }
                }
                var match: String?
                if let pattern = spec["match"] {
                    guard let text = string(pattern), !text.isEmpty else { throw fail("\(path).match", "expected a file-name glob such as \"*closed*.csv\"") }
                    match = text
                }
                roles.append(FileRole(name: roleName, kind: kind, match: match, columns: roleColumns, customFields: roleCustom))
            }
            roles.sort { ($0.match == nil ? 1 : 0, $0.name) < ($1.match == nil ? 1 : 0, $1.name) }
        }

        let name = string(map["name"]) ?? defaultName
        var profile = MappingProfile(name: name, encoding: encoding, delimiter: delimiter, quoted: quoted,
                                     nullValues: nullValues, dateFormat: dateFormat, zone: zone, columns: columns,
                                     customFields: customFields, statuses: statuses,
                                     initialStatus: string(map["initial_status"]) ?? "Open")
        profile.roles = roles
        if map["activities"] != nil { profile.statusesKey = "activities" }
        if let filters = map["skip_rows"] {
            guard let list = filters as? [Any], !list.isEmpty else {
                throw fail("skip_rows", "expected a list of {column: HEADING, values: [...]}")
            }
            for (index, item) in list.enumerated() {
                let path = "skip_rows.\(index + 1)"
                guard let spec = item as? [String: Any] else { throw fail(path, "expected {column: HEADING, values: [...]}") }
                try checkKeys(spec, allowed: ["column", "values"], at: path)
                guard let column = string(spec["column"]) else { throw fail("\(path).column", "expected the heading of the column to test") }
                guard let values = spec["values"] as? [Any], !values.isEmpty, values.allSatisfy({ string($0) != nil }) else {
                    throw fail("\(path).values", "expected a list of quoted values; a row whose column has one of them is skipped")
                }
                profile.skipRows.append((column, Set(values.compactMap { string($0) })))
            }
        }
        func statusList(_ key: String) throws -> Set<String>? {
            guard let value = map[key] else { return nil }
            guard let list = value as? [Any], !list.isEmpty, list.allSatisfy({ string($0) != nil }) else {
                throw fail(key, "expected a list of statuses or activities, e.g. [Reassignment]")
            }
            let names = list.compactMap { string($0) }
            for name in names where statuses[name] == nil {
                throw fail(key, "\"\(name)\" is not among the profile's statuses (or activities); list it there too")
            }
            return Set(names)
        }
        if changeRows && map["handoffs"] != nil {
            throw fail("handoffs", "under rows: changes a hand-off is a row that changes the team field; handoffs: names statuses of activity rows")
        }
        profile.handoffStatuses = try statusList("handoffs")
        profile.reopenStatuses = try statusList("reopens")
        profile.snapshotRows = snapshotRows
        profile.changeRows = changeRows
        if let fields = map["fields"] {
            guard changeRows else { throw fail("fields", "fields: maps the field names of rows: changes; this profile reads rows: \(snapshotRows ? "snapshots" : "events")") }
            guard let table = fields as? [String: Any], !table.isEmpty else {
                throw fail("fields", "expected a mapping of source field name -> " + Self.changeableFields.map(\.rawValue).joined(separator: ", "))
            }
            for (name, target) in table {
                guard let targetName = string(target), let field = Field(rawValue: targetName), Self.changeableFields.contains(field) else {
                    throw fail("fields.\(name)", "expected one of " + Self.changeableFields.map(\.rawValue).joined(separator: ", "))
                }
                profile.changedFields[name] = field
            }
        } else if changeRows {
            throw fail("fields", "expected under rows: changes: which source fields set which field (fields: {state: status, assigned_to: agent})")
        }
        if changeRows && !profile.changedFields.values.contains(.status) {
            throw fail("fields", "no field sets the status: map the source's state field to status (fields: {state: status})")
        }
        profile.description = string(map["description"])
        profile.source = string(map["source"])
        return profile
    }
}
