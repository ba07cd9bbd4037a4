/// A postal address, telephone and e-mail, each as stated by the source.
public struct ContactDetails: Codable, Sendable, Hashable {
    /// The recipient line, e.g. an office name.
    public var recipient: String?
    public var street: String?
    public var postalCode: String?
    public var city: String?
    /// ISO 3166-1 alpha-2.
    public var country: String?
    /// As written, e.g. `+49 40-428 41 2603`.
    public var phone: String?
    public var email: String?
    public var website: String?

    public init(
        recipient: String? = nil, street: String? = nil, postalCode: String? = nil, city: String? = nil,
        country: String? = nil, phone: String? = nil, email: String? = nil, website: String? = nil
    ) {
        self.recipient = recipient
        self.street = street
        self.postalCode = postalCode
        self.city = city
        self.country = country
        self.phone = phone
        self.email = email
        self.website = website
    }
}
