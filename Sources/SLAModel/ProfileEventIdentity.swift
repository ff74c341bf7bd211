/// How the events a mapping profile derives are named: `row:<n>` (the row's position in its
/// case), `row:<n>/<change>` for a snapshot row's other changes, then `@` and the profile's scope
/// (`row:3/priority@2`). The scope is the profile's number in the database (`profile_scopes`,
/// `v16`), or its name where a profile is read without a database. It scopes the events: another
/// profile feeding the same ticket numbers neither overwrites them nor prunes them, and only a
/// newer import through the same profile removes the events of rows gone from its files. (A number
/// rather than the name: 20 bytes less per event in the table and its unique index for a typical
/// name, measured as 8% of a 100,000-ticket profile import's time.)
public enum ProfileEventIdentity {
    /// The identity of row `row` of a case (0: the ticket file's opening), or of one of its other
    /// changes, in the profile's scope.
    public static func make(row: Int, change: String? = nil, scope: String) -> String {
        // Built in one buffer: this runs once per derived event.
        var identity = "row:"
        identity.reserveCapacity(4 + 20 + (change.map { $0.utf8.count + 1 } ?? 0) + 1 + scope.utf8.count)
        identity += String(row)
        if let change {
            identity += "/"
            identity += change
        }
        identity += "@"
        identity += scope
        return identity
    }

    /// Whether `identity` names an event that the profile of scope `scope` derived. The part
    /// before the first `@` never holds one (`row:<n>[/<change>]`), so the scope is everything
    /// after it, whatever characters it has.
    public static func belongs(_ identity: String, toScope scope: String) -> Bool {
        guard identity.hasPrefix("row:"), let at = identity.firstIndex(of: "@") else { return false }
        return identity[identity.index(after: at)...] == scope
    }

    /// The row part of an identity (`row:3/priority` for `row:3/priority@my-desk`).
    public static func rowPart(of identity: String) -> Substring {
        identity.prefix { $0 != "@" }
    }
}

/// The identities of one profile's rows without a change part (`row:<n>@<scope>`), each made
/// once: every case has a row 1, 2, 3 and so on, and making the string anew for each derived
/// event was 5% of the deriving thread's time. One instance serves one thread.
public final class ProfileRowIdentities {
    public let scope: String
    private var made: [String] = []
    /// Rows past this many are made each time (a case that long is rare; memory stays bounded).
    private static let kept = 4096

    public init(scope: String) { self.scope = scope }

    /// `ProfileEventIdentity.make(row: row, scope: scope)`.
    public func identity(row: Int) -> String {
        if row < made.count { return made[row] }
        guard row < Self.kept else { return ProfileEventIdentity.make(row: row, scope: scope) }
        while made.count <= row { made.append(ProfileEventIdentity.make(row: made.count, scope: scope)) }
        return made[row]
    }
}
