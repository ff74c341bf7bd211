import Foundation
import SLAModel

extension Instant {
    /// The current instant, to the second.
    public static var now: Instant { Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }
}
