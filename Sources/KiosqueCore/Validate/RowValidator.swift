import Foundation

/// Checks each shaped row against the recipe's constraints (required, enum, pattern, bounds,
/// lengths, unique, primary key), compiled once per file. Uniqueness keeps 128-bit hashes, not values.
final class RowValidator {
    private struct FieldChecks {
        var required = false
        var unique = false
        var numericEnum: [Double]?
        /// Reached without reference counting on every cell: `RowValidator` owns both.
        var textEnum: ByteStrings?
        var pattern: Unmanaged<Pattern>?
        var lowerNumber: Double?
        var upperNumber: Double?
        var lowerText: [UInt8]?
        var upperText: [UInt8]?
        var minLength: Int?
        var maxLength: Int?
        var isNumeric = false

        var isEmpty: Bool {
            !required && !unique && numericEnum == nil && textEnum == nil && pattern == nil && lowerNumber == nil
                && upperNumber == nil && lowerText == nil && upperText == nil && minLength == nil && maxLength == nil
        }

        /// Whether the cell's number or text is checked at all, worked out once (`settle`) so that a
        /// cell without such checks costs one test each.
        private(set) var checksNumber = false
        private(set) var checksText = false

        mutating func settle() {
            checksNumber = isNumeric && (numericEnum != nil || lowerNumber != nil || upperNumber != nil)
            checksText = textEnum != nil || lowerText != nil || upperText != nil || minLength != nil || maxLength != nil
        }
    }

    struct HashKey: Hashable {
        var high: Int
        var low: Int
    }

    private let checks: UnsafeMutableBufferPointer<FieldChecks>
    /// What `checks` points to without owning it.
    private let patterns: [Pattern]
    private let active: [Int]
    private let primaryKey: [Int]
    /// A one-field primary key that is also `unique`: one set of hashes serves both rules.
    private let keyIsUniqueField: Int?
    private var seen: [KeySet]
    private var seenKeys = KeySet()
    private let seed = KeyHasher.randomSeed()

    init(recipe: Recipe) throws {
        var list: [FieldChecks] = []
        var patterns: [Pattern] = []
        for field in recipe.fields {
            var check = FieldChecks()
            check.required = field.required || recipe.primaryKey.contains(field.name)
            check.unique = field.unique
            check.isNumeric = [.integer, .number, .year].contains(field.type)
            if let values = field.enumValues {
                let parsed = values.compactMap { ValueLiteral.parse($0, as: field.type) }
                if check.isNumeric {
                    check.numericEnum = parsed.compactMap { if case .number(let v) = $0 { v } else { nil } }
                } else {
                    // Composed, as the cells are (`CellComposer`).
                    check.textEnum = ByteStrings(parsed.compactMap { if case .text(let t) = $0 { Array(Composition.composed(t).utf8) } else { nil } })
                }
            }
            if let pattern = field.pattern {
                let compiled: Pattern
                do { compiled = try Pattern(Composition.composed(pattern)) } catch { throw PlanError("field '\(field.name)': \(error.reason)") }
                patterns.append(compiled)
                check.pattern = Unmanaged.passUnretained(compiled)
            }
            for (text, isLower) in [(field.minimum, true), (field.maximum, false)] {
                guard let text, let value = ValueLiteral.parse(text, as: field.type) else { continue }
                switch value {
                case .number(let number): if isLower { check.lowerNumber = number } else { check.upperNumber = number }
                case .text(let string): if isLower { check.lowerText = Array(string.utf8) } else { check.upperText = Array(string.utf8) }
                }
            }
            check.minLength = field.minLength
            check.maxLength = field.maxLength
            check.settle()
            list.append(check)
        }
        self.patterns = patterns
        checks = .allocate(capacity: list.count)
        _ = checks.initialize(from: list)
        active = list.indices.filter { !list[$0].isEmpty }
        primaryKey = recipe.primaryKey.compactMap { name in recipe.fields.firstIndex { $0.name == name } }
        keyIsUniqueField = primaryKey.count == 1 && list[primaryKey[0]].unique ? primaryKey[0] : nil
        seen = (0..<list.count).map { _ in KeySet() }
    }

    deinit {
        for check in checks { check.textEnum?.deallocate() }
        checks.baseAddress!.deinitialize(count: checks.count)
        checks.deallocate()
        for set in seen { set.deallocate() }
        seenKeys.deallocate()
    }

    func validate(_ row: ShapedRow, issues: inout [RowIssue]) {
        // The key's slot is fetched from memory while the other checks run.
        let key = primaryKeyHash(row)
        if let key { seenKeys.prefetch(key.0, key.1) }
        for index in active {
            let check = checks.baseAddress! + index
            switch row.kinds[index] {
            case .null:
                if check.pointee.required { issues.append(RowIssue(rule: .required, field: index)) }
                continue
            case .invalid:
                continue
            default:
                validate(row.cell(index), index, check, &issues)
            }
        }
        guard let (high, low) = key else { return }
        if let shared = keyIsUniqueField {
            if !seenKeys.insert(high, low) {
                issues.append(RowIssue(rule: .unique, field: shared))
                issues.append(RowIssue(rule: .primaryKey, field: shared))
            }
            return
        }
        if !seenKeys.insert(high, low) {
            issues.append(RowIssue(rule: .primaryKey, field: primaryKey.count == 1 ? primaryKey[0] : RowIssue.wholeKey))
        }
    }

