import CMariaDB
import Foundation

/// One connection to a MariaDB or MySQL server through MariaDB Connector/C, reading results
/// row by row (`mysql_use_result`), so a large desk never sits in memory.
final class MariaDBConnection {
    private let handle: UnsafeMutablePointer<MYSQL>
    let address: OsTicketDatabaseAddress
    /// The table prefix, for the missing-table message.
    let prefix: String

    init(address: OsTicketDatabaseAddress, credentials: OsTicketCredentials, prefix: String) throws(OsTicketDatabaseError) {
        guard let handle = mysql_init(nil) else {
            throw .cannotConnect(address: address.description, serverMessage: "out of memory")
        }
        self.handle = handle
        self.address = address
        self.prefix = prefix
        var timeout: UInt32 = 15
        mysql_options(handle, MYSQL_OPT_CONNECT_TIMEOUT, &timeout)
        if let file = credentials.defaultsFile { mysql_options(handle, MYSQL_READ_DEFAULT_FILE, file) }
        // The [client] group of the option file (or of the usual files, ~/.my.cnf among them).
        mysql_options(handle, MYSQL_READ_DEFAULT_GROUP, "client")
        mysql_options(handle, MYSQL_SET_CHARSET_NAME, "utf8mb4")
        let connected = mysql_real_connect(handle, address.host, address.user, credentials.password, address.database,
                                           UInt32(address.port ?? 0), address.socket, 0)
        // On failure the handle is closed by deinit (it runs: every property is set).
        if connected == nil { throw classify(query: "connect") }
    }

    deinit { mysql_close(handle) }

    /// The server's error, as the case a user can act on.
    private func classify(query: String) -> OsTicketDatabaseError {
        let code = mysql_errno(handle)
        let message = String(cString: mysql_error(handle))
        let where_ = address.description
        switch code {
        case 1044, 1045, 1698: return .accessDenied(address: where_, serverMessage: message)
        case 1049: return .unknownDatabase(address: where_, serverMessage: message)
        case 1146: return .missingTable(address: where_, prefix: prefix, serverMessage: message)
        case 2001...2099: return .cannotConnect(address: where_, serverMessage: message)
        default: return .queryFailed(address: where_, query: query, serverMessage: message)
        }
    }

    /// Runs a statement that returns no rows.
    func execute(_ sql: String, name: String) throws(OsTicketDatabaseError) {
        try send(sql, name: name)
        if let result = mysql_store_result(handle) { mysql_free_result(result) }
    }

    /// Runs a query and hands each row (nil = SQL NULL) to `body` as it arrives; returns the column names
    /// and the number of rows.
    @discardableResult
    func query(_ sql: String, name: String, columns: ([String]) throws(OsTicketDatabaseError) -> Void = { _ in },
               row body: ([String?]) throws(OsTicketDatabaseError) -> Void) throws(OsTicketDatabaseError) -> Int {
        try send(sql, name: name)
        guard let result = mysql_use_result(handle) else { throw classify(query: name) }
        defer { mysql_free_result(result) }
        let count = Int(mysql_num_fields(result))
        var names: [String] = []
        if let fields = mysql_fetch_fields(result) {
            for index in 0..<count { names.append(String(cString: fields[index].name)) }
        }
        try columns(names)
        var rows = 0
        var values = [String?](repeating: nil, count: count)
        while let row = mysql_fetch_row(result) {
            guard let lengths = mysql_fetch_lengths(result) else { break }
            for index in 0..<count {
                if let cell = row[index] {
                    let bytes = UnsafeRawBufferPointer(start: cell, count: Int(lengths[index]))
                    values[index] = String(decoding: bytes, as: UTF8.self)
                } else {
                    values[index] = nil
                }
            }
            rows += 1
            try body(values)
        }
        // mysql_fetch_row returns NULL both at the end and on a failure midway.
        if mysql_errno(handle) != 0 { throw classify(query: name) }
        return rows
    }

    /// The first row of a query.
    func firstRow(_ sql: String, name: String) throws(OsTicketDatabaseError) -> [String?]? {
        var first: [String?]?
        try query(sql, name: name) { row in if first == nil { first = row } }
        return first
    }

    private func send(_ sql: String, name: String) throws(OsTicketDatabaseError) {
        // The shipped files end in `;`, which a single statement sent through the C API may not carry.
        var text = Substring(sql)
        while let last = text.last, last == ";" || last.isWhitespace { text = text.dropLast() }
        let status = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.withMemoryRebound(to: CChar.self) { mysql_real_query(handle, $0.baseAddress, UInt(bytes.count)) }
        } ?? String(text).withCString { mysql_real_query(handle, $0, UInt(strlen($0))) }
        if status != 0 { throw classify(query: name) }
    }
}
