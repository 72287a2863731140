import MarqueeCore
import MarqueeLifecycle
import Testing

struct UserBucketTests {
    @Test func sameUserAlwaysLandsInTheSamePlace() {
        let bucket = UserBucket(name: "canary")
        for id in [0, 1, 42, 999_999] as [Int64] {
            #expect(bucket.position(of: UserID(id)!) == UserBucket(name: "canary").position(of: UserID(id)!))
        }
    }

    @Test func positionsAreUniformSoASharePicksThatShareOfUsers() {
        // Given 100,000 consecutive user ids
        let bucket = UserBucket(name: "canary")
        let positions = (0..<100_000).map { bucket.position(of: UserID(Int64($0))!) }
        // Then each tenth of [0, 1) holds about a tenth of them
        for decile in 0..<10 {
            let count = positions.filter { Int($0 * 10) == decile }.count
            #expect(abs(count - 10_000) < 500, "decile \(decile) has \(count)")
        }
        #expect(positions.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func differentSplitsAreIndependent() {
        let a = UserBucket(name: "canary")
        let b = UserBucket(name: "experiment-7")
        let both = (0..<20_000).filter { a.position(of: UserID(Int64($0))!) < 0.5 && b.position(of: UserID(Int64($0))!) < 0.5 }.count
        #expect(abs(both - 5_000) < 400)
    }
}
