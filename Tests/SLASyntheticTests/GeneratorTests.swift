import Foundation
import Testing
import SLAModel
import SLAEngine
@testable import SLASynthetic

@Suite struct GeneratorTests {
    static func desk(tickets: Int = 300, weeks: Int? = 6, seed: UInt64 = 7,
                     adjust: (inout SyntheticHelpDeskConfiguration) -> Void = { _ in }) -> SyntheticHelpDesk {
        var configuration = SyntheticHelpDeskConfiguration(tickets: tickets, weeks: weeks, seed: seed)
        adjust(&configuration)
        return try! SyntheticHelpDesk(configuration: configuration)
    }

    static func files(_ desk: SyntheticHelpDesk) -> (csv: [UInt8], tsv: [UInt8]) {
        (OsTicketQueueCSV(zone: desk.zone).render(desk.tickets(newestFirst: true)),
         LifecycleHistoryTSV(zone: desk.zone).render(desk.tickets()))
    }

    @Test func sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() {
        let first = Self.files(Self.desk(seed: 7))
        let again = Self.files(Self.desk(seed: 7))
        let other = Self.files(Self.desk(seed: 8))
        #expect(first.csv == again.csv)
        #expect(first.tsv == again.tsv)
        #expect(first.csv != other.csv)
        #expect(first.tsv != other.tsv)
        #expect(first.tsv.count > 100 * 300)
    }

    @Test func newestFirstIsTheReverseOfCreationOrder() {
        let desk = Self.desk(tickets: 120)
        let forward = desk.tickets().map(\.number)
        #expect(forward.count == 120)
        #expect(Array(desk.tickets(newestFirst: true).map(\.number)) == forward.reversed())
    }

    /// Across the summer span, both DST changes, and zones on either side of UTC.
    @Test(arguments: [("2025-06-23", "America/New_York"), ("2025-03-03", "America/New_York"),
                      ("2025-10-20", "America/New_York"), ("2025-10-20", "Europe/Berlin"),
                      ("2025-03-24", "Asia/Tokyo")])
    func everyRowIsAtOrAfterCreationInOrderWithUniqueIds(start: String, zone: String) throws {
        let parts = start.split(separator: "-").map { Int($0)! }
        let desk = try SyntheticHelpDesk(tickets: 600, weeks: 3,
                                         startDate: CivilDate(year: parts[0], month: parts[1], day: parts[2]),
                                         seed: 17, sourceTimeZone: zone)
        var eventIds = Set<Int>(), entryIds = Set<Int>()
        var previousNumber = 0
        for ticket in desk.tickets() {
            let number = Int(ticket.number)!
            #expect(number > previousNumber)
            previousNumber = number
            #expect(ticket.history.first?.kind == .created)
            #expect(ticket.history.first?.time == ticket.created)
            for (earlier, later) in zip(ticket.history, ticket.history.dropFirst()) {
                #expect(earlier.time <= later.time, "ticket \(ticket.number): \(earlier) after \(later)")
                #expect(earlier.sourceId < later.sourceId)
            }
            for row in ticket.history {
                #expect(row.ticketNumber == ticket.number)
                #expect(row.time >= ticket.created && row.time <= desk.exportedAt)
                let fresh = row.source == .event ? eventIds.insert(row.sourceId).inserted
                                                 : entryIds.insert(row.sourceId).inserted
                #expect(fresh, "duplicate \(row.source) id \(row.sourceId)")
            }
        }
        #expect(eventIds.count > 600 * 3)
    }

