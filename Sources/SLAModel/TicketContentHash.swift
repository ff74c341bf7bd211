extension Ticket {
    /// A stable 64-bit FNV-1a hash of everything an export says about the ticket, in hex: the
    /// store keeps it to tell a re-imported ticket that changed from one that did not. (Stored:
    /// the bytes hashed and their order must not change, or every ticket would count as updated once.)
    public var contentHash: String {
        var hash = FNV1a()
        hash.mix(subject)
        hash.mix(requester)
        hash.mix(requesterEmail)
        hash.mix(priority)
        hash.mix(department)
        hash.mix(helpTopic)
        hash.mix(source)
        hash.mix(status)
        hash.mix(slaPlan)
        hash.mix(team)
        hash.mix(agent)
        hash.mix(createdAt.secondsSinceEpoch)
        hash.mix(lastUpdatedAt?.secondsSinceEpoch)
        hash.mix(closedAt?.secondsSinceEpoch)
        hash.mix(sourceDueAt?.secondsSinceEpoch)
        hash.mix(sourceOverdue.map { $0 ? "1" : "0" })
        hash.mix(sourceReopenCount.map(Int64.init))
        hash.mix(threadCount.map(Int64.init))
        // Mixed only when present, so the hashes of tickets stored before the field existed stay.
        if let due = manualDueAt {
            hash.mix("manual_due_at")
            hash.mix(due.secondsSinceEpoch)
        }
        // Mixed only when some are: a description that leaves a field out is not one that says it is empty.
        if !undescribedFields.isEmpty {
            hash.mix("undescribed_fields")
            hash.mix(Int64(undescribedFields.rawValue))
        }
        if !customFields.isEmpty {
            for key in customFields.keys.sorted() {
                hash.mix(key)
                hash.mix(customFields[key])
            }
        }
        return hash.hex
    }
}

/// The hash `Ticket.contentHash` folds fields into: each field's UTF-8 bytes (a NUL byte for a
/// missing one), then 0x1F. (A struct with mutating methods: nested functions mutating a
/// captured variable made every call check exclusive access at run time.)
private struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    private mutating func mix(byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01B3
    }

    /// A text's bytes (through `withUTF8`, no array), or a NUL byte for a missing one, then 0x1F.
    mutating func mix(_ text: String?) {
        if var text {
            text.withUTF8 { bytes in
                for byte in bytes { mix(byte: byte) }
            }
        } else {
            mix(byte: 0)
        }
        mix(byte: 0x1F)
    }

    /// A number's decimal digits, as `String(number)` spells them, without making the string
    /// (written from the last one back, dividing by the constant 10: a multiply); a NUL byte for
    /// a missing one; then 0x1F.
    mutating func mix(_ number: Int64?) {
        guard let number else { return mix(nil as String?) }
        if number < 0 { mix(byte: 0x2D) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = number.magnitude, start = 20
            repeat {
                start -= 1
                digits[start] = 0x30 + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            for index in start..<20 { mix(byte: digits[index]) }
        }
        mix(byte: 0x1F)
    }

    /// The value as `String(value, radix: 16)` spells it (lowercase, no leading zeros).
    var hex: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { digits in
            var rest = value, start = 16
            repeat {
                start -= 1
                let digit = UInt8(truncatingIfNeeded: rest & 0xF)
                digits[start] = digit < 10 ? 0x30 + digit : 0x57 + digit
                rest >>= 4
            } while rest > 0
            return String(decoding: UnsafeBufferPointer(rebasing: digits[start...]), as: UTF8.self)
        }
    }
}
