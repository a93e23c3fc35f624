import Foundation

/// Checks each shaped row against the recipe's constraints (required, enum, pattern, bounds,
/// lengths, unique, primary key), compiled once per file. Uniqueness keeps 128-bit hashes, not values.
final class RowValidator {
    private struct FieldChecks {
        var required = false
        var unique = false
        var numericEnum: [Double]?
        var textEnum: [[UInt8]]?
        var pattern: Pattern?
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
    }

    struct HashKey: Hashable {
        var high: Int
        var low: Int
    }

    private let checks: [FieldChecks]
    private let active: [Int]
    private let primaryKey: [Int]
    private var seen: [Set<HashKey>]
    private var seenKeys = Set<HashKey>()

    init(recipe: Recipe) throws {
        var checks: [FieldChecks] = []
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
                    check.textEnum = parsed.compactMap { if case .text(let t) = $0 { Array(t.utf8) } else { nil } }
                }
            }
            if let pattern = field.pattern { check.pattern = try Pattern(pattern) }
            for (text, isLower) in [(field.minimum, true), (field.maximum, false)] {
                guard let text, let value = ValueLiteral.parse(text, as: field.type) else { continue }
                switch value {
                case .number(let number): if isLower { check.lowerNumber = number } else { check.upperNumber = number }
                case .text(let string): if isLower { check.lowerText = Array(string.utf8) } else { check.upperText = Array(string.utf8) }
                }
            }
            check.minLength = field.minLength
            check.maxLength = field.maxLength
            checks.append(check)
        }
        self.checks = checks
        active = checks.indices.filter { !checks[$0].isEmpty }
        primaryKey = recipe.primaryKey.compactMap { name in recipe.fields.firstIndex { $0.name == name } }
        seen = Array(repeating: [], count: checks.count)
    }

    func validate(_ row: ShapedRow, issues: inout [RowIssue]) {
        row.bytes.withUnsafeBufferPointer { bytes in
            for index in active {
                let check = checks[index]
                switch row.kinds[index] {
                case .null:
                    if check.required { issues.append(RowIssue(rule: .required, field: index)) }
                    continue
                case .invalid:
                    continue
                default:
                    break
                }
                let cell = UnsafeBufferPointer(rebasing: bytes[row.range(index)])
                validate(cell, index, check, &issues)
            }
            guard !primaryKey.isEmpty, !primaryKey.contains(where: { row.kinds[$0] == .null || row.kinds[$0] == .invalid }) else { return }
            var first = Hasher()
            var second = Hasher()
            first.combine(0x6b69_6f73 as UInt32)
            second.combine(0x7175_6531 as UInt32)
            for index in primaryKey {
                let cell = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[row.range(index)]))
                first.combine(bytes: cell)
                first.combine(cell.count)
                second.combine(bytes: cell)
                second.combine(cell.count)
            }
            if !seenKeys.insert(HashKey(high: first.finalize(), low: second.finalize())).inserted {
                issues.append(RowIssue(rule: .primaryKey, field: primaryKey[0]))
            }
        }
    }

    private func validate(_ cell: UnsafeBufferPointer<UInt8>, _ index: Int, _ check: FieldChecks, _ issues: inout [RowIssue]) {
        if check.isNumeric, check.numericEnum != nil || check.lowerNumber != nil || check.upperNumber != nil {
            let value = Self.number(cell)
            if let allowed = check.numericEnum, !allowed.contains(value) { issues.append(RowIssue(rule: .enum, field: index)) }
            if let lower = check.lowerNumber, value < lower { issues.append(RowIssue(rule: .minimum, field: index)) }
            if let upper = check.upperNumber, value > upper { issues.append(RowIssue(rule: .maximum, field: index)) }
        }
        if let allowed = check.textEnum, !allowed.contains(where: { Self.equal($0, cell) }) {
            issues.append(RowIssue(rule: .enum, field: index))
        }
        if let lower = check.lowerText, Self.less(cell, lower) { issues.append(RowIssue(rule: .minimum, field: index)) }
        if let upper = check.upperText, Self.less(upper, cell) { issues.append(RowIssue(rule: .maximum, field: index)) }
        if check.minLength != nil || check.maxLength != nil {
            let length = cell.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            if let minimum = check.minLength, length < minimum { issues.append(RowIssue(rule: .minLength, field: index)) }
            if let maximum = check.maxLength, length > maximum { issues.append(RowIssue(rule: .maxLength, field: index)) }
        }
        if let pattern = check.pattern, !pattern.matches(cell) { issues.append(RowIssue(rule: .pattern, field: index)) }
        if check.unique {
            var first = Hasher()
            var second = Hasher()
            first.combine(bytes: UnsafeRawBufferPointer(cell))
            second.combine(0x5a as UInt8)
            second.combine(bytes: UnsafeRawBufferPointer(cell))
            if !seen[index].insert(HashKey(high: first.finalize(), low: second.finalize())).inserted {
                issues.append(RowIssue(rule: .unique, field: index))
            }
        }
    }

    /// A published number's value (its text is always in JSON number syntax).
    static func number(_ cell: UnsafeBufferPointer<UInt8>) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: cell.count + 1) { buffer in
            for index in 0..<cell.count { buffer[index] = CChar(bitPattern: cell[index]) }
            buffer[cell.count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    static func equal(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard !b.isEmpty else { return true }
        return a.withUnsafeBufferPointer { memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }
    }

    static func less(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        a.lexicographicallyPrecedes(b)
    }
}
