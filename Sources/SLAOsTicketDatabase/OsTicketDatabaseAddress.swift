import Foundation

/// Where osTicket's database is: `mysql://user@host:3306/osticket`, or over a unix socket
/// `mysql://user@localhost/osticket?socket=/run/mysqld/mysqld.sock`. The address never holds
/// the password: that comes from the environment or an option file (see `OsTicketCredentials`).
public struct OsTicketDatabaseAddress: Sendable, Hashable, CustomStringConvertible {
    /// The user; nil to take it from the option file.
    public var user: String?
    public var host: String
    public var port: Int?
    public var socket: String?
    public var database: String

    public init(user: String?, host: String, port: Int? = nil, socket: String? = nil, database: String) {
        self.user = user
        self.host = host
        self.port = port
        self.socket = socket
        self.database = database
    }

    /// Parses a `mysql://` (or `mariadb://`) address. A password in it is refused, so it never
    /// lands in a crontab, a configuration file or a process list.
    public init(parsing text: String) throws(OsTicketDatabaseError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw .badAddress(text, reason: "not a URL")
        }
        guard scheme == "mysql" || scheme == "mariadb" else {
            throw .badAddress(text, reason: "the scheme is \(scheme), expected mysql")
        }
        if components.password != nil {
            throw .badAddress(components.user.map { "mysql://\($0):***@..." } ?? "mysql://...",
                              reason: "the address holds a password; put it in SLAREPORT_DB_PASSWORD (or MYSQL_PWD) or in an option file (--defaults-file) instead")
        }
        guard let host = components.host, !host.isEmpty else { throw .badAddress(text, reason: "no host") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !database.isEmpty, !database.contains("/") else {
            throw .badAddress(text, reason: "no database name after the host")
        }
        var socket: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "socket":
                guard let value = item.value, !value.isEmpty else { throw .badAddress(text, reason: "socket= needs a path") }
                socket = value
            default:
                throw .badAddress(text, reason: "unknown parameter \(item.name) (only socket= is understood)")
            }
        }
        self.init(user: components.user.flatMap { $0.isEmpty ? nil : $0 }, host: host, port: components.port,
                  socket: socket, database: database)
    }

    /// The address as written, without any secret: `mysql://user@host:port/database`.
    public var description: String {
        var text = "mysql://" + (user.map { $0 + "@" } ?? "") + host
        if let port { text += ":\(port)" }
        text += "/" + database
        if let socket { text += "?socket=" + socket }
        return text
    }
}

/// Where the password comes from: `SLAREPORT_DB_PASSWORD`, else `MYSQL_PWD`, else an option file
/// (`--defaults-file`, else the client's usual ones such as `~/.my.cnf`, `[client]` group).
public struct OsTicketCredentials: Sendable {
    /// The password from the environment, if set there.
    public var password: String?
    /// An option file (`~/.my.cnf` style) to read `[client]` settings from.
    public var defaultsFile: String?

    public init(password: String?, defaultsFile: String?) {
        self.password = password
        self.defaultsFile = defaultsFile
    }

    /// The password from `SLAREPORT_DB_PASSWORD` or `MYSQL_PWD`, and the given option file.
    public static func fromEnvironment(defaultsFile: String?,
                                       environment: [String: String] = ProcessInfo.processInfo.environment) -> OsTicketCredentials {
        OsTicketCredentials(password: environment["SLAREPORT_DB_PASSWORD"] ?? environment["MYSQL_PWD"],
                            defaultsFile: defaultsFile)
    }
}
