import Foundation

/// The contact details of natural persons, which only requests with a valid token may see.
///
/// A person's `contact` (address, phone, e-mail, website) and the evidence that quotes it (`field` `contact` or
/// `contact.…`) are left out of the person's public form, which the store keeps beside the full one
/// (`person.served_public`, `change.before_public`/`after_public`), so that reads pick a column instead of
/// rewriting JSON. Free text (documents, search snippets) is masked with ``mask(_:values:)`` instead, scalar
/// for scalar, so that evidence offsets into it stay right.
public enum PersonalData {
    /// What a masked scalar becomes.
    public static let maskCharacter: Unicode.Scalar = "•"

    /// The person without contact details and without the evidence that quotes them.
    static func publicVersion(of person: Person) -> Person {
        var person = person
        person.contact = nil
        person.evidence = person.evidence.filter { evidence in
            guard let field = evidence.field else { return true }
            return field != "contact" && !field.hasPrefix("contact.")
        }
        return person
    }

    /// The public form of a record as served, when it differs from the full one; nil otherwise. For the history,
    /// on the write path: the served JSON is read back into the record.
    static func publicForm(_ kind: RecordKind, served: String?) throws -> String? {
        guard kind == .person, let served else { return nil }
        let person = try RecordWriter.decoder().decode(Person.self, from: served)
        let redacted = try StoredJSON.served(publicVersion(of: person))
        return redacted == served ? nil : redacted
    }

    /// `bytes` with every occurrence of each of `values` masked, one ``maskCharacter`` per Unicode scalar.
    /// Occurrences are searched for first (most texts hold none), and the text is copied only when one is found:
    /// every anonymous search masks each snippet with every value.
    public static func mask(_ bytes: [UInt8], values: [String]) -> [UInt8] {
        var result = bytes
        for value in values where value.utf8.count >= 5 {
            let needle = Array(value.utf8)
            var next = firstOccurrence(of: needle, in: result, from: 0)
            guard next != nil else { continue }
            let replacement = Array(String(repeating: Character(maskCharacter), count: value.unicodeScalars.count).utf8)
            var output: [UInt8] = []
            output.reserveCapacity(result.count + replacement.count)
            var copied = 0
            while let found = next {
                output += result[copied..<found]
                output += replacement
                copied = found + needle.count
                next = firstOccurrence(of: needle, in: result, from: copied)
            }
            output += result[copied...]
            result = output
        }
        return result
    }

    /// Where `needle` (not empty) first occurs in `haystack` at or after `start`: candidates found by `memchr` for
    /// its first byte, then compared.
    private static func firstOccurrence(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress, let first = pin.first else { return nil }
                var position = start
                while hay.count - position >= pin.count {
                    guard let candidate = memchr(base + position, Int32(first), hay.count - position - pin.count + 1) else { return nil }
                    position = base.distance(to: candidate.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + position, pinBase, pin.count) == 0 { return position }
                    position += 1
                }
                return nil
            }
        }
    }
}
