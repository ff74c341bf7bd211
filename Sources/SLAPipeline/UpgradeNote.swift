import SLAStore

/// The notes that say an older slareport made the database: the migrations a writable command
/// applied (`TicketStore.upgradedBy`), or those a read-only one found pending. Upgrading
/// silently left a report of results made under the older rules, and a recompute that replayed
/// every ticket as "changed" when none had (a stranger's trial).
public enum UpgradeNote {
    static func number(_ identifier: String) -> String { String(identifier.prefix { $0 != ":" }) }

    static func replaysEveryTicket(_ identifiers: [String]) -> Bool {
        identifiers.contains { Schema.migrationsReplayingEveryTicket.contains(number($0)) }
    }

    /// For migrations a writable command applied, or nil when none were.
    /// - Parameter byRecompute: the command is a recompute, which replays the marked tickets now.
    public static func applied(_ identifiers: [String], database: String, byRecompute: Bool = false) -> String? {
        guard !identifiers.isEmpty else { return nil }
        let replays = replaysEveryTicket(identifiers)
        return "\(database) was made by an older slareport and is upgraded: " + identifiers.joined(separator: "; ")
            + (replays ? ". Every ticket is marked for replay once: " + (byRecompute ? "this recompute replays" : "the next recompute replays")
                   + " them all under the new rules" : "")
    }

    /// For migrations a read-only command found pending, or nil when none are.
    public static func pending(_ identifiers: [String], database: String) -> String? {
        guard !identifiers.isEmpty else { return nil }
        let replays = replaysEveryTicket(identifiers)
        return "\(database) was made by an older slareport: " + identifiers.map(number).joined(separator: ", ")
            + " of this version " + (identifiers.count == 1 ? "is" : "are") + " still to apply ("
            + identifiers.joined(separator: "; ") + "); "
            + (replays ? "these results were made under the older rules: run `slareport recompute` to upgrade it and replay every ticket once"
                       : "the next import or recompute applies " + (identifiers.count == 1 ? "it" : "them"))
    }
}
