import MarqueeCore

/// Decides where faults go and makes the faulty lines. It has its own random stream, so the
/// well-formed events of a run are the same whatever the fault rate.
struct FaultInjector {
    private var rng: Xoshiro256
    private var rate: Double
    private var countdown: Int
    private let kinds = FaultKind.allCases
    private let kindSampler = AliasTable(weights: [0.2, 0.15, 0.1, 0.15, 0.1, 0.15, 0.15])
    /// Lines held back to be delivered late, ordered by the line count at which they are due.
    private var delayed: [(release: Int, bytes: [UInt8])] = []

    init(seed: UInt64, rate: Double) {
        rng = Xoshiro256(seed: SplitMix64.mix(seed ^ 0x4641_554C_5453))
        self.rate = rate
        countdown = 0
        countdown = rng.geometric(rate)
    }

    /// Changes the share of faulty lines from the next one on (a `format-fault` scenario).
    mutating func setRate(_ newRate: Double) {
        guard newRate != rate else { return }
        rate = newRate
        countdown = rng.geometric(rate)
    }

    /// Whether the next line gets a fault.
    @inline(__always)
    mutating func isDue() -> Bool {
        if countdown > 0 {
            countdown -= 1
            return false
        }
        countdown = rng.geometric(rate)
        return true
    }

    mutating func pickKind() -> FaultKind { kinds[kindSampler.sample(using: &rng)] }

    mutating func coinFlip() -> Bool { rng.chance(0.5) }

    mutating func below(_ bound: Int) -> Int { rng.below(bound) }

    /// A prefix of `line` that no parser accepts: for rate lines it ends before the rating's last digits.
    mutating func truncate(_ line: [UInt8], isRate: Bool) -> [UInt8] {
        var limit = line.count - 1
        if isRate, let equals = line.lastIndex(of: UInt8(ascii: "=")) { limit = equals + 1 }
        let lower = max(1, min(limit, line.count / 3))
        return Array(line.prefix(rng.integer(in: lower...max(lower, limit))))
    }

    /// Holds `line` back until `lines` + 50...5,000 further lines have been written.
    mutating func delay(_ line: [UInt8], after lines: Int) {
        let release = lines + rng.integer(in: 50...5_000)
        let position = delayed.firstIndex { $0.release > release } ?? delayed.count
        delayed.insert((release, line), at: position)
    }

    /// When the earliest held-back line is due.
    var nextRelease: Int? { delayed.first?.release }

    /// The earliest held-back line if it is due at line count `line`.
    mutating func popReleased(atLine line: Int) -> [UInt8]? {
        guard let first = delayed.first, first.release <= line else { return nil }
        return delayed.removeFirst().bytes
    }

    /// A rating outside `1...maximum`.
    mutating func outOfRangeRating(maximum: Int) -> Int {
        [0, -1, maximum + 1, maximum * 2, 99][rng.below(5)]
    }

    /// A valid slug no catalogue movie has: catalogue titles are from 1925–2024, these from the 2030s.
    mutating func unknownSlug() -> [UInt8] {
        let adjective = TitleGenerator.adjectives[rng.below(TitleGenerator.adjectives.count)]
        let noun = TitleGenerator.nouns[rng.below(TitleGenerator.nouns.count)]
        return Array("\(adjective)+\(noun)+\(2030 + rng.below(10))".utf8)
    }

    /// Appends a line that the log-line codec rejects, in one of several realistic ways.
    mutating func appendMalformed(
        to line: inout [UInt8], time: Int64, user: Int, slug: [UInt8], server: [UInt8], formatter: inout TimeFormatter
    ) {
        func prefix(_ separator: UInt8 = UInt8(ascii: ",")) {
            formatter.append(time, to: &line)
            line.append(separator)
            TimeFormatter.append(user, to: &line)
            line.append(separator)
        }
        switch rng.below(9) {
        case 0:  // day-first timestamp
            line.append(contentsOf: "01/02/2025 10:00:00,".utf8)
            TimeFormatter.append(user, to: &line)
            line.append(contentsOf: ",GET /data/m/".utf8)
            line.append(contentsOf: slug)
            line.append(contentsOf: "/0.mpg".utf8)
        case 1:  // non-numeric user
            formatter.append(time, to: &line)
            line.append(contentsOf: ",user".utf8)
            TimeFormatter.append(user, to: &line)
            line.append(contentsOf: ",GET /data/m/".utf8)
            line.append(contentsOf: slug)
            line.append(contentsOf: "/3.mpg".utf8)
        case 2:  // unknown endpoint
            prefix()
            line.append(contentsOf: "GET /data/x/".utf8)
            line.append(contentsOf: slug)
        case 3:  // title instead of slug
            prefix()
            line.append(contentsOf: "GET /data/m/The Lost Harbor (1994)/12.mpg".utf8)
        case 4:  // invalid UTF-8 inside the slug
            prefix()
            line.append(contentsOf: "GET /rate/".utf8)
            line.append(contentsOf: slug)
            line.append(contentsOf: [0xC3, 0x28])
            line.append(contentsOf: "=4".utf8)
        case 5:  // wrong separator
            prefix(UInt8(ascii: ";"))
            line.append(contentsOf: "GET /data/m/".utf8)
            line.append(contentsOf: slug)
            line.append(contentsOf: "/7.mpg".utf8)
        case 6:  // minute in words
            prefix()
            line.append(contentsOf: "GET /data/m/".utf8)
            line.append(contentsOf: slug)
            line.append(contentsOf: "/twelve.mpg".utf8)
        case 7:  // status text instead of code
            prefix()
            line.append(contentsOf: "recommendation request ".utf8)
            line.append(contentsOf: server)
            line.append(contentsOf: ", status OK, result: ".utf8)
            line.append(contentsOf: slug)
            line.append(contentsOf: ", 12 ms".utf8)
        default:  // blank line
            line.append(contentsOf: "   ".utf8)
        }
    }
}
