import Foundation

/// One field's anonymisation, compiled once per file and applied to each published cell's bytes.
enum CellOperation {
    case pseudonymise(Pseudonymiser, length: Int)
    case mask(keepFirst: Int, keepLast: Int, character: [UInt8])
    case generaliseDate(AnonymiseOperator.DateGranularity)
    case bands(Bands)
    case prefix(Int)
    case round(Rounding)
    case redact(Redactor)

    /// Appends the anonymised form of `cell` (its published text) to `out`; returns how it is written.
    func apply(_ cell: UnsafeBufferPointer<UInt8>, into out: ByteBuffer) -> CellKind {
        switch self {
        case .pseudonymise(let keyed, let length):
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digest in
                keyed.code(cell, into: digest.baseAddress!)
                Self.hex(digest.baseAddress!, length: length, into: out)
                digest.initialize(repeating: 0)
            }
            return .string
        case .mask(let keepFirst, let keepLast, let character):
            Self.mask(cell, keepFirst: keepFirst, keepLast: keepLast, character: character, into: out)
            return .string
        case .generaliseDate(let granularity):
            // Published dates start with YYYY-MM-DD.
            let length = granularity == .year ? 4 : 7
            out.append(UnsafeBufferPointer(rebasing: cell[0..<min(length, cell.count)]))
            return granularity == .year ? .number : .string
        case .bands(let bands):
            bands.label(RowValidator.number(cell), into: out)
            return .string
        case .prefix(let count):
            var characters = 0
            var end = 0
            while end < cell.count {
                if cell[end] & 0xC0 != 0x80 {
                    if characters == count { break }
                    characters += 1
                }
                end += 1
            }
            out.append(UnsafeBufferPointer(rebasing: cell[0..<end]))
            return .string
        case .round(let rounding):
            rounding.apply(RowValidator.number(cell), into: out)
            return .number
        case .redact(let redactor):
            redactor.redact(cell, into: out)
            return .string
        }
    }

    /// The first `length` hex digits of a pseudonym's digest.
    @inline(__always)
    static func hex(_ digest: UnsafePointer<UInt8>, length: Int, into out: ByteBuffer) {
        let digits = Hex.digits.utf8Start
        out.appendInPlace(maximum: length) { target in
            for index in 0..<length {
                let byte = digest[index &>> 1]
                target[index] = digits[Int(index & 1 == 0 ? byte &>> 4 : byte & 0xF)]
            }
            return length
        }
    }

    /// Keeps the first and last characters, and the separators (spaces, `-`, `.`, `/`, brackets)
    /// so the shape stays readable: `+225 07 ** ** ** 12`. A value too short to have anything
    /// left between the kept characters (`Al` with one kept at each end) is masked whole, separators
    /// aside: a masked value never appears as it is.
    static func mask(_ cell: UnsafeBufferPointer<UInt8>, keepFirst: Int, keepLast: Int, character: [UInt8], into out: ByteBuffer) {
        var characters = 0
        for byte in cell where byte & 0xC0 != 0x80 { characters += 1 }
        let start = out.count
        if !maskCharacters(cell, from: keepFirst, to: characters - keepLast, character: character, into: out) {
            out.truncate(to: start)
            _ = maskCharacters(cell, from: 0, to: characters, character: character, into: out)
        }
    }

    /// Writes `cell` with the characters at positions `first..<last` that are not separators
    /// replaced by `character`; whether any was, or the cell has nothing but separators.
    private static func maskCharacters(_ cell: UnsafeBufferPointer<UInt8>, from first: Int, to last: Int, character: [UInt8], into out: ByteBuffer) -> Bool {
        var masked = false
        var others = false
        var position = 0
        var start = 0
        while start < cell.count {
            var end = start + 1
            while end < cell.count, cell[end] & 0xC0 == 0x80 { end += 1 }
            let byte = cell[start]
            let isSeparator = end - start == 1 && (byte == 0x20 || byte == 0x2D || byte == 0x2E || byte == 0x2F || byte == 0x28 || byte == 0x29)
            if isSeparator || position < first || position >= last {
                out.append(UnsafeBufferPointer(rebasing: cell[start..<end]))
                others = others || !isSeparator
            } else {
                out.append(character)
                masked = true
            }
            position += 1
            start = end
        }
        return masked || !others
    }
}

/// `generalise: {bands: [0, 18, 30, 60]}`: a number becomes the range it falls in.
struct Bands {
    let bounds: [Double]
    let integer: Bool

    /// `18-29` for integers, `[18,30)` for decimals, `<0` below the first bound, `60+` from the last.
    func label(_ value: Double, into out: ByteBuffer) {
        let text: String
        if value < bounds[0] {
            text = "<\(Self.format(bounds[0]))"
        } else if let index = bounds.lastIndex(where: { $0 <= value }), index < bounds.count - 1 {
            let low = bounds[index], high = bounds[index + 1]
            if integer, low == low.rounded(), high == high.rounded() {
                text = "\(Self.format(low))-\(Self.format(high - 1))"
            } else {
                text = "[\(Self.format(low)),\(Self.format(high)))"
            }
        } else {
            text = "\(Self.format(bounds[bounds.count - 1]))+"
        }
        out.append(Array(text.utf8))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// `round: N`: a number rounded to the nearest multiple of N, written with N's decimals.
struct Rounding {
    let step: Double
    let decimals: Int

    init(step: Double) {
        self.step = step
        var decimals = 0
        var scaled = step
        while scaled != scaled.rounded(), decimals < 9 {
            scaled *= 10
            decimals += 1
        }
        self.decimals = decimals
    }

    func apply(_ value: Double, into out: ByteBuffer) {
        var rounded = (value / step).rounded() * step
        if rounded == 0 { rounded = 0 }  // no "-0"
        let text = decimals == 0 ? String(Int64(rounded)) : String(format: "%.\(decimals)f", rounded)
        out.append(Array(text.utf8))
    }
}
