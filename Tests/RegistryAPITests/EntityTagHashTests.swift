import Testing
@testable import RegistryAPI

/// The entity tag's hash: the same value wherever it is computed (an entity tag is valid on any instance), and
/// different for bodies that differ in one byte anywhere, in the words it reads eight bytes at a time and in
/// the bytes after them, or only in their length.
@Suite struct EntityTagHashTests {
    @Test func isTheSameEverywhere() {
        // Pinned (computed apart from this code, by the definition in EntityTagHash's comment): a change of the
        // function changes every entity tag clients hold.
        #expect(String(EntityTagHash.hash(Array("Brobygger".utf8)), radix: 16) == "52de194e19cb1c1a")
        #expect(APIContext.entityTag(for: Array("Brobygger".utf8)) == "\"52de194e19cb1c1a\"")
    }

    @Test func oneByteChangedAnywhereChangesIt() {
        let body = Array(#"{"data":{"id":"hamburg","name":"Freie und Hansestadt Hamburg"}}"#.utf8)
        var seen: Set<UInt64> = [EntityTagHash.hash(body)]
        for index in body.indices {
            for delta: UInt8 in [1, 0x80] {
                var changed = body
                changed[index] ^= delta
                #expect(seen.insert(EntityTagHash.hash(changed)).inserted, "byte \(index) ^ \(delta)")
            }
        }
    }

    @Test func bodiesOfZerosDifferByTheirLength() {
        let hashes = (0...40).map { EntityTagHash.hash([UInt8](repeating: 0, count: $0)) }
        #expect(Set(hashes).count == hashes.count)
    }

    @Test func anEntityTagIsSixteenHexadecimalDigitsQuoted() {
        for body in [[], Array("x".utf8), [UInt8](repeating: 7, count: 1_000)] {
            let tag = APIContext.entityTag(for: body)
            #expect(tag.count == 18 && tag.hasPrefix("\"") && tag.hasSuffix("\""))
            #expect(tag.dropFirst().dropLast().allSatisfy { $0.isHexDigit })
        }
    }
}
