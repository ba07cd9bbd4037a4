import Foundation

/// The JSON coders as the write path configures them (``RecordWriter/encoder()``, snake_case keys read from
/// served bodies), made once for an import: making Foundation's encoder again for every record of a large file
/// costs more than some of the records' coding.
final class ImportCoders {
    let encoder = RecordWriter.encoder()
    let decoder = RecordWriter.decoder()

    /// The JSON of `value` as ``RecordWriter/encode(_:)`` writes it.
    func encode(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
