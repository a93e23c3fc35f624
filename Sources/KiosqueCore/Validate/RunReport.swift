import Foundation

/// `report.json` of a version: what was read, published and refused. It never holds a personal value:
/// error samples of anonymised or personal fields name the row, the field and the rule only.
struct RunReport: Encodable {
    struct Source: Encodable {
        var url: String
        var format: String?
        var encoding: String
        var bytes: Int64
    }

    struct Rows: Encodable {
        var read: Int
        var published: Int
        var invalid: Int
        var suppressed: Int
        /// Rows left out with no value in any published field; left out of the report when none.
        var empty: Int?
    }

    struct Privacy: Encodable {
        struct FieldOperator: Encodable {
            var field: String
            var `operator`: String
            /// For `pseudonymise`: the identifier of the key (`PrivacyKeys.identifier`), never the key.
            var keyID: String?

            enum CodingKeys: String, CodingKey {
                case field, `operator`
                case keyID = "key_id"
            }
        }
        var fields: [FieldOperator]
        var k: Int?
        var quasiIdentifiers: [String]?
        var suppressedRows: Int
        var smallestGroup: Int?
        /// DESIGN's "achieved k": the smallest group of published rows sharing their
        /// quasi-identifiers, which is also what `smallest_group` says.
        var achievedK: Int? { smallestGroup }

        enum CodingKeys: String, CodingKey {
            case fields, k
            case quasiIdentifiers = "quasi_identifiers"
            case suppressedRows = "suppressed_rows"
            case smallestGroup = "smallest_group"
            case achievedK = "achieved_k"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fields, forKey: .fields)
            try container.encodeIfPresent(k, forKey: .k)
            try container.encodeIfPresent(quasiIdentifiers, forKey: .quasiIdentifiers)
            try container.encode(suppressedRows, forKey: .suppressedRows)
            try container.encodeIfPresent(smallestGroup, forKey: .smallestGroup)
            try container.encodeIfPresent(achievedK, forKey: .achievedK)
        }
    }

    var dataset: String
    var version: String
    var generated: String
    var source: Source
    var rows: Rows
    var invalidByRule: [ValidationTally.RuleCount]
    var errors: [ValidationTally.Sample]
    var notes: [String]
    var privacy: Privacy

    enum CodingKeys: String, CodingKey {
        case dataset, version, generated, source, rows, errors, notes, privacy
        case invalidByRule = "invalid_by_rule"
    }

    /// `keys`: the identifier of each pseudonymised field's key, by field name.
    init(recipe: Recipe, version: String, generated: String, tally: ValidationTally, body: FetchedBody, encoding: TextEncoding,
         keys: [String: String] = [:]) {
        dataset = recipe.id
        self.version = version
        self.generated = generated
        source = Source(url: Redaction.url(recipe.source.url), format: recipe.source.format?.rawValue,
                        encoding: encoding.rawValue, bytes: body.bytes)
        rows = Rows(read: tally.rowsRead, published: tally.rowsPublished, invalid: tally.rowsInvalid, suppressed: tally.rowsSuppressed,
                    empty: tally.rowsEmpty > 0 ? tally.rowsEmpty : nil)
        invalidByRule = tally.sortedCounts
        errors = tally.samples
        notes = tally.notes
        privacy = Privacy(fields: recipe.fields.compactMap { field in
            field.anonymise.map { Privacy.FieldOperator(field: field.name, operator: $0.name, keyID: keys[field.name]) }
        }, k: recipe.privacy?.k, quasiIdentifiers: recipe.privacy?.quasiIdentifiers,
           suppressedRows: tally.rowsSuppressed, smallestGroup: tally.smallestGroup)
    }

    func encoded() throws -> Data {
        try JSONCoding.encoder.encode(self) + Data("\n".utf8)
    }
}
