import GRDB

extension Database {
    /// Runs `body` in a savepoint and returns what it returned: what it wrote is undone when it throws.
    func inSavepoint<T>(returning body: () throws -> T) throws -> T {
        var result: T?
        try inSavepoint {
            result = try body()
            return .commit
        }
        guard let result else { preconditionFailure("a committed savepoint ran its body") }
        return result
    }
}
