import CByteScan
import Foundation

/// Streams an RFC 4180 CSV source record by record: quoted fields with delimiters, doubled quotes and
/// line breaks; CRLF, LF or CR line ends; a byte-order mark. Lenient where real exports are sloppy:
/// a quote inside an unquoted field is kept as a character.
final class CSVReader: RecordReader {
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private enum State { case cellStart, unquoted, quoted, afterQuote }

    let encoding: TextEncoding
    private(set) var columns: [String] = []
    private(set) var delimiter: UInt8
    private let stream: UTF8Stream
    private var chunk = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var position = 0
    private var line = 1
    private var skipLineFeed = false

    /// The first record of a source without a header row, read to count its cells and handed out
    /// by the first `next(into:)`.
    private var pending: RawRow?

    /// Opens the stream, skips `skipLines` lines, settles the delimiter and reads the header row;
    /// without one (`header: false`), columns are labelled by position (`column 1`…) from the first record.
    init(_ stream: UTF8Stream, delimiter: UInt8?, skipLines: Int, header hasHeader: Bool = true) throws {
        self.stream = stream
        self.encoding = stream.encoding
        self.delimiter = delimiter ?? UInt8(ascii: ",")
        try skip(lines: skipLines)
        if delimiter == nil {
            _ = try fill()
            self.delimiter = DelimiterSniffer.sniff(UnsafeBufferPointer(rebasing: chunk[position...]))
        }
        let header = RawRow()
        guard try next(into: header) else {
            if !hasHeader { return }
            throw DecodeError("the source has no header row\(skipLines > 0 ? " after skipping \(skipLines) lines" : ""); check source url and skip_lines")
        }
        // Excel's `sep=;` line names the delimiter above the header: taken, and skipped.
        if skipLines == 0, let declared = Self.separatorLine(header, delimiter: self.delimiter) {
            if delimiter == nil { self.delimiter = declared }
            guard try next(into: header) else {
                if !hasHeader { return }
                throw DecodeError("the source has no header row after its sep= line; check source url")
            }
        }
        if hasHeader {
            columns = (0..<header.count).map { header.string($0).trimmingCharacters(in: .whitespaces) }
        } else {
            columns = (0..<header.count).map { "column \($0 + 1)" }
            pending = header
        }
    }

    /// The delimiter a first line `sep=;` declares (read with `delimiter`, it is one cell, or
    /// `sep=` and an empty cell).
    static func separatorLine(_ row: RawRow, delimiter: UInt8) -> UInt8? {
        guard row.count <= 2 else { return nil }
        let first = Array(row.string(0).utf8)
        guard first.count >= 4, first[0] | 0x20 == UInt8(ascii: "s"), first[1] | 0x20 == UInt8(ascii: "e"),
              first[2] | 0x20 == UInt8(ascii: "p"), first[3] == UInt8(ascii: "=") else { return nil }
        if row.count == 1, first.count == 5, first[4] < 0x80, first[4] != quote { return first[4] }
        if row.count == 2, first.count == 4, row.string(1).isEmpty { return delimiter }
        return nil
    }

    /// Whether there are bytes to read at `position`, refilling from the stream when needed.
    private func fill() throws -> Bool {
        while position >= chunk.count {
            guard let next = try stream.next() else { return false }
            chunk = next
            position = 0
        }
        return true
    }

    private func skip(lines: Int) throws {
        var remaining = lines
        while remaining > 0, try fill() {
            if let index = chunk[position...].firstIndex(of: Self.lineFeed) {
                position = index + 1
                line += 1
                remaining -= 1
            } else {
                position = chunk.count
            }
        }
    }

    func next(into row: RawRow) throws -> Bool {
        if let first = pending {
            pending = nil
            row.copy(from: first)
            return true
        }
        while true {
            row.reset()
            guard try readRecord(into: row) else { return false }
            // A line with nothing on it is no record at all.
            if row.count == 1, row.bytes.count == 0, !lastRecordHadQuote { continue }
            row.mayCompose = stream.composingMarks
            row.mayHoldControls = stream.controlCharacters
            row.mayBeDoubleEncoded = stream.doubleEncoded
            return true
        }
    }

    private var lastRecordHadQuote = false

    private func tooManyColumns(_ row: RawRow) -> DecodeError {
        DecodeError("the record starting on line \(row.line) has more than \(DecodeLimits.columns) cells; check source delimiter")
    }

    private enum ScanEnd { case chunkEnd, cellEnd, recordEnd }

    /// Reads unquoted cells from `position`, one after another while the next one opens no quote
    /// (without going back through `.cellStart`), up to the end of a record, a quoted cell or the chunk.
    @inline(__always)
    private func scanUnquoted(_ base: UnsafePointer<UInt8>, _ end: Int, into row: RawRow) throws -> ScanEnd {
        let delimiter = self.delimiter
        var index = position
        while true {
            index += kq_find_any4(base + index, end - index, delimiter, Self.quote, Self.lineFeed, Self.carriageReturn)
            if index > position { row.bytes.append(UnsafeBufferPointer(start: base + position, count: index - position)) }
            position = index
            if index >= end { return .chunkEnd }
            let byte = base[index]
            position += 1
            index = position
            if byte == delimiter {
                row.endCell()
                if row.count > DecodeLimits.columns { throw tooManyColumns(row) }
                if position >= end || base[position] == Self.quote { return .cellEnd }
            } else if byte == Self.lineFeed {
                row.endCell()
                line += 1
                return .recordEnd
            } else if byte == Self.carriageReturn {
                row.endCell()
                line += 1
                skipLineFeed = true
                return .recordEnd
            } else {
                row.bytes.append(byte)
            }
        }
    }

