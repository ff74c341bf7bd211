import Foundation
import Yams

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

    public static func load(path: String) throws -> RunConfiguration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PolicyFileError(file: path, path: "", message: "cannot read the configuration (\(error.localizedDescription))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
        }
        func fail(_ key: String, _ message: String) -> PolicyFileError {
            PolicyFileError(file: path, path: key, message: message)
        }
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw PolicyFileError(file: path, path: "", message: "not valid YAML or JSON: \(error)")
        }
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
        return RunConfiguration(
            database: resolve(database), sourceZone: (map["source_zone"] as? String) ?? "UTC", inputs: inputs,
            policy: (map["policy"] as? String).map(resolve), asOf: (map["as_of"] as? String) ?? "now",
            reportZone: (report["zone"] as? String) ?? "UTC", reportOutput: resolve((report["output"] as? String) ?? "reports"),
            periods: (report["periods"] as? String) ?? "last-week", formats: formats, lockWait: lockWait,
            fileMode: fileMode)
    }
}
