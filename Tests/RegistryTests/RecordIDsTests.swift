import Testing
@testable import Registry

/// A selection's ids packed in one buffer read back as they went in, whatever their length and script.
struct RecordIDsTests {
    @Test func idsComeBackInTheirOrderAndSlices() {
        let written = ["syn-kaposvar-egyetem-8112", "a", "", "københavns-kommune", "region-skåne", "x-\u{1F30D}"]
        var ids = RecordIDs()
        for (index, id) in written.enumerated() {
            if index.isMultiple(of: 2) {
                ids.append(id)
            } else {
                Array(id.utf8).withUnsafeBytes { ids.append($0) }
            }
        }
        #expect(ids.count == written.count)
        #expect(ids.ids(in: 0..<written.count) == written)
        #expect(ids.ids(in: 2..<4) == Array(written[2..<4]))
        #expect(ids.ids(in: 5..<5).isEmpty)
        #expect(RecordIDs().count == 0)
    }
}
