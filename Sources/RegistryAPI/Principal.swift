import Registry

/// Who a request speaks for once its bearer token is accepted: the token's name (the author the history of
/// changes records) and its scope.
public struct Principal: Sendable, Equatable {
    public let name: String
    public let scope: TokenScope

    public init(name: String, scope: TokenScope) {
        self.name = name
        self.scope = scope
    }
}
