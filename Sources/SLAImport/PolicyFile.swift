import Foundation
import SLAModel
import SLAEngine

/// A mistake in a policy file (or run configuration), with the place (key path, and line and
/// column when known) it is at.
public struct PolicyFileError: Error, CustomStringConvertible {
    public var file: String
    public var path: String
    public var message: String
    public var line: Int? = nil
    public var column: Int? = nil

    public var description: String {
        let place = [line.map(String.init), column.map(String.init)].compactMap { $0 }.joined(separator: ":")
        return "\(file)\(place.isEmpty ? "" : ":" + place): \(path.isEmpty ? "" : "at \(path): ")\(message)"
    }

    init(file: String, path: String, message: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.path = path
        self.message = message
        self.line = line
        self.column = column
    }

    init(_ error: YAMLDocumentError) {
        self.init(file: error.file, path: error.path, message: error.message, line: error.line, column: error.column)
    }
}

/// Reads an SLA policy from YAML or JSON (JSON is YAML). The format is documented in the
/// README ("SLA policy file") and `sample-data/policy.yaml` is an annotated example.
public enum PolicyFile {
    public static func load(path: String) throws -> SLAPolicy {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PolicyFileError(file: path, path: "", message: FileReadFailure.reason(path: path, error))
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> SLAPolicy {
        let document: YAMLDocument
        do {
            document = try YAMLDocument(text, file: file)
            try document.checkKeys(keys)
        } catch {
            throw PolicyFileError(error)
        }
        let reader = Reader(file: file)
        do {
            guard let map = document.value as? [String: Any] else {
                throw reader.error("", "expected a mapping with calendars, plans and default_plan")
            }
            return try reader.policy(map)
        } catch var error as PolicyFileError {
            // The reader knows key paths; the document knows where they are.
            if let mark = document.mark(at: error.path) {
                error.line = mark.line
                error.column = mark.column
            }
            throw error
        }
    }

    /// The keys a policy file may use (a misspelled key is an error, not silently ignored).
    static let keys: YAMLKeySchema = {
        let holiday = YAMLKeySchema.mapping(["name": .anything, "date": .anything, "rule": .anything,
                                             "from": .anything, "to": .anything])
        let calendar = YAMLKeySchema.mapping(["name": .anything, "time_zone": .anything, "hours": .anything,
                                              "holidays": .list(holiday), "extra_holidays": .list(holiday)])
        let plan = YAMLKeySchema.mapping(["name": .anything, "calendar": .anything, "first_response": .anything,
                                          "resolution": .anything])
        return .mapping([
            "name": .anything, "calendars": .list(calendar), "plans": .list(plan), "default_plan": .anything,
            "plan_by_priority": .anything, "statuses": .anything, "pause_resolution_in": .anything,
            "pause_first_response_in": .anything, "resolution_stops_at": .anything, "reopen_rule": .anything,
            "plan_change_rule": .anything, "due_date_rule": .anything, "plan_change_breaches": .anything,
            "manual_due_dates": .anything,
        ])
    }()

    /// Parses a duration such as `18h`, `1h30m`, `15m`, `90s` into seconds.
    /// Nil when the text is not a duration or exceeds `maximumTarget`.
    public static func duration(_ text: String) -> Int64? {
        var total: Int64 = 0
        var number: Int64?
        var sawUnit = false
        for character in text.lowercased() where character != " " {
            if let digit = character.wholeNumberValue, character.isASCII {
                // Checked arithmetic: 99999999999999999999h must be refused, not trap.
                let (tens, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (next, overflow2) = tens.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2, next <= maximumTarget else { return nil }
                number = next
            } else {
                guard let value = number else { return nil }
                let unit: Int64
                switch character {
                case "h": unit = 3600
                case "m": unit = 60
                case "s": unit = 1
                default: return nil
                }
                // value <= maximumTarget, so value * unit cannot overflow; the sum is checked below.
                total += value * unit
                guard total <= maximumTarget else { return nil }
                number = nil
                sawUnit = true
            }
        }
        if number != nil { return nil }  // a number without a unit is ambiguous
        return sawUnit ? total : nil
    }

    /// The longest target a plan may have: 10,000 hours (about 14 months round the clock, over
    /// four years of 45-hour weeks). Longer targets are almost surely typos, and the replay's
    /// cost grows with them.
    public static let maximumTarget: Int64 = 10_000 * 3600

    /// Most holidays one calendar may list (each is expanded over every year the tool handles).
    public static let maximumHolidays = 1_000

    /// Parses `HH:MM` (or `24:00`) into seconds after midnight.
    static func clock(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2 || parts.count == 3, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0...59).contains(m) else { return nil }
        let s = parts.count == 3 ? Int(parts[2]) ?? -1 : 0
        guard (0...59).contains(s) else { return nil }
        let seconds = h * 3600 + m * 60 + s
        return seconds <= 86_400 ? seconds : nil
    }

    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]
    /// A weekday's number (1 = Monday) by its name as written: three letters, the whole name, or
    /// `tues`, `thur`, `thurs` (any case). Only these: matching the first three letters took
    /// `thuesday` for Thursday and `wednesdayx` for Wednesday without a word.
    static func weekday(named name: String) -> Int? {
        let key = name.lowercased()
        let full = ["monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
                    "tues": 2, "thur": 4, "thurs": 4]
        return weekdays[key] ?? full[key]
    }
    /// The weekdays' keys by ISO number (1 = Monday).
    static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Seconds after midnight as `HH:MM`, with `:SS` when not whole minutes.
    static func clockText(_ seconds: Int) -> String {
        let text = String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60)
        return seconds % 60 == 0 ? text : text + String(format: ":%02d", seconds % 60)
    }

    struct Reader {
        let file: String

        func error(_ path: String, _ message: String) -> PolicyFileError {
            PolicyFileError(file: file, path: path, message: message)
        }

        func string(_ map: [String: Any], _ key: String, _ path: String) throws -> String {
            guard let value = map[key] else { throw error(path, "missing key \"\(key)\"") }
            guard let text = value as? String ?? (value as? CustomStringConvertible)?.description else {
                throw error("\(path).\(key)", "expected text")
            }
            return text
        }

        func policy(_ map: [String: Any]) throws -> SLAPolicy {
            var calendars: [CalendarDefinition] = []
            for (index, item) in ((map["calendars"] as? [Any]) ?? []).enumerated() {
                guard let calendarMap = item as? [String: Any] else { throw error("calendars[\(index)]", "expected a mapping") }
                let calendar = try calendar(calendarMap, "calendars[\(index)]")
                // Plans name their calendar: a second one of the same name would silently replace the first.
                if let first = calendars.firstIndex(where: { $0.name == calendar.name }) {
                    throw error("calendars[\(index)].name", "a second calendar named \"\(calendar.name)\" (calendars[\(first)] has that name; names must differ)")
                }
                calendars.append(calendar)
            }
            guard let planItems = map["plans"] as? [Any], !planItems.isEmpty else {
                throw error("plans", "expected a list of at least one plan (name, calendar, resolution, first_response)")
            }
            var plans: [SLAPlanDefinition] = []
            for (index, item) in planItems.enumerated() {
                let path = "plans[\(index)]"
                guard let planMap = item as? [String: Any] else { throw error(path, "expected a mapping") }
                let name = try string(planMap, "name", path)
                if let first = plans.firstIndex(where: { $0.name == name }) {
                    throw error("\(path).name", "a second plan named \"\(name)\" (plans[\(first)] has that name; names must differ)")
                }
                let calendarName = (planMap["calendar"] as? String) ?? "24x7"
                guard calendarName == "24x7" || calendars.contains(where: { $0.name == calendarName }) else {
                    throw error("\(path).calendar", "unknown calendar \"\(calendarName)\" (define it under calendars, or use 24x7)")
                }
                func target(_ key: String) throws -> Int64? {
                    guard let value = planMap[key] else { return nil }
                    guard let text = (value as? String) ?? (value as? Int).map({ "\($0)h" }), let seconds = PolicyFile.duration(text), seconds > 0 else {
                        throw error("\(path).\(key)", "expected a duration greater than 0 such as 18h, 1h30m or 15m, of at most \(PolicyFile.maximumTarget / 3600)h (found \"\(value)\")")
                    }
                    return seconds
                }
                plans.append(SLAPlanDefinition(name: name, firstResponseTarget: try target("first_response"),
                                               resolutionTarget: try target("resolution"), calendar: calendarName))
            }
            let defaultPlan = (map["default_plan"] as? String) ?? plans[0].name
            guard plans.contains(where: { $0.name == defaultPlan }) else {
                throw error("default_plan", "\"\(defaultPlan)\" is not one of the plans")
            }
            // Priorities and statuses are matched without regard to case: two keys that differ only
            // in case would each claim the same tickets, one of them silently (a stranger's trial).
            func refuseKeysDifferingInCase(_ section: String, _ what: String) throws {
                let keys = ((map[section] as? [String: Any]) ?? [:]).keys.sorted()
                var seen: [String: String] = [:]
                for key in keys {
                    if let earlier = seen[key.lowercased()] {
                        throw error("\(section).\(key)", "\"\(earlier)\" and \"\(key)\" differ only in case, and \(what) are matched "
                                    + "without regard to case: keep one")
                    }
                    seen[key.lowercased()] = key
                }
            }
            try refuseKeysDifferingInCase("plan_by_priority", "priorities")
            try refuseKeysDifferingInCase("statuses", "statuses")
            var byPriority: [String: String] = [:]
            for (priority, plan) in (map["plan_by_priority"] as? [String: Any]) ?? [:] {
                guard let plan = plan as? String, plans.contains(where: { $0.name == plan }) else {
                    throw error("plan_by_priority.\(priority)", "\"\(plan)\" is not one of the plans (\(plans.map { "\"\($0.name)\"" }.joined(separator: ", ")))")
                }
                byPriority[priority] = plan
            }
            var statusStates: [String: LifecycleState] = [:]
            for (status, state) in (map["statuses"] as? [String: Any]) ?? [:] {
                guard let text = state as? String, let value = LifecycleState(rawValue: text) else {
                    throw error("statuses.\(status)", "expected one of open, paused, resolved, closed")
                }
                statusStates[status] = value
            }
            func states(_ key: String, default value: [LifecycleState]) throws -> [LifecycleState] {
                guard let list = map[key] else { return value }
                guard let items = list as? [Any] else { throw error(key, "expected a list such as [paused]") }
                return try items.map { item in
                    guard let text = item as? String, let state = LifecycleState(rawValue: text) else {
                        throw error(key, "expected states among open, paused, resolved, closed (found \"\(item)\")")
                    }
                    return state
                }
            }
            func rule<R: RawRepresentable & CaseIterable>(_ key: String, default value: R) throws -> R where R.RawValue == String {
                guard let text = map[key] else { return value }
                guard let name = text as? String, let rule = R(rawValue: name) else {
                    let candidates = R.allCases.map(\.rawValue)
                    var message = "expected one of " + candidates.joined(separator: ", ")
                    if let name = text as? String {
                        message = "\(name) is not a rule here; " + message
                        if let near = YAMLDocument.nearest(to: name, among: candidates) { message += " (did you mean \"\(near)\"?)" }
                    }
                    throw error(key, message)
                }
                return rule
            }
            return SLAPolicy(
                name: (map["name"] as? String) ?? "policy", calendars: calendars, plans: plans, defaultPlan: defaultPlan,
                planByPriority: byPriority, statusStates: statusStates,
                resolutionPausedIn: try states("pause_resolution_in", default: [.paused]),
                firstResponsePausedIn: try states("pause_first_response_in", default: []),
                resolutionStopsAt: try states("resolution_stops_at", default: [.resolved, .closed]),
                reopenRule: try rule("reopen_rule", default: ReopenRule.newCycle),
                planChangeRule: try rule("plan_change_rule", default: PlanChangeRule.fromCycleStart),
                dueDateRule: try rule("due_date_rule", default: DueDateRule.exact),
                planChangeBreaches: try rule("plan_change_breaches", default: PlanChangeBreachRule.keep),
                manualDueDates: map["manual_due_dates"] == nil ? nil
                    : try rule("manual_due_dates", default: ManualDueDateRule.honor))
        }

        func calendar(_ map: [String: Any], _ path: String) throws -> CalendarDefinition {
            let name = try string(map, "name", path)
            let zone = (map["time_zone"] as? String) ?? "UTC"
            guard ZoneRules.named(zone) != nil else {
                throw error("\(path).time_zone", "unknown time zone \"\(zone)\" (expected an IANA name such as America/New_York)")
            }
            if name == CalendarDefinition.alwaysOpen.name && map["hours"] == nil {
                // The round-the-clock calendar in a time zone: under `due_date_rule: osticket` it
                // stands for osTicket's "24/7" schedule, whose days are wall-clock days there.
                return CalendarDefinition(name: name, timeZone: zone, windows: [], isAlwaysOpen: true)
            }
            guard let hours = map["hours"] as? [String: Any], !hours.isEmpty else {
                throw error(map["hours"] == nil ? path : "\(path).hours",
                            "expected hours: weekday ranges, e.g. mon-fri: \"08:00-17:00\" (only a calendar named 24x7 may leave them out)")
            }
            var windows: [WorkingWindow] = []
            // Which key gave each window: two keys' overlapping spans on one day would merge into
            // a longer day than either says (mon-fri 09:30-18:00 with fri 09:30-13:00 gave a full Friday).
            var keyOfWindow: [String] = []
            for (days, spans) in hours.sorted(by: { $0.key < $1.key }) {
                let dayList = try weekdays(days, "\(path).hours.\(days)")
                let spanList = (spans as? [Any])?.compactMap { $0 as? String } ?? [(spans as? String) ?? ""]
                for span in spanList {
                    let bounds = span.split(separator: "-").map { String($0).trimmingWhitespace }
                    guard bounds.count == 2, let start = PolicyFile.clock(bounds[0]), let end = PolicyFile.clock(bounds[1]),
                          start < end else {
                        let overnight = bounds.count == 2 && (PolicyFile.clock(bounds[0]) ?? 0) > (PolicyFile.clock(bounds[1]) ?? .max)
                        throw error("\(path).hours.\(days)", "expected a span such as \"08:00-17:00\", found \"\(span)\""
                                    + (overnight ? " (a span ends on the day it starts: split a shift past midnight at 24:00, "
                                                   + "e.g. \"22:00-24:00\" on one day and \"00:00-06:00\" on the next)" : ""))
                    }
                    for day in dayList {
                        let window = WorkingWindow(weekday: day, start: start, end: end)
                        if let other = windows.indices.first(where: { windows[$0].weekday == day && keyOfWindow[$0] != days
                                                                      && windows[$0].start < end && start < windows[$0].end }) {
                            throw error("\(path).hours.\(days)", "\(PolicyFile.weekdayNames[day - 1]) is given \(span) here and "
                                        + "\(PolicyFile.clockText(windows[other].start))-\(PolicyFile.clockText(windows[other].end)) "
                                        + "under \(keyOfWindow[other]), which overlap and would merge into one longer day: give each "
                                        + "day's hours under one key (a list such as [\"09:00-12:00\", \"13:00-17:00\"] for several spans)")
                        }
                        windows.append(window)
                        keyOfWindow.append(days)
                    }
                }
            }
            var holidays: [Holiday] = []
            if let builtIn = map["holidays"] as? String {
                guard builtIn.lowercased() == "us" else { throw error("\(path).holidays", "the only built-in holiday set is \"us\"") }
                holidays += BuiltIn.usHolidays
            }
            let listKey = map["extra_holidays"] is [Any] ? "extra_holidays" : "holidays"
            for (index, item) in ((map[listKey] as? [Any]) ?? []).enumerated() {
                let itemPath = "\(path).\(listKey)[\(index)]"
                guard let holidayMap = item as? [String: Any] else { throw error(itemPath, "expected a mapping") }
                holidays.append(try holiday(holidayMap, itemPath))
            }
            guard holidays.count <= PolicyFile.maximumHolidays else {
                throw error("\(path).holidays", "at most \(PolicyFile.maximumHolidays) holidays per calendar, found \(holidays.count)")
            }
            let definition = CalendarDefinition(name: name, timeZone: zone, windows: windows, holidays: holidays)
            // Catch a calendar without working time here, where the file and line can be named.
            do { _ = try BusinessCalendar(definition) } catch let calendarError {
                throw error(path, "\(calendarError)")
            }
            return definition
        }

        func weekdays(_ text: String, _ path: String) throws -> [Int] {
            let key = text.lowercased()
            if key == "daily" || key == "all" { return Array(1...7) }
            var result: [Int] = []
            for part in key.split(separator: ",") {
                let range = part.split(separator: "-").map { String($0).trimmingWhitespace }
                guard range.count <= 2, let first = range.first.flatMap(PolicyFile.weekday(named:)),
                      let last = range.last.flatMap(PolicyFile.weekday(named:)) else {
                    throw error(path, "expected weekdays such as mon-fri, sun-thu, sat, or mon,wed")
                }
                // A range runs forward through the week, past Sunday if it must: sun-thu, fri-mon.
                result += first <= last ? Array(first...last) : Array(first...7) + Array(1...last)
            }
            return result
        }

        func holiday(_ map: [String: Any], _ path: String) throws -> Holiday {
            let name = (map["name"] as? String) ?? "holiday"
            var date: HolidayDate
            if let text = map["date"] as? String ?? (map["date"] as? Date).map({ "\($0)".prefix(10).description }) {
                let parts = text.split(separator: "-").compactMap { Int($0) }
                if parts.count == 3, CivilDate(year: parts[0], month: parts[1], day: parts[2]).isValid {
                    date = .once(CivilDate(year: parts[0], month: parts[1], day: parts[2]))
                } else if parts.count == 2, CivilDate(year: 2024, month: parts[0], day: parts[1]).isValid {
                    date = .yearly(month: parts[0], day: parts[1])
                } else if parts.count == 3 || parts.count == 2, text.split(separator: "-").count == parts.count {
                    throw error("\(path).date", "\"\(text)\" is no day of the calendar (expected YYYY-MM-DD or MM-DD of a real date)")
                } else {
                    throw error("\(path).date", "expected YYYY-MM-DD (one date) or MM-DD (every year); a weekday of a month goes under rule: (rule: \"4th thursday of november\")")
                }
            } else if let rule = map["rule"] as? String {
                // "4th thursday of november", "last monday of may"
                let words = rule.lowercased().split(separator: " ").map(String.init)
                let ordinals = ["1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4,
                                "5th": 5, "fifth": 5, "last": -1]
                let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                              "october", "november", "december"]
                guard words.count == 4, words[2] == "of", let n = ordinals[words[0]],
                      let weekday = PolicyFile.weekday(named: words[1]),
                      let month = months.firstIndex(of: words[3]) else {
                    throw error("\(path).rule", "expected a rule such as \"4th thursday of november\" or \"last monday of may\"")
                }
                date = .nthWeekday(month: month + 1, weekday: weekday, n: n)
            } else {
                throw error(path, "expected a date (YYYY-MM-DD or MM-DD) or a rule (\"4th thursday of november\")")
            }
            var start: Int?, end: Int?
            // A part of the day: `from` alone runs to its end, `to` alone from its start (either
            // alone was a whole-day holiday without a word, a due instant three business hours late).
            if map["from"] != nil || map["to"] != nil {
                let from = map["from"].map { ($0 as? String) ?? "\($0)" } ?? "00:00"
                let to = map["to"].map { ($0 as? String) ?? "\($0)" } ?? "24:00"
                guard let s = PolicyFile.clock(from), let e = PolicyFile.clock(to), s < e else {
                    throw error(path, "expected from/to times such as from: \"12:00\", to: \"24:00\", from before to (found from: \"\(from)\", to: \"\(to)\")")
                }
                start = s
                end = e
            }
            return Holiday(name: name, date: date, start: start, end: end)
        }
    }
}
