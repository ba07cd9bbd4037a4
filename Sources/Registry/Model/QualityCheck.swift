/// The data-quality checks run at every seed load.
public enum QualityCheck: String, Codable, Sendable, Hashable, CaseIterable {
    /// Declared number of partners against the partners listed.
    case partnerCount
    /// Declared number of countries against the countries of the listed partners.
    case countryCount
    /// EU funding against total budget × co-financing rate, exactly in cents.
    case fundingArithmetic
    /// A field the source leaves empty or does not state.
    case missingField
    /// A partner whose country the gazetteer cannot resolve.
    case unresolvedCountry
    /// The acronym written differently in the source (a misspelling).
    case spellingVariant
}
