/// Which row of a per-team table a number belongs to.
public enum TeamKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A named team.
    case team(String)
    /// Tickets that no team held.
    case noTeam
    /// The total over every ticket.
    case allTeams

    /// The key for a team name as stored on a ticket (nil or blank means no team).
    public init(_ name: String?) {
        guard let name, !name.trimmingSpaces.isEmpty else { self = .noTeam; return }
        self = .team(name)
    }

    /// The name shown in reports: the team's name, "(no team)" or "All teams".
    public var displayName: String {
        switch self {
        case .team(let name): return name
        case .noTeam: return "(no team)"
        case .allTeams: return "All teams"
        }
    }

    public var description: String { displayName }

    /// Named teams by name (case-insensitively, then exactly), then "(no team)", then "All teams".
    public static func < (lhs: TeamKey, rhs: TeamKey) -> Bool {
        switch (lhs, rhs) {
        case (.team(let a), .team(let b)):
            let (la, lb) = (a.lowercased(), b.lowercased())
            return la != lb ? la < lb : a < b
        case (.team, _): return true
        case (.noTeam, .allTeams): return true
        default: return false
        }
    }
}

/// Met and judged counts behind a compliance percentage.
public struct ComplianceCount: Hashable, Sendable {
    public var met: Int
    /// met + breached + ongoing breaches.
    public var judged: Int

    public init(met: Int = 0, judged: Int = 0) {
        self.met = met
        self.judged = judged
    }

    /// met / judged as a fraction 0 ... 1, or nil when nothing was judged.
    public var ratio: Double? { judged == 0 ? nil : Double(met) / Double(judged) }
}

/// One row of the per-team table (or the "All teams" total): see `WeeklyReport.definitions`
/// for exactly which tickets each number counts.
public struct TeamSummary: Hashable, Sendable {
    public var team: TeamKey
    /// Tickets created in the period, under the team holding them at resolution (or as-of).
    public var created: Int
    /// Tickets resolved in the period, under the team holding them at resolution.
    public var resolved: Int
    /// Tickets created before the period's end and not resolved by then.
    public var openAtEnd: Int
    /// Tickets resolved in the period within their resolution target.
    public var met: Int
    /// Tickets resolved in the period after their resolution due instant.
    public var breachedResolved: Int
    /// Tickets still open at as-of whose resolution due instant passed in the period.
    public var breachedOngoing: Int
    /// Tickets whose resolution due instant passed in the period, under the team holding
    /// them at that moment (`TicketMetrics.breachTeam`).
    public var breaches: Int
    /// Nearest-rank median / p90 of business seconds to resolution, tickets resolved in the period.
    public var medianResolutionBusinessSeconds: Int64?
    public var p90ResolutionBusinessSeconds: Int64?
    /// Nearest-rank median / p90 of wall-clock seconds from creation to resolution.
    public var medianResolutionWallSeconds: Int64?
    public var p90ResolutionWallSeconds: Int64?

    public init(team: TeamKey, created: Int = 0, resolved: Int = 0, openAtEnd: Int = 0, met: Int = 0,
                breachedResolved: Int = 0, breachedOngoing: Int = 0, breaches: Int = 0,
                medianResolutionBusinessSeconds: Int64? = nil, p90ResolutionBusinessSeconds: Int64? = nil,
                medianResolutionWallSeconds: Int64? = nil, p90ResolutionWallSeconds: Int64? = nil) {
        self.team = team
        self.created = created
        self.resolved = resolved
        self.openAtEnd = openAtEnd
        self.met = met
        self.breachedResolved = breachedResolved
        self.breachedOngoing = breachedOngoing
        self.breaches = breaches
        self.medianResolutionBusinessSeconds = medianResolutionBusinessSeconds
        self.p90ResolutionBusinessSeconds = p90ResolutionBusinessSeconds
        self.medianResolutionWallSeconds = medianResolutionWallSeconds
        self.p90ResolutionWallSeconds = p90ResolutionWallSeconds
    }

    /// The numbers behind the resolution SLA compliance percentage.
    public var complianceCount: ComplianceCount {
        ComplianceCount(met: met, judged: met + breachedResolved + breachedOngoing)
    }

    /// Resolution SLA compliance as a fraction 0 ... 1; nil when no ticket was judged.
    public var compliance: Double? { complianceCount.ratio }
}
