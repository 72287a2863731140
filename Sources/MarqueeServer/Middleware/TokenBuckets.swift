import MarqueeCore
import Synchronization

/// One token bucket per client, refilled continuously, in a bounded table that evicts the least recently used bucket.
///
/// Evicting only the stalest bucket keeps every active client's state: a client over its limit stays over it however
/// many other addresses appear, where wiping the table when it filled up gave every client a full bucket again. An
/// evicted client comes back with a full bucket, which is what it would have had after being idle that long anyway
/// unless the table is far too small for the clients seen within one burst's refill time.
final class TokenBuckets: Sendable {
    /// One client's bucket and its neighbours in recency order (slot indices, -1 for none).
    private struct Bucket {
        var client: String
        var tokens: Double
        var updated: ContinuousClock.Instant
        var newer = -1
        var older = -1
    }

    /// The buckets in slots, a map from client to slot, and a doubly linked list from newest to oldest use.
    private struct Table {
        var slots: [Bucket] = []
        var slotOfClient: [String: Int] = [:]
        var newest = -1
        var oldest = -1

        mutating func unlink(_ slot: Int) {
            let (newer, older) = (slots[slot].newer, slots[slot].older)
            if newer >= 0 { slots[newer].older = older } else { newest = older }
            if older >= 0 { slots[older].newer = newer } else { oldest = newer }
            slots[slot].newer = -1
            slots[slot].older = -1
        }

        mutating func makeNewest(_ slot: Int) {
            slots[slot].older = newest
            slots[slot].newer = -1
            if newest >= 0 { slots[newest].newer = slot }
            newest = slot
            if oldest < 0 { oldest = slot }
        }
    }

    /// The limits, and how a request's client is found.
    let configuration: RateLimitConfiguration
    private let table = Mutex(Table())
    private let clock = ContinuousClock()

    init(configuration: RateLimitConfiguration) {
        self.configuration = configuration
    }

    /// Number of buckets kept.
    var count: Int { table.withLock { $0.slots.count } }

    /// Takes one token from `client`'s bucket; `false` when it is empty.
    func take(for client: String) -> Bool {
        let now = clock.now
        let (burst, rate, capacity) = (configuration.burst, configuration.requestsPerSecond, configuration.maximumClients)
        return table.withLock { table in
            let slot: Int
            if let existing = table.slotOfClient[client] {
                slot = existing
                table.unlink(slot)
                let elapsed = now - table.slots[slot].updated
                table.slots[slot].tokens = min(burst, table.slots[slot].tokens + elapsed.inSeconds * rate)
                table.slots[slot].updated = now
            } else if table.slots.count < capacity {
                slot = table.slots.count
                table.slots.append(Bucket(client: client, tokens: burst, updated: now))
            } else {
                // Full: the least recently used bucket's slot is reused for the new client.
                slot = table.oldest
                table.unlink(slot)
                table.slotOfClient[table.slots[slot].client] = nil
                table.slots[slot] = Bucket(client: client, tokens: burst, updated: now)
            }
            table.slotOfClient[client] = slot
            table.makeNewest(slot)
            let allowed = table.slots[slot].tokens >= 1
            if allowed { table.slots[slot].tokens -= 1 }
            return allowed
        }
    }
}
