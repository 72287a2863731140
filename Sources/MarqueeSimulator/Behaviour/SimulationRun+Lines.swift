import MarqueeCore

/// The start of the error text of a call whose connection was refused.
private let refusedConnection = Array("java.net.ConnectException".utf8)

/// Formatting the log lines (SPEC.md §1) and passing them, with injected faults, to the sink.
extension SimulationRun {
    func writeWatch(slot: Int, time: Int64) throws {
        line.removeAll(keepingCapacity: true)
        formatter.append(time, to: &line)
        line.append(contentsOf: sessions[slot].watchInfix)
        TimeFormatter.append(sessions[slot].minute, to: &line)
        line.append(contentsOf: ".mpg".utf8)
        try emit(.watch, time: time, user: sessions[slot].user, movie: sessions[slot].movie)
    }

    func writeRate(time: Int64, user: Int, movie: Int, rating: Int) throws {
        line.removeAll(keepingCapacity: true)
        appendRate(time: time, user: user, slug: movies.slugBytes[movie], rating: rating)
        try emit(.rate, time: time, user: user, movie: movie)
    }

    func writeAccount(time: Int64, user: Int) throws {
        line.removeAll(keepingCapacity: true)
        appendPrefix(time: time, user: user)
        line.append(contentsOf: "GET /create_account".utf8)
        try emit(.account, time: time, user: user, movie: -1)
    }

    func writeRecommendation(_ request: RecommendationLine, time: Int64, user: Int) throws {
        line.removeAll(keepingCapacity: true)
        appendPrefix(time: time, user: user)
        line.append(contentsOf: "recommendation request ".utf8)
        line.append(contentsOf: serverBytes)
        line.append(contentsOf: ", status ".utf8)
        TimeFormatter.append(request.status, to: &line)
        line.append(contentsOf: ", result: ".utf8)
        line.append(contentsOf: request.result)
        line.append(contentsOf: ", ".utf8)
        TimeFormatter.append(request.milliseconds, to: &line)
        // As real logs do (SPEC §1): a refused connection's time without the space (`…Connection refused, 1ms`).
        line.append(contentsOf: (request.result.starts(with: refusedConnection) ? "ms" : " ms").utf8)
        try emit(.recommendation, time: time, user: user, movie: request.movies.first ?? -1)
    }

    func appendPrefix(time: Int64, user: Int) {
        formatter.append(time, to: &line)
        line.append(UInt8(ascii: ","))
        TimeFormatter.append(user, to: &line)
        line.append(UInt8(ascii: ","))
    }

    func appendRate(time: Int64, user: Int, slug: [UInt8], rating: Int) {
        appendPrefix(time: time, user: user)
        line.append(contentsOf: "GET /rate/".utf8)
        line.append(contentsOf: slug)
        line.append(UInt8(ascii: "="))
        TimeFormatter.append(rating, to: &line)
    }

    func appendWatch(time: Int64, user: Int, slug: [UInt8], minute: Int) {
        appendPrefix(time: time, user: user)
        line.append(contentsOf: "GET /data/m/".utf8)
        line.append(contentsOf: slug)
        line.append(UInt8(ascii: "/"))
        TimeFormatter.append(minute, to: &line)
        line.append(contentsOf: ".mpg".utf8)
    }

    // MARK: Emission and faults

    /// Writes the well-formed line in `line`, unless a fault is due, in which case the fault decides.
    func emit(_ kind: LineKind, time: Int64, user: Int, movie: Int) throws {
        if !faults.isDue() {
            try writeWellFormed(kind, time: time)
        } else {
            try injectFault(kind, time: time, user: user, movie: movie)
        }
        if let release = faults.nextRelease, summary.lines >= release { try releaseDelayed() }
    }

    private func writeWellFormed(_ kind: LineKind, time: Int64) throws {
        count(kind, time: time)
        try writeRaw(line)
    }

    private func count(_ kind: LineKind, time: Int64) {
        switch kind {
        case .watch: summary.watchLines += 1
        case .rate: summary.rateLines += 1
        case .recommendation: summary.recommendationLines += 1
        case .account: summary.accountLines += 1
        }
        let eventTime = EventTime(microseconds: time)
        if summary.firstEventTime == nil { summary.firstEventTime = eventTime }
        if summary.lastEventTime.map({ $0 < eventTime }) ?? true { summary.lastEventTime = eventTime }
    }

    func writeRaw(_ bytes: [UInt8]) throws {
        summary.lines += 1
        summary.bytes += bytes.count + 1
        try sink.write(line: bytes)
    }

    private func injectFault(_ kind: LineKind, time: Int64, user: Int, movie: Int) throws {
        let fault = faults.pickKind()
        summary.faults[fault, default: 0] += 1
        switch fault {
        case .truncated:
            try writeRaw(faults.truncate(line, isRate: kind == .rate))
            return
        case .outOfOrder:
            count(kind, time: time)
            faults.delay(line, after: summary.lines)
            return
        case .duplicate:
            try writeWellFormed(kind, time: time)
            try writeRaw(line)
            return
        case .malformed, .ratingOutOfRange, .unknownMovie, .unknownUser:
            break
        }
        let original = line
        let slug = movies.slugBytes[movie >= 0 ? movie : faults.below(movies.count)]
        line.removeAll(keepingCapacity: true)
        switch fault {
        case .ratingOutOfRange:
            appendRate(time: time, user: user, slug: slug, rating: faults.outOfRangeRating(maximum: configuration.ratingScale.maximum))
        case .unknownMovie:
            let unknown = faults.unknownSlug()
            if faults.coinFlip() {
                appendWatch(time: time, user: user, slug: unknown, minute: 0)
            } else {
                appendRate(time: time, user: user, slug: unknown, rating: 1 + faults.below(configuration.ratingScale.maximum))
            }
        case .unknownUser:
            appendWatch(time: time, user: activity.count + faults.below(1_000_000), slug: slug, minute: 0)
        default:
            faults.appendMalformed(
                to: &line, time: time, user: user, slug: slug, server: serverBytes, formatter: &formatter)
        }
        try writeRaw(line)
        line = original
        try writeWellFormed(kind, time: time)
    }

    private func releaseDelayed() throws {
        while let bytes = faults.popReleased(atLine: summary.lines) { try writeRaw(bytes) }
    }

    func releaseAllDelayed() throws {
        while let bytes = faults.popReleased(atLine: .max) { try writeRaw(bytes) }
    }
}

/// The four kinds of well-formed line.
enum LineKind {
    case watch
    case rate
    case recommendation
    case account
}
