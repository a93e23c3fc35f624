import Foundation

/// The CSV file a workbook's sheet is written out to (`SheetWriter`, `OpenDocumentSheet`,
/// `LegacySheetWriter`): a writer fills its own buffer and hands it here a megabyte at a time, and
/// the file stops, with an error naming the sheet, once it passes the source's `max_size`.
final class SheetCSVFile {
    private let handle: FileHandle
    private let maxSize: Int64
    /// The sheet, as messages name it: `the workbook's sheet 'Naissances'`.
    private let what: String
    private(set) var total: Int64 = 0

    init(_ url: URL, maxSize: Int64, what: String) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw DecodeError("cannot write \(what) to \(url.deletingLastPathComponent().path); check free disk space")
        }
        handle = try FileHandle(forWritingTo: url)
        self.maxSize = maxSize
        self.what = what
    }

    deinit { try? handle.close() }

    /// Writes `buffer` out and empties it once it holds a megabyte, or now when `final`.
    func drain(_ buffer: inout [UInt8], final: Bool = false) throws {
        guard final || buffer.count >= 1 << 20 else { return }
        handle.write(Data(buffer))
        total += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
        guard total <= maxSize else {
            throw DecodeError("\(what) makes more than source max_size (\(maxSize) bytes) of CSV; raise max_size if that is expected")
        }
    }
}
