import SLAModel
import SLAEngine

/// The three tickets of the seed scenario (`seed/osTicket-lifecycle.md`), all opened on
/// 2025-08-05 in New York, told event by event as osTicket would have logged them. Ticket
/// 711979 is the online banking outage: Agent Two moves it to "Severity A" (1 h) and
/// Emergency and hands it to the Online Banking team, Agent One claims it, rolls back the
/// update, and closes it as Resolved half an hour after osTicket's cron flagged it overdue.
/// `sample-data/osticket/seed-*` are these tickets in the two export formats.
public enum SeedStory {
    /// The seed's ticket numbers, in creation order (a password reset, the outage, a mobile-app login).
    public static let ticketNumbers = [480263, 711979, 835120]

    /// The wall-clock zone of the story.
    public static let timeZone = "America/New_York"

    /// When the export was taken: 2025-08-05 18:00:00, New York.
    public static var exportedAt: Instant {
        ZoneRules.named(timeZone)!.instant(of: LocalDateTime(year: 2025, month: 8, day: 5, hour: 18))
    }

    /// The three tickets, oldest first.
    public static func tickets() -> [SyntheticTicket] {
        let zone = ZoneRules.named(timeZone)!
        let desk = HelpDeskDirectory.bank()
        let agentOne = desk.agents[0], agentTwo = desk.agents[1]
        func at(_ hour: Int, _ minute: Int, _ second: Int) -> Instant {
            zone.instant(of: LocalDateTime(year: 2025, month: 8, day: 5, hour: hour, minute: minute, second: second))
        }
        func recorder(index: Int, number: Int, priority: HelpDeskDirectory.Priority) -> TicketHistoryRecorder {
            // Seed rows are numbered below 1000, where generated rows start.
            TicketHistoryRecorder(directory: desk, zone: zone, index: index, number: String(number),
                                  cutoff: exportedAt, firstId: 101 + 100 * index, priority: priority,
                                  department: desk.support, team: desk.level1Support,
                                  cronDelays: SplitMix64(seed: 0), cronDelayRange: 1...1)
        }

        let userTwo = HelpDeskDirectory.Requester(name: "User Two", email: "user2@example.com")
        var reset = recorder(index: 0, number: ticketNumbers[0], priority: desk.normal)
        reset.create(at: at(15, 41, 26), by: userTwo.name)
        reset.message(at: at(15, 41, 26), by: userTwo.name)
        reset.claim(at: at(15, 47, 52), by: agentTwo)
        reset.response(at: at(15, 50, 9), by: agentTwo)
        reset.message(at: at(16, 15, 33), by: userTwo.name)
        reset.close(with: desk.resolved, at: at(16, 48, 9), by: agentTwo)

        let userOne = HelpDeskDirectory.Requester(name: "User One", email: "user1@example.com")
        var outage = recorder(index: 1, number: ticketNumbers[1], priority: desk.normal)
        outage.create(at: at(15, 58, 40), by: userOne.name)
        outage.message(at: at(15, 58, 40), by: userOne.name)
        outage.changePlan(to: desk.severityA, at: at(16, 2, 13), by: agentTwo)
        outage.changePriority(to: desk.emergency, at: at(16, 2, 30), by: agentTwo)
        outage.assign(desk.onlineBanking, at: at(16, 3, 5), by: agentTwo.fullName)
        outage.claim(at: at(16, 10, 47), by: agentOne)
        outage.response(at: at(16, 12, 30), by: agentOne)  // "A recent update may have caused this; rolling it back"
        // osTicket's cron logs `overdue` at 16:58:41, one second past the 1-hour due date.
        outage.close(with: desk.resolved, at: at(17, 26, 52), by: agentOne)

        let userThree = HelpDeskDirectory.Requester(name: "User Three", email: "user3@example.com")
        var mobile = recorder(index: 2, number: ticketNumbers[2], priority: desk.high)
        mobile.create(at: at(16, 10, 2), by: userThree.name)
        mobile.message(at: at(16, 10, 2), by: userThree.name)
        mobile.claim(at: at(16, 14, 30), by: agentTwo)
        mobile.note(at: at(16, 16, 11), by: agentTwo)
        mobile.response(at: at(16, 18, 45), by: agentTwo)

        return [
            reset.finish(subject: "Password reset request", requester: userTwo,
                         helpTopic: "Report a Problem / Access Issue", source: "Web", attachmentCount: 0),
            outage.finish(subject: "Online banking system outage", requester: userOne,
                          helpTopic: "Report a Problem / Online Banking", source: "Web", attachmentCount: 0),
            mobile.finish(subject: "Unable to log in to mobile app", requester: userThree,
                          helpTopic: "Report a Problem / Mobile App", source: "Email", attachmentCount: 1),
        ]
    }
}
