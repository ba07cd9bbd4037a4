import Foundation
import GRDB

/// SQL functions of the store, registered on every connection, with which migrations derive the served form
/// and the columns of records already stored: the same Swift code that the writer uses for new records.
enum StoreFunctions {
    static func register(_ db: Database) {
        // served_json(data): the record's stored JSON in the form the API serves it.
        db.add(function: DatabaseFunction("served_json", argumentCount: 1, pure: true) { values in
            guard let data = String.fromDatabaseValue(values[0]) else { return nil }
            return String(decoding: try StoredJSON.apiForm(data.utf8), as: UTF8.self)
        })
        // localized_name(kind, data, language): the record's name in the language.
        db.add(function: DatabaseFunction("localized_name", argumentCount: 3, pure: true) { values in
            guard let record = try decode(values[0], values[1]), let language = String.fromDatabaseValue(values[2]) else {
                return nil
            }
            return record.localizedName(in: language)
        })
        // public_json(kind, data): a person's served JSON without contact details (see PersonalData).
        db.add(function: DatabaseFunction("public_json", argumentCount: 2, pure: true) { values in
            guard let person = try decode(values[0], values[1]) as? Person else { return nil }
            return try StoredJSON.served(PersonalData.publicVersion(of: person))
        })
        // related_references(kind, data): the record's `record_related` rows as a JSON array of
        // [relation, position, kind, id, role, country].
        db.add(function: DatabaseFunction("related_references", argumentCount: 2, pure: true) { values in
            guard let record = try decode(values[0], values[1]) else { return nil }
            let rows: [[Any]] = RelatedReference.of(record).enumerated().map { position, reference in
                [reference.relation, position, reference.kind.rawValue, reference.id,
                 reference.role ?? NSNull(), reference.country ?? NSNull()]
            }
            return String(decoding: try JSONSerialization.data(withJSONObject: rows), as: UTF8.self)
        })
    }

    private static func decode(_ kind: DatabaseValue, _ data: DatabaseValue) throws -> (any RegistryRecord)? {
        guard let kind = String.fromDatabaseValue(kind).flatMap(RecordKind.init(rawValue:)),
              let json = String.fromDatabaseValue(data) else { return nil }
        return switch kind {
        case .project: try RegistryStore.decode(Project.self, from: json)
        case .partnership: try RegistryStore.decode(Partnership.self, from: json)
        case .region: try RegistryStore.decode(Region.self, from: json)
        case .organisation: try RegistryStore.decode(Organisation.self, from: json)
        case .programme: try RegistryStore.decode(Programme.self, from: json)
        case .person: try RegistryStore.decode(Person.self, from: json)
        case .theme: try RegistryStore.decode(Theme.self, from: json)
        }
    }
}
