/// What the error on an unknown key of a recipe or catalog.yml suggests, first match wins:
/// the English key a French one means (`champs` is `fields`); the key a name from another tool
/// stands for there (pandas' `sep`, a field's `source`); the place a key of another mapping goes
/// (`max_invalid` written at the top level goes under `validation:`); a key a letter or two away
/// (`anonymize`). Empty when none fits.
enum KeyHints {
    static func hint(for key: String, in allowed: [String]) -> String {
        FrenchKeys.hint(for: key, in: allowed)
            ?? borrowed(key, in: allowed)
            ?? place(of: key, besides: allowed)
            ?? Suggestion.hint(for: key, in: allowed)
    }

    /// Each mapping of a recipe and of catalog.yml, as the hint names it, with its keys.
    static let places: [(place: String, keys: [String])] = [
        ("at a recipe's top level", RecipeLoader.keys),
        ("under source:", SourceLoader.keys),
        ("under source: {paginate: …}", SourceLoader.paginateKeys),
        ("in a field, under fields:", FieldLoader.keys),
        ("under a field's anonymise:", AnonymiseLoader.operators),
        ("under privacy:", ["k_anonymity"]),
        ("under privacy: {k_anonymity: …}", PolicyLoader.kAnonymityKeys),
        ("under validation:", PolicyLoader.validationKeys),
        ("under publish:", PolicyLoader.publishKeys),
        ("in catalog.yml", CatalogLoader.keys),
        ("in a publisher of catalog.yml", CatalogLoader.publisherKeys),
        ("under contact: in catalog.yml", CatalogLoader.contactKeys),
    ]

    /// ` (max_invalid goes under validation:)` for a key that only one mapping takes, or only one of
    /// the file the key was written in (a recipe's `url` is its source's, not the contact's). A key
    /// that several take (`title`, `name`, `format`) gets no such hint: which was meant is a guess.
    static func place(of key: String, besides allowed: [String]) -> String? {
        let holders = places.filter { $0.keys.contains(key) }
        let inCatalog = places.first { $0.keys == allowed }?.place.hasSuffix("catalog.yml") ?? false
        let sameFile = holders.filter { $0.place.hasSuffix("catalog.yml") == inCatalog }
        guard let holder = sameFile.count == 1 ? sameFile.first : holders.count == 1 ? holders.first : nil else { return nil }
        return " (\(key) goes \(holder.place))"
    }

    /// Names other tools give the settings a recipe has (pandas, Frictionless, csvkit, SQL),
    /// each with the recipe's keys it may stand for, in order.
    static let synonyms: [String: [String]] = [
        // source
        "sep": ["delimiter"], "separator": ["delimiter"], "delim": ["delimiter"], "field_separator": ["delimiter"],
        "column_separator": ["delimiter"], "charset": ["encoding"], "codec": ["encoding"], "file_encoding": ["encoding"],
        "skip_rows": ["skip_lines"], "skiprows": ["skip_lines"], "skip": ["skip_lines"], "header_row": ["skip_lines"],
        "header_rows": ["skip_lines"], "header_line": ["skip_lines"], "skip_header": ["skip_lines"],
        "na_values": ["missing_values"], "null_values": ["missing_values"], "nulls": ["missing_values"],
        "na": ["missing_values"], "nan_values": ["missing_values"], "missing": ["missing_values"],
        "decimal_separator": ["decimal"], "decimal_point": ["decimal"], "decimal_char": ["decimal"],
        "decimal_mark": ["decimal"], "thousands_separator": ["thousands"], "thousand_separator": ["thousands"],
        "thousands_sep": ["thousands"], "group_char": ["thousands"], "grouping": ["thousands"],
        "link": ["url"], "uri": ["url"], "href": ["url"], "path": ["url"], "address": ["url"],
        "type": ["format"], "mediatype": ["format"], "media_type": ["format"], "content_type": ["format"],
        "pointer": ["records"], "json_pointer": ["records"], "records_path": ["records"], "data_path": ["records"],
        "sheet_name": ["sheet"], "worksheet": ["sheet"], "tab": ["sheet"],
        // a field
        "source": ["from"], "header": ["from"], "column_name": ["from"], "source_column": ["from"], "original": ["from"],
        "date_format": ["format"], "dateformat": ["format"], "datetime_format": ["format"],
        "dtype": ["type"], "datatype": ["type"], "data_type": ["type"], "kind": ["type"],
        "mandatory": ["required"], "not_null": ["required"], "notnull": ["required"],
        "regexp": ["pattern"], "match": ["pattern"], "values": ["enum"], "allowed_values": ["enum"],
        "choices": ["enum"], "one_of": ["enum"], "categories": ["enum", "themes"],
        "min_value": ["minimum"], "max_value": ["maximum"], "pii": ["personal"], "sensitive": ["personal"],
        "title": ["description"], "label": ["description"],
        // a recipe's top level
        "pk": ["primary_key"], "primarykey": ["primary_key"], "key": ["primary_key"], "keys": ["primary_key"],
        "schema": ["fields"], "columns": ["fields"], "tags": ["keywords"], "theme": ["themes"],
        "category": ["themes"], "periodicity": ["frequency"], "update_frequency": ["frequency"],
        "accrual_periodicity": ["frequency"], "organization": ["publisher"], "organisation": ["publisher"],
        "owner": ["publisher"], "producer": ["publisher"],
    ]

    /// What a name from another tool means where the recipe writes it differently, given where
    /// it applies (a key that mapping takes).
    static let notes: [String: (applies: String, text: String)] = [
        "nullable": ("required", "nullable: false is written required: true"),
        "constraints": ("required", "the checks are keys of the field itself: required, unique, pattern, enum, minimum, maximum, min_length, max_length"),
        "header_row": ("skip_lines", "skip_lines is the number of lines before the header row"),
        "header_rows": ("skip_lines", "skip_lines is the number of lines before the header row"),
        "name": ("id", "a dataset is named by id: and title:; name: goes in a field, under fields:"),
        "url": ("base_url", "where Output/ is served is base_url:, the administration's own site homepage:"),
    ]

    /// ` (did you mean 'delimiter'?)`, with a note where the setting is written differently.
    static func borrowed(_ key: String, in allowed: [String]) -> String? {
        let folded = String(key.lowercased().map { $0 == "-" || $0 == " " ? "_" : $0 })
        let meaning = synonyms[folded]?.first(where: allowed.contains)
        let note = notes[folded].flatMap { allowed.contains($0.applies) ? $0.text : nil }
        switch (meaning, note) {
        case let (meaning?, note?): return " (did you mean '\(meaning)'? \(note))"
        case let (meaning?, nil): return " (did you mean '\(meaning)'?)"
        case let (nil, note?): return " (\(note))"
        case (nil, nil): return nil
        }
    }
}
