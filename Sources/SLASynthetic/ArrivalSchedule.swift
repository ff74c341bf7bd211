import SLAModel
import SLAEngine

/// When tickets arrive: how many on each day of the span (busier on Mondays, quiet on
/// weekends and holidays) and at what times (mostly business hours), and which number
/// each one gets. Any day can be laid out on its own, so tickets can be generated in
/// either direction without holding the whole run in memory.
struct ArrivalSchedule: Sendable {
    let configuration: SyntheticHelpDeskConfiguration
    let zone: ZoneRules
    /// `firstIndex[d]` is the index of the first ticket of day `d`; one extra entry at the end.
    private let firstIndex: [Int]

    init(configuration: SyntheticHelpDeskConfiguration, zone: ZoneRules, workdays: OsTicketSchedule) {
        self.configuration = configuration
        self.zone = zone
        let weights = (0..<configuration.days).map { offset -> Int in
            let date = configuration.startDate.adding(days: offset)
            if workdays.isHoliday(date) { return 15 }
            switch date.isoWeekday {
            case 1: return 125
            case 5: return 90
            case 6: return 12
            case 7: return 8
            default: return 100
            }
        }
        let total = max(1, weights.reduce(0, +))
        var cumulative = 0
        var starts = [0]
        for weight in weights {
            cumulative += weight
            starts.append(configuration.ticketCount * cumulative / total)
        }
        firstIndex = starts
    }

    var dayCount: Int { firstIndex.count - 1 }

    /// Ticket indices created on day `day` (0 = the start date).
    func indices(onDay day: Int) -> Range<Int> {
        firstIndex[day]..<firstIndex[day + 1]
    }

    /// The creation instants of day `day`'s tickets, ascending.
    func creationTimes(onDay day: Int) -> [Instant] {
        let count = firstIndex[day + 1] - firstIndex[day]
        guard count > 0 else { return [] }
        var rng = SplitMix64(seed: configuration.seed, stream: 1, index: UInt64(day))
        let date = configuration.startDate.adding(days: day)
        let isWeekday = date.isoWeekday <= 5
        var times: [Instant] = []
        times.reserveCapacity(count)
        for _ in 0..<count {
            let second: Int
            if isWeekday && rng.chance(0.88) {
                // Business hours, busiest mid-morning.
                let hour = rng.pick(Array(8...16), weights: [8, 14, 15, 13, 9, 11, 12, 10, 8])
                second = hour * 3600 + rng.below(3600)
            } else if isWeekday {
                second = rng.pick([6 * 3600 + rng.below(7200), 17 * 3600 + rng.below(6 * 3600), rng.below(6 * 3600)],
                                  weights: [3, 8, 1])
            } else {
                second = 9 * 3600 + rng.below(12 * 3600)
            }
            times.append(zone.instant(of: LocalDateTime(date: date, secondOfDay: second)))
        }
        return times.sorted()
    }

    /// The ticket number of ticket `index`: increasing with the index, six digits at first,
    /// never one of the reserved numbers.
    func ticketNumber(ofIndex index: Int) -> Int {
        let step = 7
        let base = configuration.firstTicketNumber + index * step
        var offset = Int(SplitMix64.mix(configuration.seed ^ UInt64(index) &* 0xA24B_AED4_963E_E407) % UInt64(step))
        for _ in 0..<step where configuration.reservedTicketNumbers.contains(base + offset) {
            offset = (offset + 1) % step
        }
        return base + offset
    }
}
