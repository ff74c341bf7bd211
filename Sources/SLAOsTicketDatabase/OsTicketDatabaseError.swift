/// Why a pull from osTicket's database could not run. Every case leaves the SQLite database as it was.
public enum OsTicketDatabaseError: Error, Sendable, CustomStringConvertible {
    /// The `mysql://` address is not one we can use.
    case badAddress(String, reason: String)
    /// No server answered at the address (wrong host, port or socket; server down).
    case cannotConnect(address: String, serverMessage: String)
    /// The server refused the user (wrong user or password, or no access to the database).
    case accessDenied(address: String, serverMessage: String)
    /// The database does not exist on the server.
    case unknownDatabase(address: String, serverMessage: String)
    /// A table the queries read is missing: not an osTicket database, or another table prefix.
    case missingTable(address: String, prefix: String, serverMessage: String)
    /// The server could not run a query (an older server, missing privileges, ...).
    case queryFailed(address: String, query: String, serverMessage: String)
    /// Neither `--source-zone` nor the server named a time zone we can use.
    case unknownServerZone(address: String, found: String)
    /// A temporary file for the fetched rows could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .badAddress(let address, let reason):
            return "\(address): \(reason) (expected mysql://user@host:3306/database or mysql://user@localhost/database?socket=/path/mysqld.sock)"
        case .cannotConnect(let address, let message):
            return "\(address): cannot connect to the database server: \(message) (check the host, port or socket, and that the server runs)"
        case .accessDenied(let address, let message):
            return "\(address): access denied: \(message) (check the user, and the password in SLAREPORT_DB_PASSWORD, MYSQL_PWD or the option file given with --defaults-file)"
        case .unknownDatabase(let address, let message):
            return "\(address): no such database: \(message)"
        case .missingTable(let address, let prefix, let message):
            return "\(address): \(message): is this osTicket's database, and is its table prefix \(prefix)? (set it with --table-prefix)"
        case .queryFailed(let address, let query, let message):
            return "\(address): the \(query) query failed: \(message) (it needs MariaDB 10.5+ or MySQL 5.7.22+ and SELECT on osTicket's tables)"
        case .unknownServerZone(let address, let found):
            return "\(address): the server's time zone is \(found), which is not an IANA zone name; pass the zone osTicket's times are written in with --source-zone (e.g. America/New_York)"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write the fetched rows: \(reason)"
        }
    }
}
