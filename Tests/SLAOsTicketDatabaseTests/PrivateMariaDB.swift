import Foundation

/// A MariaDB server of the test's own: `mariadb-install-db` into a temporary folder, then
/// `mariadbd` on a socket there with networking off, and osTicket 1.18.1's real schema
/// (`setup/inc/streams/core/install-mysql.sql` from `../shared/vendor/osticket-1.18.1.tar.gz`,
/// prefix substituted) loaded into a database. Stopped and removed by `stop()`.
final class PrivateMariaDB {
    /// Why the server cannot run here (printed by the tests that skip), or nil.
    static var unavailableReason: String? {
        if serverBinary == nil { return "mariadbd not found (apt-get install mariadb-server)" }
        if installBinary == nil { return "mariadb-install-db not found (apt-get install mariadb-server)" }
        if clientBinary == nil { return "the mariadb client not found (apt-get install mariadb-client)" }
        if !FileManager.default.fileExists(atPath: osTicketTarball) { return "\(osTicketTarball) is absent" }
        return nil
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let osTicketTarball = packageRoot + "/../shared/vendor/osticket-1.18.1.tar.gz"
    static let serverBinary = find(["mariadbd", "mysqld"], in: ["/usr/sbin", "/usr/bin", "/usr/local/sbin"])
    static let installBinary = find(["mariadb-install-db", "mysql_install_db"], in: ["/usr/bin", "/usr/sbin", "/usr/local/bin"])
    static let clientBinary = find(["mariadb", "mysql"], in: ["/usr/bin", "/usr/local/bin"])

    static func find(_ names: [String], in folders: [String]) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for folder in path + folders {
            for name in names where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }

    let folder: String
    var socket: String { folder + "/mysqld.sock" }
    private var server: Process?

    /// Starts the server with `TZ=zone` (its SYSTEM zone) and creates `database` with osTicket's
    /// schema under `prefix`.
    init(zone: String = "UTC", database: String = "osticket", prefix: String = "ost_") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("slareport-mariadb-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let asRoot = getuid() == 0 ? ["--user=root"] : []
        try Self.run(Self.installBinary!, ["--no-defaults", "--datadir=\(folder)/data", "--auth-root-authentication-method=normal",
                                           "--skip-test-db"] + asRoot)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: Self.serverBinary!)
        // A private tmpdir: the server's temporary tables stay out of the shared /tmp.
        try FileManager.default.createDirectory(atPath: folder + "/tmp", withIntermediateDirectories: true)
        server.arguments = ["--no-defaults", "--datadir=\(folder)/data", "--socket=\(socket)", "--skip-networking",
                            "--tmpdir=\(folder)/tmp",
                            "--pid-file=\(folder)/mysqld.pid", "--log-error=\(folder)/server.log",
                            "--innodb-buffer-pool-size=16M"] + asRoot
        var environment = ProcessInfo.processInfo.environment
        environment["TZ"] = zone
        server.environment = environment
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        self.server = server
        var ready = false
        for _ in 0..<150 where !ready {
            ready = (try? sql("SELECT 1")) != nil
            if !ready { usleep(200_000) }
        }
        guard ready else { stop(); throw Failure(message: "mariadbd did not start; see \(folder)/server.log") }
        try sql("CREATE DATABASE \(database) CHARACTER SET utf8mb4")
        let schema = try Self.osTicketSchema().replacingOccurrences(of: "%TABLE_PREFIX%", with: prefix)
        try sql(schema, database: database)
    }

    deinit { stop() }

    func stop() {
        if let server, server.isRunning {
            server.terminate()
            server.waitUntilExit()
        }
        server = nil
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs SQL through the mariadb client as root; returns what it printed (`--batch`).
    @discardableResult
    func sql(_ text: String, database: String? = nil) throws -> String {
        // The SQL goes in as an argument, not through a pipe: a client that exits early (server not
        // up yet) must not leave a write to a closed pipe behind, which would kill the test process.
        try Self.run(Self.clientBinary!, ["--no-defaults", "--socket=\(socket)", "-uroot", "--batch", "--execute=" + text]
                     + (database.map { [$0] } ?? []))
    }

    struct Failure: Error, CustomStringConvertible { var message: String; var description: String { message } }

    /// install-mysql.sql from the osTicket tarball (unpacked into a temporary folder, never kept).
    static func osTicketSchema() throws -> String {
        let member = "osTicket-1.18.1/setup/inc/streams/core/install-mysql.sql"
        return try run("/bin/tar", ["-xzOf", osTicketTarball, member])
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // Output and errors go to files: reading two pipes one after the other can deadlock.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slareport-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("out"), errorURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let printed = try Data(contentsOf: outputURL)
        let complaint = try Data(contentsOf: errorURL)
        guard process.terminationStatus == 0 else {
            throw Failure(message: "\(executable) \(arguments.joined(separator: " ")): \(String(decoding: complaint, as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
