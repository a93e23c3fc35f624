import Foundation

/// Little-endian integers read from bytes, at an offset from the collection's start (so a slice
/// reads as its own buffer): ZIP archives, compound files and BIFF8 records store them this way.
extension Collection where Element == UInt8, Index == Int {
    func readLE16(_ offset: Int) -> UInt16 {
        let base = startIndex + offset
        return UInt16(self[base]) | UInt16(self[base + 1]) << 8
    }

    func readLE32(_ offset: Int) -> UInt32 {
        let base = startIndex + offset
        return UInt32(self[base]) | UInt32(self[base + 1]) << 8 | UInt32(self[base + 2]) << 16 | UInt32(self[base + 3]) << 24
    }

    func readLE64(_ offset: Int) -> UInt64 {
        UInt64(readLE32(offset)) | UInt64(readLE32(offset + 4)) << 32
    }
}
