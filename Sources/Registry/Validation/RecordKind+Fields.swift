extension RecordKind {
    /// The top-level fields a record of the kind may be written with, as served (snake_case): what an import mapping
    /// may name.
    public var writableFields: Set<String> {
        Set(RecordSchema.rule(for: self).fields.map(\.name))
    }
}
