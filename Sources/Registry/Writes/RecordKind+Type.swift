extension RecordKind {
    /// The model type of the kind's records.
    public var recordType: any RegistryRecord.Type {
        switch self {
        case .theme: Theme.self
        case .organisation: Organisation.self
        case .region: Region.self
        case .programme: Programme.self
        case .partnership: Partnership.self
        case .project: Project.self
        case .person: Person.self
        }
    }
}
