/// One ticket's resolution verdict for the compliance cohort, reduced to what a trend needs:
/// the team it counts under, the instant it falls at (the resolution, or the breach instant
/// while still open and already breached) and whether it met its target.
public struct ResolutionVerdict: Hashable, Sendable {
    /// The team holding the ticket at resolution, or at the as-of instant while open.
    public var team: String?
    public var judgedAt: Instant
    public var met: Bool

    public init(team: String?, judgedAt: Instant, met: Bool) {
        self.team = team
        self.judgedAt = judgedAt
        self.met = met
    }
}