    @Test func ticketNumbersAvoidTheSeedsEvenAtScale() {
        var configuration = SyntheticHelpDeskConfiguration(tickets: 100_000, seed: 3)
        configuration.firstTicketNumber = 711_979 - 7 * 50
        let schedule = ArrivalSchedule(configuration: configuration, zone: .utc, workdays: .allDay)
        let numbers = (0..<200).map(schedule.ticketNumber(ofIndex:))
        #expect(!numbers.contains(711_979))
        #expect(Set(numbers).count == 200)
        #expect(zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func exportColumnsAgreeWithTheHistory() {
        let desk = Self.desk(tickets: 800, weeks: 8, seed: 11)
        var openOverdue = 0, closedBreached = 0, stillOpen = 0
        for ticket in desk.tickets() {
            let entries = ticket.history.filter { $0.source == .entry }
            #expect(ticket.threadCount == entries.count)
            #expect(ticket.reopenCount == ticket.history.filter { $0.kind == .reopened }.count)
            let closes = ticket.history.filter { $0.kind == .closed }
            #expect(closes.filter { !$0.annulled }.count <= 1)
            if let last = ticket.history.last(where: { $0.kind == .closed || $0.kind == .reopened }) {
                // Only the latest close of a closed ticket stays un-annulled.
                #expect((last.kind == .closed) == (ticket.closed != nil))
                if last.kind == .closed { #expect(!last.annulled && last.time == ticket.closed) }
            }
            if ticket.closed == nil {
                stillOpen += 1
                #expect(["Open", "On Hold"].contains(ticket.status))
                #expect(ticket.slaDueDate != nil)
                if ticket.isOverdue { openOverdue += 1 }
            } else {
                #expect(["Resolved", "Closed"].contains(ticket.status))
                #expect(!ticket.isOverdue)
                #expect(ticket.agent != nil)
                if let due = ticket.slaDueDate { #expect(due > ticket.closed!) } else { closedBreached += 1 }
            }
            // An overdue flag on an open ticket always has its event.
            if ticket.isOverdue { #expect(ticket.history.last(where: { $0.kind == .overdue }) != nil) }
            for row in ticket.history where row.kind == .overdue {
                #expect(row.username == "SYSTEM" && row.data == nil)
            }
            for row in ticket.history where row.kind == .assigned && row.data == #"{"claim":true}"# {
                #expect(row.agent == row.username)
            }
        }
        #expect(stillOpen > 0)
        #expect(openOverdue > 0)
        #expect(closedBreached > 0)
    }

    /// The share of tickets escalated to Online Banking follows the configured rate.
    @Test(arguments: [0.3, 0.6])
    func escalationShareFollowsTheRate(rate: Double) {
        let desk = Self.desk(tickets: 2000, weeks: 10, seed: 5) { $0.escalationRate = rate }
        var escalated = 0, total = 0
        for ticket in desk.tickets() {
            total += 1
            if ticket.history.contains(where: { $0.kind == .assigned && $0.data == #"{"team":2}"# }) {
                escalated += 1
                // Escalations leave Level 1 for the Online Banking team.
                #expect(ticket.history.last(where: { $0.data == #"{"team":2}"# })?.team == "Online Banking")
            }
        }
        let share = Double(escalated) / Double(total)
        #expect(abs(share - rate) < 0.05, "escalated \(share)")
    }

    @Test func reopenShareAndMetShareAreRealistic() {
        let desk = Self.desk(tickets: 3000, weeks: 12, seed: 9) { $0.reopenRate = 0.1 }
        var closedOnce = 0, reopened = 0, closedTickets = 0, metTickets = 0
        for ticket in desk.tickets() {
            let closes = ticket.history.filter { $0.kind == .closed }
            if !closes.isEmpty { closedOnce += 1 }
            if ticket.history.contains(where: { $0.kind == .reopened }) { reopened += 1 }
            if ticket.closed != nil {
                closedTickets += 1
                if ticket.slaDueDate != nil { metTickets += 1 }
            }
        }
        let reopenShare = Double(reopened) / Double(closedOnce)
        #expect(abs(reopenShare - 0.1) < 0.03, "reopened \(reopenShare)")
        let metShare = Double(metTickets) / Double(closedTickets)
        #expect(metShare > 0.78 && metShare < 0.93, "met \(metShare)")
    }

    @Test func ticketsArriveMostlyInBusinessHoursWithinTheSpan() {
        let desk = Self.desk(tickets: 1000, weeks: 5)
        let first = desk.zone.instant(of: LocalDateTime(date: desk.configuration.startDate, secondOfDay: 0))
        var inHours = 0
        for ticket in desk.tickets() {
            #expect(ticket.created >= first && ticket.created < desk.exportedAt)
            let local = desk.zone.localTime(of: ticket.created)
            if local.date.isoWeekday <= 5 && local.secondOfDay >= 8 * 3600 && local.secondOfDay < 17 * 3600 {
                inHours += 1
            }
        }
        #expect(inHours > 750 && inHours < 950)
    }

    @Test func volumeOptions() {
        #expect(SyntheticHelpDeskConfiguration(weeks: 10).ticketCount == 400)
        #expect(SyntheticHelpDeskConfiguration(tickets: 100).weeks == 3)
        #expect(SyntheticHelpDeskConfiguration(tickets: 100_000).weeks == 52)
        #expect(SyntheticHelpDeskConfiguration().ticketCount == 400)
        #expect(throws: SyntheticHelpDesk.ConfigurationError.unknownTimeZone("Mars/Base")) {
            try SyntheticHelpDesk(tickets: 5, sourceTimeZone: "Mars/Base")
        }
    }

    @Test func writesBothFilesAtomically() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("slasynthetic-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let desk = Self.desk(tickets: 50, weeks: 2)
        let summary = try OsTicketExportFiles.write(desk, to: directory)
        let files = Self.files(desk)
        let csv = try Data(contentsOf: directory.appendingPathComponent(OsTicketExportFiles.ticketsFileName))
        let tsv = try Data(contentsOf: directory.appendingPathComponent(OsTicketExportFiles.historyFileName))
        #expect(Array(csv) == files.csv)
        #expect(Array(tsv) == files.tsv)
        #expect(summary.tickets == 50)
        #expect(summary.events + summary.entries + 1 == tsv.split(separator: UInt8(ascii: "\n")).count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            == [OsTicketExportFiles.ticketsFileName, OsTicketExportFiles.historyFileName].sorted())
    }
}
