/// The API's spelling of a property name: `coFinancingRate` → `co_financing_rate`, `nutsID` → `nuts_id`,
/// `myURLProperty` → `my_url_property`, exactly as Foundation's `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase`
/// spells it: words end where a lowercase letter is followed by a capital, and a run of capitals is one
/// word up to the capital that starts the next lowercase word.
public enum SnakeCase {
    public static func convert(_ key: String) -> String {
        let scalars = Array(key.unicodeScalars)
        guard scalars.count > 1 else { return key }
        func isUpper(_ index: Int) -> Bool { scalars[index].properties.isUppercase }
        func isLower(_ index: Int) -> Bool { scalars[index].properties.isLowercase }

        var words: [Range<Int>] = []
        var wordStart = 0
        var searchStart = 1
        let end = scalars.count
        while let upper = (searchStart..<end).first(where: isUpper) {
            words.append(wordStart..<upper)
            guard let lower = (upper..<end).first(where: isLower) else {
                wordStart = upper
                searchStart = end
                break
            }
            if lower == upper + 1 {
                // A capital followed by lowercase letters: it starts the next word.
                wordStart = upper
            } else {
                // A run of capitals is a word of its own, up to the capital before the lowercase letter.
                words.append(upper..<(lower - 1))
                wordStart = lower - 1
            }
            searchStart = lower + 1
        }
        words.append(wordStart..<end)
        return words.map { range in
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[range])
            return String(word).lowercased()
        }.joined(separator: "_")
    }
}
