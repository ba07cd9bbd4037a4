/// The form a ``Partnership`` takes.
public enum PartnershipKind: String, Codable, Sendable, Hashable, CaseIterable {
    case vision
    case letterOfIntent
    case partnershipAgreement
    case cooperationAgreement
    case jointStrategy
    case crossBorderCooperation
    case trilateralCooperation
    case corridorCooperation
    case committee
    case commission
    case network
}