    /// The hash of the row's primary key; nil without a key, or when a key cell is empty or invalid.
    @inline(__always)
    private func primaryKeyHash(_ row: ShapedRow) -> (UInt64, UInt64)? {
        guard !primaryKey.isEmpty, !primaryKey.contains(where: { row.kinds[$0] == .null || row.kinds[$0] == .invalid }) else { return nil }
        if let shared = keyIsUniqueField { return hash(row.cell(shared)) }
        var hasher = KeyHasher(seed: seed)
        for index in primaryKey { hasher.combine(row.cell(index)) }
        return hasher.finalize()
    }

    @inline(__always)
    private func hash(_ cell: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var hasher = KeyHasher(seed: seed)
        hasher.combine(cell)
        return hasher.finalize()
    }

    private func validate(_ cell: UnsafeBufferPointer<UInt8>, _ index: Int, _ check: UnsafeMutablePointer<FieldChecks>, _ issues: inout [RowIssue]) {
        if check.pointee.checksNumber {
            let value = Self.number(cell)
            if let allowed = check.pointee.numericEnum, !allowed.contains(value) { issues.append(RowIssue(rule: .enum, field: index)) }
            if let lower = check.pointee.lowerNumber, value < lower { issues.append(RowIssue(rule: .minimum, field: index)) }
            if let upper = check.pointee.upperNumber, value > upper { issues.append(RowIssue(rule: .maximum, field: index)) }
        }
        if check.pointee.checksText { checkText(cell, index, check, &issues) }
        if let pattern = check.pointee.pattern, !pattern._withUnsafeGuaranteedRef({ $0.matches(cell) }) { issues.append(RowIssue(rule: .pattern, field: index)) }
        if check.pointee.unique, keyIsUniqueField != index {
            let (high, low) = hash(cell)
            if !seen[index].insert(high, low) { issues.append(RowIssue(rule: .unique, field: index)) }
        }
    }

    private func checkText(_ cell: UnsafeBufferPointer<UInt8>, _ index: Int, _ check: UnsafeMutablePointer<FieldChecks>, _ issues: inout [RowIssue]) {
        if let allowed = check.pointee.textEnum, !allowed.contains(cell) {
            issues.append(RowIssue(rule: .enum, field: index))
        }
        if let lower = check.pointee.lowerText, lower.withUnsafeBufferPointer({ ByteOrder.precedes(cell, $0) }) { issues.append(RowIssue(rule: .minimum, field: index)) }
        if let upper = check.pointee.upperText, upper.withUnsafeBufferPointer({ ByteOrder.precedes($0, cell) }) { issues.append(RowIssue(rule: .maximum, field: index)) }
        if check.pointee.minLength != nil || check.pointee.maxLength != nil {
            var length = 0
            for byte in cell where byte & 0xC0 != 0x80 { length += 1 }
            if let minimum = check.pointee.minLength, length < minimum { issues.append(RowIssue(rule: .minLength, field: index)) }
            if let maximum = check.pointee.maxLength, length > maximum { issues.append(RowIssue(rule: .maxLength, field: index)) }
        }
    }

    private static let powersOfTen: [Double] = (0...15).map { pow(10, Double($0)) }

    /// A published number's value (its text is always in JSON number syntax).
    static func number(_ cell: UnsafeBufferPointer<UInt8>) -> Double {
        // Up to 15 digits with an optional decimal point, the common case, without strtod: one division
        // of two exact doubles is correctly rounded, as strtod is.
        if cell.count <= 16 {
            var mantissa = 0
            var negative = false
            var index = 0
            var decimals = -1
            if index < cell.count, cell[index] == UInt8(ascii: "-") {
                negative = true
                index = 1
            }
            var plain = index < cell.count
            var digits = 0
            while index < cell.count {
                let byte = cell[index]
                let digit = byte &- 48
                if digit <= 9 {
                    mantissa = mantissa * 10 + Int(digit)
                    digits += 1
                    if decimals >= 0 { decimals += 1 }
                } else if byte == UInt8(ascii: "."), decimals < 0 {
                    decimals = 0
                } else {
                    plain = false
                    break
                }
                index += 1
            }
            if plain, digits > 0, digits <= 15 {
                let value = decimals > 0 ? Double(mantissa) / powersOfTen[decimals] : Double(mantissa)
                return negative ? -value : value
            }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: cell.count + 1) { buffer in
            for index in 0..<cell.count { buffer[index] = CChar(bitPattern: cell[index]) }
            buffer[cell.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}

/// A fixed list of byte strings in memory of its own, compared without reference counting; freed
/// by its owner with `deallocate()`.
struct ByteStrings {
    private let items: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>

    init(_ strings: [[UInt8]]) {
        items = .allocate(capacity: strings.count)
        for (index, string) in strings.enumerated() {
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: string.count)
            _ = copy.initialize(from: string)
            items[index] = UnsafeBufferPointer(copy)
        }
    }

    @inline(__always)
    func contains(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        for item in items where item.count == cell.count {
            if cell.isEmpty || memcmp(item.baseAddress!, cell.baseAddress!, cell.count) == 0 { return true }
        }
        return false
    }

    func deallocate() {
        for item in items { item.deallocate() }
        items.deallocate()
    }
}
