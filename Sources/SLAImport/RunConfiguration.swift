import Foundation

/// What `slareport run --config FILE` does: the nightly job in one file (YAML or JSON).
///
/// ```yaml
/// database: /var/lib/slareport/desk.sqlite
/// source_zone: America/New_York
/// imports:
///   - path: /exports/tickets.csv          # format detected from the first line
///   - {path: /exports/history.tsv, format: osticket-history}
/// osticket:                              # optional: pull straight from osTicket's database
///   url: mysql://slareport@db.example.com:3306/osticket
///   defaults_file: /etc/slareport/my.cnf  # [client] password=...; or SLAREPORT_DB_PASSWORD
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
    /// `source_zone`: the zone the files' local times are in; nil (absent) lets each file's
    /// profile say, and UTC otherwise, as `import` without `--source-zone` does.
    public var sourceZone: String?
    public var inputs: [Input]
    /// osTicket's database to pull from before the files are imported.
    public var osticket: OsTicketSource?
    public var policy: String?
    public var asOf: String
    /// `report.zone`; nil (absent): the zone of the recompute's policy's first business calendar,
    /// as `report` without `--zone` (it was UTC here and America/New_York there).
    public var reportZone: String?
    public var reportOutput: String
    public var periods: String
    public var formats: [String]
    /// `lock_wait`: seconds to wait for another writer's database lock (nil: the default).
    public var lockWait: Double?
    /// `on_error`: `fail` (the default: a bad row stops the import, nothing lands) or `skip`
    /// (the good rows land; the rejects go to `DB.rejects.csv`, as `import --on-error skip`).
    public var onError: RejectPolicy = .fail

    /// What a file mode must be, for messages.
    public static let fileModeExpectation = "expected octal permissions such as \"0600\" or \"0640\": readable and writable by the owner, without x bits, not writable by others"

    /// The permissions `text` gives files (octal digits), or nil when slareport refuses them:
    /// the owner must read and write; no x bits; others must not write (a report folder would
    /// become world-writable).
    public static func permissions(fileMode text: String) -> UInt16? {
        guard let mode = UInt16(text, radix: 8), mode <= 0o777, mode & 0o111 == 0, mode & 0o600 == 0o600, mode & 0o002 == 0 else {
            return nil
        }
        return mode
    }

    /// `file_mode`: octal permissions of the files the run creates (nil: 0600).
    public var fileMode: String?
    /// Instants outside these years are rejected at import (`accept_years: 1970-2100`).
    public var acceptedYears: AcceptedYears = .standard
    /// `report: {redact: requesters}`: pseudonyms instead of requester names and e-mail addresses.
    public var redact: String?
    /// Where each value checked only when the run starts (`as_of`, `report.periods`,
    /// `imports[0].format`, ...) is written, so that its message can point at it.
    public var places: [String: Place] = [:]

    /// A line and column in the configuration file (1-based).
    public struct Place: Sendable, Hashable {
        public var line: Int
        public var column: Int
    }

    /// `message` about the value at `key`, prefixed with the file and the value's place in it.
    public func message(about key: String, in file: String, _ message: String) -> String {
        let place = places[key].map { ":\($0.line):\($0.column)" } ?? ""
        return "\(file)\(place): at \(key): \(message)"
    }

    /// The keys a run configuration may use (a misspelled key is an error, not silently ignored).
    static let keys: YAMLKeySchema = .mapping([
        "database": .anything, "lock_wait": .anything, "file_mode": .anything, "source_zone": .anything,
        "accept_years": .anything, "on_error": .anything, "policy": .anything, "as_of": .anything,
        "imports": .list(.mapping(["path": .anything, "format": .anything, "profile": .anything])),
        // `password` is listed so that its own error ("does not belong in this file") is the one shown.
        "osticket": .mapping(["url": .anything, "table_prefix": .anything, "defaults_file": .anything,
                              "source_zone": .anything, "password": .anything]),
        "report": .mapping(["zone": .anything, "output": .anything, "periods": .anything, "formats": .anything,
                            "redact": .anything]),
    ])

    public static func load(path: String) throws -> RunConfiguration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PolicyFileError(file: path, path: "", message: FileReadFailure.reason(path: path, error))
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
        // A single path or mapping is not a list: read as none, a nightly run would import nothing and succeed.
        if let value = map["imports"], !(value is NSNull), !(value is [Any]) {
            throw fail("imports", "expected a list of files, each on its own line after \"- \" (a path, or a mapping with path and format or profile)")
        }
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
        var osticket: OsTicketSource?
        if let url = map["osticket"] as? String {
            osticket = OsTicketSource(url: url)
        } else if let entry = map["osticket"] as? [String: Any] {
            if entry["password"] != nil {
                throw fail("osticket.password", "a password does not belong in this file; put it in SLAREPORT_DB_PASSWORD or in an option file named by defaults_file")
            }
            guard let url = entry["url"] as? String else { throw fail("osticket.url", "expected mysql://user@host:3306/database") }
            osticket = OsTicketSource(url: url, tablePrefix: (entry["table_prefix"] as? String) ?? "ost_",
                                      defaultsFile: (entry["defaults_file"] as? String).map(resolve),
                                      sourceZone: entry["source_zone"] as? String)
        } else if let value = map["osticket"], !(value is NSNull) {
            throw fail("osticket", "expected the database's mysql:// address, or a mapping with url (and table_prefix, defaults_file, source_zone)")
        }
        if let value = map["report"], !(value is NSNull), !(value is [String: Any]) {
            throw fail("report", "expected a mapping (zone, output, periods, formats, redact), e.g. report: {periods: last-week}")
        }
        let report = (map["report"] as? [String: Any]) ?? [:]
        let formats: [String]
        switch report["formats"] {
        case nil, is NSNull: formats = ["html", "csv", "xlsx"]
        case let list as [String]: formats = list
        // `formats: html, csv` reads as one string: taken as the list it spells, as `--format` takes it.
        case let text as String: formats = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        default: throw fail("report.formats", "expected a list of formats among html, csv, xlsx, such as [html, xlsx]")
        }
        // Values that are text are read as written (YAML would make `as_of: 2025-09-01T00:00:00-04:00`
        // a date without its offset); a list or mapping where text belongs is named, not ignored;
        // a key left empty (or `~`) means its default, as an absent one does.
        func textValue(_ key: String) throws -> String? {
            guard document.mark(at: key) != nil, !document.isNull(at: key) else { return nil }
            guard let text = document.scalarText(at: key) else { throw fail(key, "expected text, not a list or a mapping") }
            return text
        }
        let asOf = try textValue("as_of"), policy = try textValue("policy"), sourceZone = try textValue("source_zone")
        let reportZone = try textValue("report.zone"), reportOutput = try textValue("report.output"), periods = try textValue("report.periods")
        var lockWait: Double?
        if let value = map["lock_wait"], !(value is NSNull) {
            guard let seconds = (value as? Double) ?? (value as? Int).map(Double.init), seconds >= 0 else {
                throw fail("lock_wait", "expected a number of seconds, 0 or more")
            }
            lockWait = seconds
        }
        var fileMode: String?
        // YAML reads an unquoted 0640 as the octal number 416; the digits as written are meant.
        if let text = try textValue("file_mode") {
            guard text.count >= 3, text.count <= 4, text.allSatisfy({ ("0"..."7").contains($0) }),
                  Self.permissions(fileMode: text) != nil else {
                throw fail("file_mode", Self.fileModeExpectation)
            }
            fileMode = text
        }
        var onError = RejectPolicy.fail
        if let text = try textValue("on_error") {
            guard let policy = RejectPolicy(rawValue: text) else {
                throw fail("on_error", "expected fail (a bad row stops the import; the default) or skip (the good rows land, the rejects go to the rejects file)")
            }
            onError = policy
        }
        var acceptedYears = AcceptedYears.standard
        if let value = map["accept_years"], !(value is NSNull) {
            guard let text = value as? String, let years = AcceptedYears(text) else {
                throw fail("accept_years", "expected FIRST-END such as 1970-2100 (years 1 to 9999, FIRST before END)")
            }
            acceptedYears = years
        }
        var configuration = RunConfiguration(
            database: resolve(database), sourceZone: sourceZone, inputs: inputs, osticket: osticket,
            policy: policy.map(resolve), asOf: asOf ?? "now",
            reportZone: reportZone, reportOutput: resolve(reportOutput ?? "reports"),
            periods: periods ?? "last-week", formats: formats, lockWait: lockWait,
            fileMode: fileMode)
        configuration.acceptedYears = acceptedYears
        configuration.onError = onError
        let checkedLater = ["as_of", "policy", "source_zone", "report.zone", "report.output", "report.periods", "report.formats", "osticket.source_zone"]
            + inputs.indices.flatMap { ["imports[\($0)]", "imports[\($0)].path", "imports[\($0)].format", "imports[\($0)].profile"] }
        for key in checkedLater {
            if let mark = document.mark(at: key) { configuration.places[key] = Place(line: mark.line, column: mark.column) }
        }
        if let value = report["redact"], !(value is NSNull) {
            guard let text = value as? String, text == "requesters" else {
                throw fail("report.redact", "expected requesters")
            }
            configuration.redact = text
        }
        return configuration
    }
}

/// An osTicket database to pull tickets and history from (`import --osticket`, or `osticket:` in
/// the run configuration). It names no password: that comes from the environment or `defaultsFile`.
public struct OsTicketSource: Sendable, Hashable {
    /// `mysql://user@host:3306/osticket`, or `mysql://user@localhost/osticket?socket=/path`.
    public var url: String
    public var tablePrefix: String
    /// A MySQL option file (`[client]` user, password, host, socket).
    public var defaultsFile: String?
    /// The zone osTicket's times are written in; nil to read it from the server.
    public var sourceZone: String?

    public init(url: String, tablePrefix: String = "ost_", defaultsFile: String? = nil, sourceZone: String? = nil) {
        self.url = url
        self.tablePrefix = tablePrefix
        self.defaultsFile = defaultsFile
        self.sourceZone = sourceZone
    }
}