    private func readRecord(into row: RawRow) throws -> Bool {
        var state = State.cellStart
        var quoteLine = line
        lastRecordHadQuote = false
        row.line = line
        while true {
            if position >= chunk.count {
                guard try fill() else {
                    switch state {
                    case .quoted:
                        throw DecodeError("a quoted field opened on line \(quoteLine) is never closed; the file may be truncated or have a stray \" character")
                    case .cellStart where row.count == 0:
                        return false
                    default:
                        row.endCell()
                        return true
                    }
                }
            }
            let base = chunk.baseAddress!
            let end = chunk.count
            if row.bytes.count > DecodeLimits.recordBytes {
                throw DecodeError("the record starting on line \(row.line) is longer than \(DecodeLimits.recordBytes >> 20) MiB; the file may not be CSV, or a quote may be missing (check source format and delimiter)")
            }
            switch state {
            case .cellStart:
                let byte = base[position]
                if skipLineFeed {
                    skipLineFeed = false
                    if byte == Self.lineFeed, row.count == 0 {
                        position += 1
                        row.line = line
                        continue
                    }
                }
                if byte == Self.quote {
                    state = .quoted
                    quoteLine = line
                    lastRecordHadQuote = true
                    position += 1
                } else {
                    state = .unquoted
                }
            case .unquoted:
                switch try scanUnquoted(base, end, into: row) {
                case .chunkEnd: continue
                case .cellEnd: state = .cellStart
                case .recordEnd: return true
                }
            case .quoted:
                // To the closing quote 16 bytes at a time, counting the line breaks on the way.
                var index = position
                while true {
                    index += kq_find_any4(base + index, end - index, Self.quote, Self.lineFeed, Self.quote, Self.quote)
                    guard index < end, base[index] == Self.lineFeed else { break }
                    line += 1
                    index += 1
                }
                if index > position { row.bytes.append(UnsafeBufferPointer(start: base + position, count: index - position)) }
                position = index
                guard index < end else { continue }
                position += 1
                state = .afterQuote
            case .afterQuote:
                let byte = base[position]
                if byte == Self.quote {
                    row.bytes.append(Self.quote)
                    position += 1
                    state = .quoted
                } else if byte == delimiter {
                    position += 1
                    row.endCell()
                    if row.count > DecodeLimits.columns { throw tooManyColumns(row) }
                    state = .cellStart
                } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                    position += 1
                    row.endCell()
                    line += 1
                    skipLineFeed = byte == Self.carriageReturn
                    return true
                } else {
                    // Text after a closing quote: keep it, as spreadsheet programs do.
                    state = .unquoted
                }
            }
        }
    }
}

/// Guesses a CSV delimiter from the first lines: the candidate found the same number of times on
/// every line wins (a header full of commas does not fool it), then the most frequent.
enum DelimiterSniffer {
    static let candidates: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: "|")]

    static func sniff(_ sample: UnsafeBufferPointer<UInt8>, maxLines: Int = 50) -> UInt8 {
        var counts: [[Int]] = Array(repeating: [], count: candidates.count)
        var current = [Int](repeating: 0, count: candidates.count)
        var inQuotes = false
        var lineHasContent = false
        var lines = 0
        func endLine() {
            if lineHasContent {
                for index in candidates.indices { counts[index].append(current[index]) }
                lines += 1
            }
            current = [Int](repeating: 0, count: candidates.count)
            lineHasContent = false
        }
        for byte in sample {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if !inQuotes, byte == UInt8(ascii: "\n") {
                endLine()
                if lines >= maxLines { break }
                continue
            }
            if byte != UInt8(ascii: "\r") { lineHasContent = true }
            if !inQuotes, let index = candidates.firstIndex(of: byte) { current[index] += 1 }
        }
        if lines < maxLines { endLine() }

        var best: (delimiter: UInt8, consistent: Bool, agreement: Int, count: Int)?
        for (index, perLine) in counts.enumerated() where !perLine.isEmpty {
            // The most common count on a line, and how many lines agree with it.
            var frequency: [Int: Int] = [:]
            for count in perLine where count > 0 { frequency[count, default: 0] += 1 }
            guard let (mode, agreement) = frequency.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { continue }
            let consistent = agreement == perLine.count
            let candidate = (candidates[index], consistent, agreement, mode)
            if let current = best {
                if (candidate.1 && !current.consistent)
                    || (candidate.1 == current.consistent && (candidate.2, candidate.3) > (current.agreement, current.count)) {
                    best = candidate
                }
            } else {
                best = candidate
            }
        }
        return best?.delimiter ?? UInt8(ascii: ",")
    }
}
