import Foundation
import Testing
import SLAModel
import SLAImport
@testable import SLAOsTicketDatabase

/// Collects what the readers yield from a pull's files.
struct CollectingSink: ImportSink {
    var tickets: [Ticket] = []
    var events: [LifecycleEvent] = []
    mutating func accept(ticket: Ticket, line: Int) throws { tickets.append(ticket) }
    mutating func accept(event: LifecycleEvent, line: Int) throws { events.append(event) }
}

/// The desk of `Fixtures/osticket-desk.sql` on a private MariaDB with osTicket 1.18.1's real schema.
private func startDesk(zone: String) throws -> PrivateMariaDB? {
    if let reason = PrivateMariaDB.unavailableReason {
        print("skipped: \(reason)")
        return nil
    }
    let server = try PrivateMariaDB(zone: zone)
    let rows = try String(contentsOfFile: Bundle.module.resourceURL!.appendingPathComponent("Fixtures/osticket-desk.sql").path,
                          encoding: .utf8)
    try server.sql(rows, database: "osticket")
    return server
}

private func scratchFolder() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("slareport-pull-\(UUID().uuidString.prefix(8))").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func read(_ pull: OsTicketPull) throws -> CollectingSink {
    var sink = CollectingSink()
    let options = ImportOptions(sourceZone: pull.zone)
    _ = try FileImporter.read(path: pull.ticketsFile, format: nil, options: options, into: &sink)
    _ = try FileImporter.read(path: pull.historyFile, format: nil, options: options, into: &sink)
    return sink
}

@Suite struct OsTicketAddressTests {
    @Test func socketAndPortAddressesParse() throws {
        let socket = try OsTicketDatabaseAddress(parsing: "mysql://slareport@localhost/osticket?socket=/run/mysqld/mysqld.sock")
        #expect(socket == OsTicketDatabaseAddress(user: "slareport", host: "localhost", socket: "/run/mysqld/mysqld.sock", database: "osticket"))
        let tcp = try OsTicketDatabaseAddress(parsing: "mysql://reader@db.example.com:3307/helpdesk")
        #expect(tcp.port == 3307 && tcp.host == "db.example.com" && tcp.database == "helpdesk" && tcp.user == "reader")
        #expect(tcp.description == "mysql://reader@db.example.com:3307/helpdesk")
    }

    @Test func aPasswordInTheAddressIsRefusedAndNeverShown() {
        #expect {
            _ = try OsTicketDatabaseAddress(parsing: "mysql://reader:hunter2@db/osticket")
        } throws: { error in
            let text = "\(error)"
            return text.contains("SLAREPORT_DB_PASSWORD") && !text.contains("hunter2")
        }
    }

    @Test func badAddressesSayWhatIsExpected() {
        for text in ["postgres://u@h/db", "mysql://u@h", "mysql://u@h/db?sock=/x", "not a url"] {
            #expect(throws: OsTicketDatabaseError.self) { _ = try OsTicketDatabaseAddress(parsing: text) }
        }
    }

    @Test func thePrefixReplacesTableNamesOnly() {
        let sql = "SELECT h.host_name FROM ost_ticket t JOIN ost_thread th ON cost_id = 1 -- ost_config"
        #expect(OsTicketQueries.withPrefix(sql, "helpdesk_")
                == "SELECT h.host_name FROM helpdesk_ticket t JOIN helpdesk_thread th ON cost_id = 1 -- helpdesk_config")
        #expect(OsTicketQueries.isValidPrefix("ost_") && !OsTicketQueries.isValidPrefix("x; DROP") && !OsTicketQueries.isValidPrefix(""))
    }

    @Test func theCompiledInQueriesAreTheShippedFiles() throws {
        let folder = PrivateMariaDB.packageRoot + "/sample-data/osticket/"
        #expect(OsTicketQueries.ticketsSQL == (try String(contentsOfFile: folder + "export-tickets.sql", encoding: .utf8)))
        #expect(OsTicketQueries.historySQL == (try String(contentsOfFile: folder + "export-history.sql", encoding: .utf8)))
    }

    @Test func serverZoneNamesAreUsedOnlyWhenTheyAreZones() {
        #expect(OsTicketPuller.usableZone("Europe/Berlin") == "Europe/Berlin")
        #expect(OsTicketPuller.usableZone("UTC") == "UTC" && OsTicketPuller.usableZone("+00:00") == "UTC")
        // Abbreviations do not say when daylight saving time starts.
        #expect(OsTicketPuller.usableZone("EST") == nil && OsTicketPuller.usableZone("CEST") == nil)
        #expect(OsTicketPuller.usableZone("SYSTEM") == nil && OsTicketPuller.usableZone("Mars/Olympus") == nil)
    }
}

