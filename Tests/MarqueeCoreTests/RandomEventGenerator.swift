import MarqueeCore

/// Random events and mutations for property tests; deterministic for a seed.
struct RandomEventGenerator {
    private var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func next() -> UInt64 { random.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func movie() -> MovieID {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789+-':.&")
        let length = int(1...30)
        let title = String((0..<length).map { _ in alphabet[int(0...(alphabet.count - 1))] })
        return MovieID(title + "+" + String(int(1900...2030))) ?? MovieID("fallback+2000")!
    }

    mutating func event() -> Event {
        let time = EventTime(microseconds: Int64(int(0...2_000_000_000)) * 1_000_000 + (int(0...1) == 0 ? 0 : Int64(int(0...999_999))))
        let user = UserID(Int64(int(0...1_000_000_000)))!
        let kind: EventKind
        switch int(0...4) {
        case 0: kind = .watch(movie: movie(), minute: int(0...400))
        case 1: kind = .rate(movie: movie(), rating: int(1...5))
        case 2: kind = .accountCreated
        case 3:
            let movies = (0..<int(0...20)).map { _ in movie() }
            kind = .recommendation(
                .init(server: "host\(int(0...9)):8082", status: 200, result: .movies(movies), responseTimeMilliseconds: int(0...900)))
        default:
            kind = .recommendation(
                .init(server: "h:1", status: 0, result: .error("timeout, after \(int(0...900)) ms"), responseTimeMilliseconds: int(0...900)))
        }
        return Event(time: time, user: user, kind: kind)
    }

    mutating func mutate(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        switch int(0...3) {
        case 0: bytes[int(0...(bytes.count - 1))] = UInt8(int(0...255))
        case 1: bytes.insert(UInt8(int(0...255)), at: int(0...bytes.count))
        case 2: bytes.removeLast(int(1...bytes.count))
        default: bytes.remove(at: int(0...(bytes.count - 1)))
        }
    }
}
