/// Everything a synthetic help desk is made of, shaped like the seed's bank: the people,
/// teams, departments, help topics, priorities, SLA plans and statuses, with the ids
/// osTicket would give them (they appear in the history's `data` JSON).
public struct HelpDeskDirectory: Hashable, Sendable {
    /// An agent (osTicket staff member).
    public struct Agent: Hashable, Sendable {
        public var staffId: Int
        public var firstName: String
        public var lastName: String
        /// The team the agent works in.
        public var team: Team
        /// "First Last", osTicket's default `agent_name_format`.
        public var fullName: String { firstName + " " + lastName }
    }

    /// An osTicket team.
    public struct Team: Hashable, Sendable {
        public var id: Int
        public var name: String
    }

    /// An osTicket department (a top-level one, so its full name is its name).
    public struct Department: Hashable, Sendable {
        public var id: Int
        public var name: String
    }

    /// A ticket priority (`ost_ticket_priority`).
    public struct Priority: Hashable, Sendable {
        public var id: Int
        public var name: String
    }

    /// A ticket status (`ost_ticket_status`).
    public struct Status: Hashable, Sendable {
        public var id: Int
        public var name: String
        /// Whether the status's state is `closed` (it stops the SLA and leaves the overdue checks).
        public var isClosed: Bool
    }

    /// An SLA plan: a grace period in whole hours counted on a schedule.
    public struct SLAPlan: Hashable, Sendable {
        public var id: Int
        public var name: String
        public var graceHours: Int
        public var schedule: OsTicketSchedule
    }

    /// A help topic with what tickets filed under it look like.
    public struct HelpTopic: Hashable, Sendable {
        public var id: Int
        /// The full name osTicket exports, e.g. `Report a Problem / Access Issue`.
        public var fullName: String
        /// Relative share of new tickets.
        public var weight: Int
        /// How much likelier than average (100) a ticket of this topic is escalated to Online Banking.
        public var escalationWeight: Int
        /// Typical subjects.
        public var subjects: [String]
    }

    /// Someone who files tickets.
    public struct Requester: Hashable, Sendable {
        public var name: String
        public var email: String
    }

    /// Team 1, where every ticket starts (the seed's "Level 1 Support").
    public var level1Support: Team
    /// Team 2, which Level 1 escalates to.
    public var onlineBanking: Team
    /// Department 1, every ticket's department at creation.
    public var support: Department
    /// Department 4, where some escalations are transferred.
    public var onlineBankingServices: Department
    /// Priorities 1-4, osTicket's defaults.
    public var low: Priority
    public var normal: Priority
    public var high: Priority
    public var emergency: Priority
    /// Statuses 1-3 are osTicket's defaults; "On Hold" is a custom open-state status, id 6
    /// (ids 4 and 5 are the default Archived and Deleted).
    public var open: Status
    public var resolved: Status
    public var closed: Status
    public var onHold: Status
    /// Plan 1: 18 hours on osTicket's default Monday-Friday 08:00-17:00 schedule with U.S. holidays.
    public var defaultSLA: SLAPlan
    /// Plan 2: 1 hour on the 24/7 schedule.
    public var severityA: SLAPlan
    public var agents: [Agent]
    public var requesters: [Requester]
    public var helpTopics: [HelpTopic]
    /// Ticket sources (`ost_ticket.source`) with their relative shares.
    public var sources: [(name: String, weight: Int)] {
        [("Web", 60), ("Email", 30), ("Phone", 10)]
    }

    /// The bank's help desk: `agentCount` agents named "Agent One", "Agent Two", ... (Agent One
    /// and every third after it work in Online Banking, the rest in Level 1 Support, so Agent Two
    /// triages as in the seed), and `requesterCount` requesters with distinct names and emails.
    public static func bank(agentCount: Int = 8, requesterCount: Int = 200) -> HelpDeskDirectory {
        precondition(agentCount >= 2, "the desk needs an agent in each team")
        precondition(requesterCount >= 1)
        let level1 = Team(id: 1, name: "Level 1 Support")
        let banking = Team(id: 2, name: "Online Banking")
        let agents = (1...agentCount).map { ordinal in
            // osTicket's staff ids 1 and 2 belong to the administrators who installed it.
            Agent(staffId: ordinal + 2, firstName: "Agent", lastName: spelledOut(ordinal),
                  team: ordinal % 3 == 1 ? banking : level1)
        }
        let businessDays = OsTicketSchedule.mondayToFriday8to5WithUSHolidays
        return HelpDeskDirectory(
            level1Support: level1, onlineBanking: banking,
            support: Department(id: 1, name: "Support"),
            onlineBankingServices: Department(id: 4, name: "Online Banking Services"),
            low: Priority(id: 1, name: "Low"), normal: Priority(id: 2, name: "Normal"),
            high: Priority(id: 3, name: "High"), emergency: Priority(id: 4, name: "Emergency"),
            open: Status(id: 1, name: "Open", isClosed: false),
            resolved: Status(id: 2, name: "Resolved", isClosed: true),
            closed: Status(id: 3, name: "Closed", isClosed: true),
            onHold: Status(id: 6, name: "On Hold", isClosed: false),
            defaultSLA: SLAPlan(id: 1, name: "Default SLA", graceHours: 18, schedule: businessDays),
            severityA: SLAPlan(id: 2, name: "Severity A", graceHours: 1, schedule: .allDay),
            agents: agents,
            requesters: (0..<requesterCount).map(requester),
            helpTopics: bankTopics)
    }

