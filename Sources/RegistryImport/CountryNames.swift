import Registry

/// Country names as files write them (English, the country's own languages, German and the Nordic languages) and the
/// EU's codes `EL` and `UK`, to ISO 3166-1 alpha-2: the countries of the EU, the EEA and their neighbours.
enum CountryNames {
    /// The code for a name or code, compared folded (case and diacritics ignored); nil when unknown.
    static func code(for text: String) -> String? {
        let folded = SearchFolding.fold(text)
        if folded.count == 2 {
            let upper = folded.uppercased()
            return aliases[upper] ?? (codes.contains(upper) ? upper : nil)
        }
        return byName[folded]
    }

    private static let aliases = ["EL": "GR", "UK": "GB"]

    private static let names: [String: [String]] = [
        "AL": ["Albania", "Shqipëria", "Albanien"], "AT": ["Austria", "Österreich", "Österrike", "Østrig"],
        "BA": ["Bosnia and Herzegovina", "Bosnien-Herzegowina"], "BE": ["Belgium", "Belgique", "België", "Belgien"],
        "BG": ["Bulgaria", "България", "Bulgarien"], "BY": ["Belarus", "Беларусь", "Weißrussland", "Vitryssland"],
        "CH": ["Switzerland", "Schweiz", "Suisse", "Svizzera"], "CY": ["Cyprus", "Κύπρος", "Zypern", "Cypern"],
        "CZ": ["Czechia", "Czech Republic", "Česko", "Česká republika", "Tschechien", "Tjeckien", "Tjekkiet"],
        "DE": ["Germany", "Deutschland", "Tyskland", "Saksa", "Niemcy", "Німеччина"],
        "DK": ["Denmark", "Danmark", "Dänemark", "Tanska"], "EE": ["Estonia", "Eesti", "Estland"],
        "ES": ["Spain", "España", "Spanien"], "FI": ["Finland", "Suomi", "Finnland"], "FO": ["Faroe Islands", "Føroyar", "Färöarna"],
        "FR": ["France", "Frankreich", "Frankrike", "Frankrig"], "GB": ["United Kingdom", "Großbritannien", "Storbritannien"],
        "GL": ["Greenland", "Grønland", "Kalaallit Nunaat", "Grönland"], "GR": ["Greece", "Ελλάδα", "Griechenland", "Grekland"],
        "HR": ["Croatia", "Hrvatska", "Kroatien"], "HU": ["Hungary", "Magyarország", "Ungarn", "Ungern"],
        "IE": ["Ireland", "Éire", "Irland"], "IS": ["Iceland", "Ísland", "Island"], "IT": ["Italy", "Italia", "Italien"],
        "LI": ["Liechtenstein"], "LT": ["Lithuania", "Lietuva", "Litauen"], "LU": ["Luxembourg", "Luxemburg"],
        "LV": ["Latvia", "Latvija", "Lettland"], "MD": ["Moldova", "Moldau", "Moldavien"], "ME": ["Montenegro", "Crna Gora"],
        "MK": ["North Macedonia", "Nordmazedonien", "Nordmakedonien"], "MT": ["Malta"],
        "NL": ["Netherlands", "Nederland", "Niederlande", "Nederländerna"], "NO": ["Norway", "Norge", "Noreg", "Norwegen", "Norja"],
        "PL": ["Poland", "Polska", "Polen"], "PT": ["Portugal"], "RO": ["Romania", "România", "Rumänien"],
        "RS": ["Serbia", "Србија", "Serbien"], "RU": ["Russia", "Россия", "Russland", "Ryssland"],
        "SE": ["Sweden", "Sverige", "Schweden", "Ruotsi", "Szwecja"], "SI": ["Slovenia", "Slovenija", "Slowenien", "Slovenien"],
        "SK": ["Slovakia", "Slovensko", "Slowakei", "Slovakien"], "TR": ["Türkiye", "Turkey", "Türkei", "Turkiet"],
        "UA": ["Ukraine", "Україна", "Ukraina"], "XK": ["Kosovo"],
    ]

    private static let codes = Set(names.keys)

    private static let byName: [String: String] = {
        var table: [String: String] = [:]
        for (code, spellings) in names {
            for spelling in spellings { table[SearchFolding.fold(spelling)] = code }
        }
        return table
    }()
}
