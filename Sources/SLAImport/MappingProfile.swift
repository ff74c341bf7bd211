import Foundation
import SLAModel
import SLAEngine
import Yams

/// A mistake in a mapping profile, with the key path it is at.
public struct ProfileError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var path: String
    public var message: String

    public var description: String { "\(file): \(path.isEmpty ? "" : "at \(path): ")\(message)" }
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

    public init(columns: [String], separator: String = "/", prefix: String? = nil, map: [String: String]? = nil) {
        self.columns = columns
        self.separator = separator
        self.prefix = prefix
        self.map = map
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
    public enum Field: String, CaseIterable, Sendable {
        case caseID = "case", time, status, subStatus = "sub_status", team, agent, actor, priority, plan
        case department, subject, requester
        /// Orders a case's rows that share a time (an activity number); numbers sort as numbers.
        case tieBreak = "tie_break"
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
            throw ProfileError(file: path, path: "", message: "cannot read the file (\(error.localizedDescription))")
        }
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(text, file: path, defaultName: fallbackName)
    }

    /// Parses a profile from YAML (or JSON). The format is documented in the README
    /// ("Mapping profiles"); `sample-data/profiles/` holds annotated examples.
    public static func parse(_ yaml: String, file: String, defaultName: String = "profile") throws -> MappingProfile {
        let root: Any?
        do { root = try Yams.load(yaml: yaml) } catch {
            throw ProfileError(file: file, path: "", message: "not valid YAML or JSON: \(error)")
        }
        func fail(_ path: String, _ message: String) -> ProfileError { ProfileError(file: file, path: path, message: message) }
        guard let map = root as? [String: Any] else {
            throw fail("", "expected a mapping with columns and statuses")
        }
        let known: Set<String> = ["name", "description", "source", "file", "time", "columns", "custom_fields", "statuses",
                                  "activities", "initial_status", "plans"]
        for key in map.keys where !known.contains(key) {
            throw fail(key, "unknown key (expected " + known.sorted().joined(separator: ", ") + ")")
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
        var dateFormat = DateFormat.iso
        if let value = timeMap["format"] {
            guard let pattern = string(value) else { throw fail("time.format", "expected iso, unix or a pattern") }
            do { dateFormat = try DateFormat(pattern) } catch { throw fail("time.format", error.description) }
        }
        let zone = string(timeMap["zone"]) ?? "UTC"
        guard ZoneRules.named(zone) != nil else {
            throw fail("time.zone", "unknown time zone \"\(zone)\" (expected an IANA name such as Europe/Rome)")
        }

        // columns
        guard let columnMap = map["columns"] as? [String: Any] else {
            throw fail("columns", "expected a mapping naming at least the case, time and status columns")
        }
        var columns: [Field: ColumnSpec] = [:]
        for (key, value) in columnMap {
            guard let field = Field(rawValue: key) else {
                throw fail("columns.\(key)", "unknown field (expected " + Field.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            let path = "columns.\(key)"
            if let single = string(value) {
                columns[field] = ColumnSpec(columns: [single])
            } else if let list = value as? [Any] {
                let names = list.compactMap { string($0) }
                guard !names.isEmpty, names.count == list.count else { throw fail(path, "expected a list of column headings") }
                columns[field] = ColumnSpec(columns: names)
            } else if let spec = value as? [String: Any] {
                for specKey in spec.keys where !["column", "columns", "separator", "prefix", "map"].contains(specKey) {
                    throw fail("\(path).\(specKey)", "unknown key (expected column, separator, prefix, map)")
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
                columns[field] = ColumnSpec(columns: names, separator: string(spec["separator"]) ?? "/",
                                            prefix: string(spec["prefix"]), map: mapping)
            } else {
                throw fail(path, "expected a column heading, a list of headings, or {column:, map:, prefix:}")
            }
        }
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
        for required in [Field.caseID, .time, .status] where columns[required] == nil {
            throw fail("columns.\(required.rawValue)", "missing; a profile names at least the case, time and status columns")
        }
        if let subStatus = columns[.subStatus] {
            // `sub_status` joins the status: `Accepted` + `Wait - User` -> `Accepted/Wait - User`.
            columns[.status]!.columns += subStatus.columns
            columns[.subStatus] = nil
        }
        if columns[.caseID]!.columns.count != 1 { throw fail("columns.case", "expected one column") }
        if columns[.time]!.columns.count != 1 { throw fail("columns.time", "expected one column") }
        if let tie = columns[.tieBreak], tie.columns.count != 1 || tie.map != nil || tie.prefix != nil {
            throw fail("columns.tie_break", "expected one column heading (an activity or sequence number)")
        }

        var customFields: [String] = []
        if let list = map["custom_fields"] {
            guard let items = list as? [Any] else { throw fail("custom_fields", "expected a list of column headings") }
            customFields = items.compactMap { string($0) }
        }

        // statuses (or activities)
        guard let statusMap = (map["statuses"] ?? map["activities"]) as? [String: Any], !statusMap.isEmpty else {
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
                for specKey in spec.keys where specKey != "state" && specKey != "kind" {
                    throw fail("\(path).\(specKey)", "unknown key (expected state, kind)")
                }
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
        let name = string(map["name"]) ?? defaultName
        var profile = MappingProfile(name: name, encoding: encoding, delimiter: delimiter, quoted: quoted,
                                     nullValues: nullValues, dateFormat: dateFormat, zone: zone, columns: columns,
                                     customFields: customFields, statuses: statuses,
                                     initialStatus: string(map["initial_status"]) ?? "Open")
        profile.description = string(map["description"])
        profile.source = string(map["source"])
        return profile
    }
}
