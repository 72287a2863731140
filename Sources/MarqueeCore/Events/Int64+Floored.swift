extension Int64 {
    /// The largest multiple of `length` at or below `self`, also for negative values: the start of the bucket or period
    /// of `length` microseconds a time falls in, before 1970 too.
    public func floored(to length: Int64) -> Int64 {
        let (quotient, remainder) = quotientAndRemainder(dividingBy: length)
        return (remainder < 0 ? quotient - 1 : quotient) * length
    }
}
