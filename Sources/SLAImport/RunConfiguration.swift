import Foundation

/// What `slareport run --config FILE` does: the nightly job in one file (YAML or JSON).
///
/// ```yaml
/// database: /var/lib/slareport/desk.sqlite
/// source_zone: America/New_York
/// imports:
///   - path: /exports/tickets.csv          # format detected from the first line
///   - {path: /exports/history.tsv, format: osticket-history}
/// policy: /etc/slareport/policy.yaml      # omit for osTicket's defaults
/// as_of: now                              # now | data | ISO 8601 with offset
/// report:
///   zone: America/New_York
///   output: /var/www/sla
///   periods: last-week                    # last-week | all-weeks | 2025-W32 | 2025-08
///   formats: [html, csv, xlsx]
/// ```
/// Relative paths are read from the configuration file's folder.
public struct RunConfiguration: Sendable, Hashable {
    public struct Input: Sendable, Hashable {
        public var path: String
        public var format: String?
        public var profile: String?
    }

    public var database: String
    public var sourceZone: String
    public var inputs: [Input]
    public var policy: String?
    public var asOf: String
    public var reportZone: String
    public var reportOutput: String
    public var periods: String
    public var formats: [String]
    /// `lock_wait`: seconds to wait for another writer's database lock (nil: the default).
    public var lockWait: Double?
    /// `file_mode`: octal permissions of the files the run creates (nil: 0600).
    public var fileMode: String?
    /// Instants outside these years are rejected at import (`accept_years: 1970-2100`).
    public var acceptedYears: AcceptedYears = .standard
    /// `report: {redact: requesters}`: pseudonyms instead of requester names and e-mail addresses.
    public var redact: String?

    /// The keys a run configuration may use (a misspelled key is an error, not silently ignored).
    static let keys: YAMLKeySchema = .mapping([
        "database": .anything, "lock_wait": .anything, "file_mode": .anything, "source_zone": .anything,
        "accept_years": .anything, "policy": .anything, "as_of": .anything,
        "imports": .list(.mapping(["path": .anything, "format": .anything, "profile": .anything])),
        "report": .mapping(["zone": .anything, "output": .anything, "periods": .anything, "formats": .anything,
                            "redact": .anything]),
    ])

    public static func load(path: String) throws -> RunConfiguration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PolicyFileError(file: path, path: "", message: "cannot read the configuration (\(error.localizedDescription))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
        }
        let document: YAMLDocument
        do {
            document = try YAMLDocument(text, file: path)
            try document.checkKeys(keys)
        } catch {
            throw PolicyFileError(error)
        }
        func fail(_ key: String, _ message: String) -> PolicyFileError {
            let mark = document.mark(at: key)
            return PolicyFileError(file: path, path: key, message: message, line: mark?.line, column: mark?.column)
        }
        let root = document.value
        guard let map = root as? [String: Any] else { throw fail("", "expected a mapping with database, imports and report") }
        guard let database = map["database"] as? String else { throw fail("database", "expected the database file's path") }
        var inputs: [Input] = []
        for (index, item) in ((map["imports"] as? [Any]) ?? []).enumerated() {
            if let file = item as? String {
                inputs.append(Input(path: resolve(file), format: nil, profile: nil))
            } else if let entry = item as? [String: Any], let file = entry["path"] as? String {
                inputs.append(Input(path: resolve(file), format: entry["format"] as? String,
                                    profile: (entry["profile"] as? String).map(resolve)))
            } else {
                throw fail("imports[\(index)]", "expected a path, or a mapping with path (and format or profile)")
            }
        }
        let report = (map["report"] as? [String: Any]) ?? [:]
        let formats = (report["formats"] as? [String]) ?? ["html", "csv", "xlsx"]
        var lockWait: Double?
        if let value = map["lock_wait"] {
            guard let seconds = (value as? Double) ?? (value as? Int).map(Double.init), seconds >= 0 else {
                throw fail("lock_wait", "expected a number of seconds, 0 or more")
            }
            lockWait = seconds
        }
        var fileMode: String?
        if let value = map["file_mode"] {
            // YAML reads 0600 as the integer 600 (or octal 384 for 0o600); keep the digits as written.
            guard let text = (value as? String) ?? (value as? Int).map({ String($0) }) else {
                throw fail("file_mode", "expected octal permissions such as \"0600\"")
            }
            fileMode = text
        }
        var acceptedYears = AcceptedYears.standard
        if let value = map["accept_years"] {
            guard let text = value as? String, let years = AcceptedYears(text) else {
                throw fail("accept_years", "expected FIRST-END such as 1970-2100 (years 1 to 9999, FIRST before END)")
            }
            acceptedYears = years
        }
        var configuration = RunConfiguration(
            database: resolve(database), sourceZone: (map["source_zone"] as? String) ?? "UTC", inputs: inputs,
            policy: (map["policy"] as? String).map(resolve), asOf: (map["as_of"] as? String) ?? "now",
            reportZone: (report["zone"] as? String) ?? "UTC", reportOutput: resolve((report["output"] as? String) ?? "reports"),
            periods: (report["periods"] as? String) ?? "last-week", formats: formats, lockWait: lockWait,
            fileMode: fileMode)
        configuration.acceptedYears = acceptedYears
        if let value = report["redact"] {
            guard let text = value as? String, text == "requesters" else {
                throw fail("report.redact", "expected requesters")
            }
            configuration.redact = text
        }
        return configuration
    }
}