    /// The agents of one team.
    public func agents(in team: Team) -> [Agent] {
        agents.filter { $0.team == team }
    }

    private static func requester(_ index: Int) -> Requester {
        let first = firstNames[index % firstNames.count]
        let last = lastNames[(index / firstNames.count) % lastNames.count]
        let round = index / (firstNames.count * lastNames.count)
        let suffix = round == 0 ? "" : String(round + 1)
        return Requester(name: first.name + " " + last.name,
                         email: first.email + "." + last.email + suffix + "@example.com")
    }

    private static let firstNames: [(name: String, email: String)] = [
        ("Maria", "maria"), ("James", "james"), ("Aisha", "aisha"), ("Wei", "wei"), ("José", "jose"),
        ("Emily", "emily"), ("Liam", "liam"), ("Priya", "priya"), ("Noah", "noah"), ("Fatima", "fatima"),
        ("Olivia", "olivia"), ("Hiroshi", "hiroshi"), ("Zoë", "zoe"), ("Daniel", "daniel"), ("Chloé", "chloe"),
        ("Mateo", "mateo"), ("Grace", "grace"), ("Kwame", "kwame"), ("Sofia", "sofia"), ("Ethan", "ethan"),
    ]

    private static let lastNames: [(name: String, email: String)] = [
        ("Garcia", "garcia"), ("Smith", "smith"), ("Khan", "khan"), ("Chen", "chen"), ("Álvarez", "alvarez"),
        ("Johnson", "johnson"), ("O'Brien", "obrien"), ("Patel", "patel"), ("Williams", "williams"),
        ("Haddad", "haddad"), ("Brown", "brown"), ("Tanaka", "tanaka"), ("Schäfer", "schafer"),
        ("Miller", "miller"), ("Dubois", "dubois"), ("Rossi", "rossi"), ("Nguyen", "nguyen"),
        ("Mensah", "mensah"), ("Kowalski", "kowalski"), ("Davis", "davis"),
    ]

    private static let bankTopics: [HelpTopic] = [
        HelpTopic(id: 12, fullName: "Report a Problem / Online Banking", weight: 25, escalationWeight: 180, subjects: [
            "Online banking system outage", "Cannot see recent transactions online",
            "Bill payment failed with error 502", "Online banking shows \"Service unavailable\"",
            "Funds transfer stuck in pending", "Statement download returns a blank PDF",
            "Account registration fails on the website", "Scheduled payment ran twice",
        ]),
        HelpTopic(id: 13, fullName: "Report a Problem / Mobile App", weight: 15, escalationWeight: 140, subjects: [
            "Unable to log in to mobile app", "Mobile app crashes on launch", "Fingerprint login stopped working",
            "Mobile deposit rejected, image too blurry", "App shows wrong balance", "Push alerts not arriving",
        ]),
        HelpTopic(id: 11, fullName: "Report a Problem / Access Issue", weight: 25, escalationWeight: 60, subjects: [
            "Password reset request", "Account locked after failed logins", "MFA code not arriving by SMS",
            "Cannot log in, says \"invalid credentials\"", "Forgot my username", "Security question reset",
        ]),
        HelpTopic(id: 14, fullName: "Report a Problem / Payments and Transfers", weight: 15, escalationWeight: 90, subjects: [
            "Card declined at checkout", "Duplicate charge on debit card", "Wire transfer not received",
            "Payment sent to the wrong recipient", "Transfer limit too low", "Refund not credited",
        ]),
        HelpTopic(id: 1, fullName: "General Inquiry", weight: 15, escalationWeight: 30, subjects: [
            "Question about account fees", "How do I order new checks?", "Update mailing address",
            "Request a statement copy (March)", "Branch opening hours", "Close a savings account",
        ]),
        HelpTopic(id: 2, fullName: "Feedback", weight: 5, escalationWeight: 20, subjects: [
            "Feedback: the new dashboard is confusing", "Thanks for the quick help", "Suggestion: dark mode",
        ]),
    ]
}