@Suite(.serialized) struct OsTicketPullTests {
    @Test func aFullPullPrintsWhatMysqlBatchPrints() throws {
        // The server's SYSTEM zone is New York: @@system_time_zone says EST (an abbreviation), so the
        // zone is the IANA zone whose offsets match those the server reports (FROM_UNIXTIME).
        guard let server = try startDesk(zone: "America/New_York") else { return }
        defer { server.stop() }
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let address = OsTicketDatabaseAddress(user: "root", host: "localhost", socket: server.socket, database: "osticket")
        let pull = try OsTicketPuller.pull(address: address, credentials: OsTicketCredentials(password: nil, defaultsFile: nil),
                                           sourceZone: nil, since: nil, into: folder)
        #expect(pull.ticketRows == 3 && pull.historyRows == 22)
        #expect(pull.zone == "America/New_York" && pull.zoneOrigin.hasPrefix("the server's UTC offsets"))
        #expect(pull.zoneOrigin.hasSuffix("@@system_time_zone EST") || pull.zoneOrigin.hasSuffix("@@system_time_zone EDT"))
        #expect(pull.watermark.lastEventID == 116 && pull.watermark.lastEntryID == 210)
        // Byte for byte what `mysql --batch -e "$(cat export-*.sql)"` prints.
        let root = PrivateMariaDB.packageRoot + "/sample-data/osticket/"
        #expect(try String(contentsOfFile: pull.ticketsFile, encoding: .utf8)
                == server.sql(try String(contentsOfFile: root + "export-tickets.sql", encoding: .utf8), database: "osticket"))
        #expect(try String(contentsOfFile: pull.historyFile, encoding: .utf8)
                == server.sql(try String(contentsOfFile: root + "export-history.sql", encoding: .utf8), database: "osticket"))
        let sink = try read(pull)
        #expect(sink.tickets.map(\.number) == ["482913", "711980", "835120"])
        #expect(sink.tickets[1].subject == "Cannot\tlog in \\ VPN\nagain")
        // 21 lifecycle events and the agent's due-date edit (event 106), a due_date_changed event since i8-rules.
        #expect(sink.events.count == 22)
        #expect(sink.events.filter { $0.kind == .dueDateChanged }.count == 1)
        #expect(sink.tickets[0].manualDueAt?.iso8601 == "2025-08-04T16:00:00Z")
    }

    @Test func anIncrementalPullFetchesOnlyTheTicketsThatChanged() throws {
        guard let server = try startDesk(zone: "UTC") else { return }
        defer { server.stop() }
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let address = OsTicketDatabaseAddress(user: "root", host: "localhost", socket: server.socket, database: "osticket")
        let credentials = OsTicketCredentials(password: nil, defaultsFile: nil)
        let first = try OsTicketPuller.pull(address: address, credentials: credentials, sourceZone: nil, since: nil, into: try makeFolder(folder + "/1"))
        #expect(first.ticketRows == 3 && first.zoneOrigin == "the server's @@system_time_zone" && first.zone == "UTC")
        // Nothing changed: nothing fetched.
        let idle = try OsTicketPuller.pull(address: address, credentials: credentials, sourceZone: nil, since: first.watermark,
                                           into: try makeFolder(folder + "/2"))
        #expect(idle.ticketRows == 0 && idle.historyRows == 0)
        // 711980 gets a new event; 835120's row is edited (no event); a new ticket 900001 arrives with its own
        // history; 482913 is left alone.
        try server.sql("""
            INSERT INTO ost_thread_event (id, thread_id, thread_type, event_id, staff_id, team_id, dept_id, topic_id, data, username, uid, uid_type, annulled, timestamp)
                VALUES (117, 11, 'T', 4, 1, 1, 1, 1, '{"staff":[1,"Agent One"]}', 'agent2', 2, 'S', 0, '2025-08-04 12:00:00');
            UPDATE ost_ticket SET staff_id = 1, updated = '2025-08-04 12:00:00' WHERE ticket_id = 2;
            UPDATE ost_ticket SET isoverdue = 0, updated = NOW() WHERE ticket_id = 3;
            INSERT INTO ost_ticket (ticket_id, number, user_id, status_id, dept_id, sla_id, topic_id, source, lastupdate, created, updated)
                VALUES (4, '900001', 2, 1, 1, 1, 1, 'Web', '2025-08-04 13:00:00', '2025-08-04 13:00:00', '2025-08-04 13:00:00');
            INSERT INTO ost_thread (id, object_id, object_type, created) VALUES (14, 4, 'T', '2025-08-04 13:00:00');
            INSERT INTO ost_thread_event (id, thread_id, thread_type, event_id, staff_id, team_id, dept_id, topic_id, username, uid, uid_type, annulled, timestamp)
                VALUES (118, 14, 'T', 1, 0, 1, 1, 1, 'sam', 2, 'U', 0, '2025-08-04 13:00:00');
            INSERT INTO ost_thread_entry (id, thread_id, staff_id, user_id, type, flags, poster, body, created, updated)
                VALUES (211, 14, 0, 2, 'M', 1, 'Sam Poe', 'Hello', '2025-08-04 13:00:00', '2025-08-04 13:00:00');
            """, database: "osticket")
        let second = try OsTicketPuller.pull(address: address, credentials: credentials, sourceZone: nil, since: idle.watermark,
                                             into: try makeFolder(folder + "/3"))
        let sink = try read(second)
        #expect(sink.tickets.map(\.number) == ["711980", "835120", "900001"])
        #expect(second.ticketRows == 3)
        // Each changed ticket comes with its whole history (the holder corrections need its earlier rows).
        #expect(Set(sink.events.map(\.ticketNumber)) == ["711980", "835120", "900001"])
        #expect(second.historyRows == 6 + 2 + 2)     // 711980: 4 events, 2 entries (one hidden left out)
        #expect(sink.events.contains { $0.identity == "event:117" && $0.agent == "Agent One" })
        #expect(second.watermark.lastEventID == 118 && second.watermark.lastEntryID == 211)
        // A given zone wins over the server's.
        let given = try OsTicketPuller.pull(address: address, credentials: credentials, sourceZone: "Europe/Berlin",
                                            since: second.watermark, into: try makeFolder(folder + "/4"))
        #expect(given.zone == "Europe/Berlin" && given.zoneOrigin == "--source-zone")
    }

    @Test func aServerZoneNoIANAZoneMatchesFallsBackToOsTicketsSettingElseRefuses() throws {
        // A POSIX TZ with an offset no IANA zone has (-3:17, no DST): @@system_time_zone says "XYZ".
        guard let server = try startDesk(zone: "XYZ+3:17") else { return }
        defer { server.stop() }
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let address = OsTicketDatabaseAddress(user: "root", host: "localhost", socket: server.socket, database: "osticket")
        let credentials = OsTicketCredentials(password: nil, defaultsFile: nil)
        let pulled = try OsTicketPuller.pull(address: address, credentials: credentials, sourceZone: nil, since: nil,
                                             into: try makeFolder(folder + "/1"))
        #expect(pulled.zone == "America/New_York" && pulled.zoneOrigin == "osTicket's db_timezone setting")
        try server.sql("DELETE FROM ost_config WHERE `key` = 'db_timezone'", database: "osticket")
        #expect {
            _ = try OsTicketPuller.pull(address: address, credentials: credentials, sourceZone: nil, since: nil,
                                        into: try makeFolder(folder + "/2"))
        } throws: { error in
            guard case OsTicketDatabaseError.unknownServerZone = error else { return false }
            return "\(error)".contains("XYZ") && "\(error)".contains("no IANA zone has the server's UTC offsets")
                && "\(error)".contains("--source-zone")
        }
    }

    @Test func connectionProblemsAreTypedErrorsThatNameNoPassword() throws {
        guard let server = try startDesk(zone: "UTC") else { return }
        defer { server.stop() }
        try server.sql("CREATE USER 'reader'@'localhost' IDENTIFIED BY 's3cret-pw'; GRANT SELECT ON osticket.* TO 'reader'@'localhost';")
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reader = OsTicketDatabaseAddress(user: "reader", host: "localhost", socket: server.socket, database: "osticket")
        func pull(_ address: OsTicketDatabaseAddress, _ credentials: OsTicketCredentials, prefix: String = "ost_") throws -> OsTicketPull {
            try OsTicketPuller.pull(address: address, credentials: credentials, tablePrefix: prefix, sourceZone: nil, since: nil,
                                    into: try makeFolder(folder + "/" + UUID().uuidString))
        }
        // The password from the environment, and from an option file.
        let environment = OsTicketCredentials.fromEnvironment(defaultsFile: nil, environment: ["SLAREPORT_DB_PASSWORD": "s3cret-pw"])
        #expect(try pull(reader, environment).ticketRows == 3)
        let optionFile = folder + "/my.cnf"
        try "[client]\npassword=s3cret-pw\n".write(toFile: optionFile, atomically: true, encoding: .utf8)
        #expect(try pull(reader, OsTicketCredentials(password: nil, defaultsFile: optionFile)).ticketRows == 3)
        // A wrong password.
        #expect {
            _ = try pull(reader, OsTicketCredentials(password: "wrong-pw", defaultsFile: nil))
        } throws: { error in
            guard case OsTicketDatabaseError.accessDenied = error else { return false }
            return !"\(error)".contains("wrong-pw")
        }
        // Another table prefix than the installation's.
        #expect {
            _ = try pull(reader, environment, prefix: "helpdesk_")
        } throws: { error in
            guard case OsTicketDatabaseError.missingTable = error else { return false }
            return "\(error)".contains("helpdesk_thread_event") && "\(error)".contains("--table-prefix")
        }
        // No such database; no server at the socket.
        var elsewhere = reader
        elsewhere.database = "nothere"
        #expect { _ = try pull(elsewhere, environment) } throws: { error in
            if case OsTicketDatabaseError.accessDenied = error { return true }    // reader may not even see it
            if case OsTicketDatabaseError.unknownDatabase = error { return true }
            return false
        }
        var root = reader
        root.user = "root"
        root.database = "nothere"
        #expect { _ = try pull(root, OsTicketCredentials(password: nil, defaultsFile: nil)) } throws: { error in
            if case OsTicketDatabaseError.unknownDatabase = error { return true } else { return false }
        }
        var nowhere = reader
        nowhere.socket = folder + "/no.sock"
        #expect { _ = try pull(nowhere, environment) } throws: { error in
            if case OsTicketDatabaseError.cannotConnect = error { return true } else { return false }
        }
    }
}

private func makeFolder(_ path: String) throws -> String {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
