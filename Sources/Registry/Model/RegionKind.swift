/// What sort of area a ``Region`` is.
public enum RegionKind: String, Codable, Sendable, Hashable, CaseIterable {
    case metropolitanRegion
    case crossBorderRegion
    case corridor
    case seaRegion
    case administrativeRegion
}
