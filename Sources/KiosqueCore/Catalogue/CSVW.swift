import Foundation

/// The CSVW metadata (`<file>-metadata.json`) that sits beside each published CSV, so that CSVW
/// tools find its columns, datatypes and key.
enum CSVW {
    /// `exponents`: the number fields of which some value is written with an exponent (`1.5e3`),
    /// which `decimal` does not allow: their datatype is `double`.
    static func metadata(recipe: Recipe, settings: CatalogSettings, csvName: String, exponents: Set<String>) -> [String: Any] {
        let language = settings.defaultLanguage
        var columns: [[String: Any]] = []
        for field in recipe.publishedFields {
            var column: [String: Any] = ["name": field.name, "titles": field.name]
            var datatype: [String: Any] = ["base": exponents.contains(field.name) ? "double" : xsdType(field.publishedType)]
            if field.anonymise == nil {
                if let minimum = field.minimum, let value = ValueLiteral.parse(minimum, as: field.type) { datatype["minimum"] = json(value) }
                if let maximum = field.maximum, let value = ValueLiteral.parse(maximum, as: field.type) { datatype["maximum"] = json(value) }
                if let length = field.minLength { datatype["minLength"] = length }
                if let length = field.maxLength { datatype["maxLength"] = length }
            }
            column["datatype"] = datatype.count == 1 ? datatype["base"]! : datatype
            if field.required || recipe.primaryKey.contains(field.name) { column["required"] = true }
            if let description = field.description?.text(in: language, fallbacks: settings.languages) {
                column["dc:description"] = description
            }
            columns.append(column)
        }
        var schema: [String: Any] = ["columns": columns]
        if !recipe.primaryKey.isEmpty { schema["primaryKey"] = recipe.primaryKey }
        return [
            "@context": ["http://www.w3.org/ns/csvw", ["@language": language]] as [Any],
            "url": csvName,
            "dc:title": recipe.title.text(in: language, fallbacks: settings.languages),
            "dc:license": ["@id": Licence.iri(recipe.license ?? settings.license)],
            "dialect": ["header": true, "delimiter": ",", "encoding": "utf-8"] as [String: Any],
            "tableSchema": schema,
        ]
    }

    static func xsdType(_ type: String) -> String {
        switch type {
        case "integer": "integer"
        case "number": "decimal"
        case "boolean": "boolean"
        case "date": "date"
        case "datetime": "dateTime"
        case "year": "gYear"
        case "yearmonth": "gYearMonth"
        default: "string"
        }
    }

    private static func json(_ value: OrderedValue) -> Any {
        switch value {
        case .number(let number): number == number.rounded() ? Int(number) as Any : number as Any
        case .text(let text): text
        }
    }
}
