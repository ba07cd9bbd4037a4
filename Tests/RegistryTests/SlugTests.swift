import Registry
import Testing

/// Ids made from names: lowercase ASCII letters and digits, words joined by single hyphens, letters beyond ASCII
/// written in ASCII (by the table, else by their base letter), anything else a separator.
@Suite struct SlugTests {
    @Test(arguments: [
        ("Hamburg", "hamburg"),
        ("CITYREGIO II", "cityregio-ii"),
        ("  Aad  Kommune!! ", "aad-kommune"),
        ("x-1_2", "x-1-2"),
        ("Organisation 0000000|DE", "organisation-0000000-de"),
        ("Region Skåne", "region-skane"),
        ("Øresund", "oresund"),
        ("Æble", "aeble"),
        ("Straße", "strasse"),
        ("Wirtschaftsförderung", "wirtschaftsforderung"),
        ("Plzeň", "plzen"),
        ("ÉCOLE Œuvre", "ecole-oeuvre"),
        ("Община Варна", "obshtina-varna"),
        ("A😀B", "a-b"),
        ("😀", ""),
        ("", ""),
    ])
    func namesBecomeSlugs(name: String, slug: String) {
        #expect(Slug.make(name) == slug)
        #expect(slug.isEmpty || Slug.isValid(slug))
        #expect(!Slug.isValid(name) || name == slug)
    }
}
