@testable import HTTPServer
import Testing

/// A stored body keeps a buffer of its own size: written into a buffer that grew by doubling, it may otherwise
/// hold twice its bytes for its whole lifetime in the cache, memory that the cache's bound in bytes does not see.
@Suite struct ResponseCacheCompactionTests {
    @Test func aBodyInABufferTwiceItsSizeIsCopiedIntoOneOfItsSize() {
        var body: [UInt8] = []
        body.reserveCapacity(8_192)
        body.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: 4_163))
        let stored = ResponseCache.compacted(body)
        #expect(stored == body)
        #expect(stored.capacity < 4_163 + 4_163 / 8, "capacity \(stored.capacity)")
    }

    @Test func aBodyInABufferNearlyItsSizeIsKeptAsItIs() {
        var body: [UInt8] = []
        body.reserveCapacity(4_200)
        body.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: 4_163))
        let stored = ResponseCache.compacted(body)
        let same = body.withUnsafeBufferPointer { original in
            stored.withUnsafeBufferPointer { $0.baseAddress == original.baseAddress }
        }
        #expect(same)
    }
}
