import SLAModel

/// A policy's name lookups prepared once per replayer, so replaying millions of events does
/// no per-event string folding: exact names hit a dictionary, other spellings fall back to
/// a case-insensitive one. A class: a walk calls it through `ReplayRules`, and a struct's
/// method called there worked on a copy of all seven dictionaries.
final class PolicyLookup: Sendable {
    private let plans: [String: SLAPlanDefinition]
    private let plansFolded: [String: SLAPlanDefinition]
    private let byPriority: [String: SLAPlanDefinition]
    private let byPriorityFolded: [String: SLAPlanDefinition]
    private let defaultPlan: SLAPlanDefinition?
    private let states: [String: LifecycleState]
    private let statesFolded: [String: LifecycleState]

    init(_ policy: SLAPolicy) {
        var plans: [String: SLAPlanDefinition] = [:], folded: [String: SLAPlanDefinition] = [:]
        for plan in policy.plans {
            if plans[plan.name] == nil { plans[plan.name] = plan }
            if folded[plan.name.lowercased()] == nil { folded[plan.name.lowercased()] = plan }
        }
        self.plans = plans
        plansFolded = folded
        var byPriority: [String: SLAPlanDefinition] = [:], byPriorityFolded: [String: SLAPlanDefinition] = [:]
        for (priority, name) in policy.planByPriority {
            guard let plan = plans[name] ?? folded[name.lowercased()] else { continue }
            byPriority[priority] = plan
            byPriorityFolded[priority.lowercased()] = plan
        }
        self.byPriority = byPriority
        self.byPriorityFolded = byPriorityFolded
        defaultPlan = plans[policy.defaultPlan] ?? folded[policy.defaultPlan.lowercased()]
        var states: [String: LifecycleState] = [:], statesFolded: [String: LifecycleState] = [:]
        for (status, state) in policy.statusStates {
            states[status] = state
            statesFolded[status.lowercased()] = state
        }
        self.states = states
        self.statesFolded = statesFolded
    }

    /// Same rule as `SLAPolicy.selectPlan`: the ticket's plan if known, else by priority, else the default.
    func plan(ticketPlan: String?, priority: String?) -> SLAPlanDefinition? {
        if let ticketPlan, let plan = plans[ticketPlan] ?? plansFolded[ticketPlan.lowercased()] { return plan }
        if let priority, let plan = byPriority[priority] ?? byPriorityFolded[priority.lowercased()] { return plan }
        return defaultPlan
    }

    /// Whether `name` is one of the policy's plans (exactly or in another case).
    func knowsPlan(named name: String) -> Bool { plans[name] != nil || plansFolded[name.lowercased()] != nil }

    /// Same rule as `SLAPolicy.state(ofStatus:)`: a status the policy does not say is open.
    func state(ofStatus status: String) -> LifecycleState {
        knownState(ofStatus: status) ?? .open
    }

    /// The state the policy gives `status` (listed, in any case, or one of the names every
    /// policy knows: open, resolved, closed, archived, deleted); nil when it does not say.
    func knownState(ofStatus status: String) -> LifecycleState? {
        if let state = states[status] { return state }
        switch status {
        case "Open": return statesFolded["open"] ?? .open
        case "Resolved": return statesFolded["resolved"] ?? .resolved
        case "Closed": return statesFolded["closed"] ?? .closed
        default: break
        }
        let folded = status.lowercased()
        if let state = statesFolded[folded] { return state }
        switch folded {
        case "open": return .open
        case "resolved": return .resolved
        case "closed", "archived", "deleted": return .closed
        default: return nil
        }
    }
}
