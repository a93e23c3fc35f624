import Foundation
import Testing
@testable import KiosqueCore

@Suite("Recipes and catalog.yml")
struct RecipeLoaderTests {
    @Test("did-you-mean counts a swap of two letters as one typo", arguments: [
        ("titel", "title"), ("requierd", "required"), ("fomrat", "format"), ("pirmary_key", "primary_key"), ("zzzz", nil),
    ] as [(String, String?)])
    func suggestions(word: String, expected: String?) {
        #expect(Suggestion.closest(to: word, in: ["id", "title", "required", "format", "primary_key", "source"]) == expected)
    }

    @Test("edit distances", arguments: [("ab", "ba", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("ca", "abc", 3), ("title", "title", 0)])
    func distances(a: String, b: String, expected: Int) {
        #expect(Suggestion.editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars)) == expected)
    }

    func load(_ recipe: String, name: String = "naissances") throws -> (Recipe?, [Diagnostic]) {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let file = try sandbox.write("Pipelines/\(name).yml", recipe)
        let (settings, catalogDiagnostics) = CatalogLoader.load(sandbox.workspace.catalogSettingsFile, displayPath: "Pipelines/catalog.yml")
        #expect(catalogDiagnostics.isEmpty, "\(catalogDiagnostics)")
        return RecipeLoader.load(file, displayPath: "Pipelines/\(name).yml", catalog: settings)
    }

    /// The test catalogue with one line replaced, as CatalogLoader reads it.
    static func loadCatalog(replacing original: String, with replacement: String) throws -> (CatalogSettings?, [Diagnostic]) {
        let sandbox = try Sandbox()
        try sandbox.write("Pipelines/catalog.yml", Sandbox.catalogYAML.replacingOccurrences(of: original, with: replacement))
        return CatalogLoader.load(sandbox.workspace.catalogSettingsFile, displayPath: "Pipelines/catalog.yml")
    }

    static let valid = """
        id: naissances
        title: {fr: Naissances, en: Births}
        publisher: test
        source:
          url: sources/naissances.csv
          delimiter: ";"
          decimal: ","
          timeout: 2m
          max_size: 500MB
        fields:
          - name: numero_acte
            from: "N° acte"
            required: true
          - name: poids_g
            type: integer
            minimum: 300
          - name: nom_mere
            anonymise: drop
        primary_key: [numero_acte]
        validation: {max_invalid: 1%, max_row_drop: 50%}
        publish: {formats: [csv, json, csv.gz]}

        """

    @Test("a valid recipe becomes typed values")
    func valid() throws {
        let (recipe, diagnostics) = try load(Self.valid)
        #expect(diagnostics.isEmpty)
        let loaded = try #require(recipe)
        #expect(loaded.source.delimiter == UInt8(ascii: ";"))
        #expect(loaded.source.decimal == UInt8(ascii: ","))
        #expect(loaded.source.timeout == 120)
        #expect(loaded.source.maxSize == 500_000_000)
        #expect(loaded.fields.map(\.name) == ["numero_acte", "poids_g", "nom_mere"])
        #expect(loaded.fields[0].from == "N° acte")
        #expect(loaded.publishedFields.map(\.name) == ["numero_acte", "poids_g"])
        #expect(loaded.validation.maxInvalid == .fraction(0.01))
        #expect(loaded.validation.maxRowDrop == 0.5)
        #expect(loaded.publish.formats == [.csv, .json, .csvGzip])
    }

    @Test("an unknown key is reported at its line and column with a suggestion")
    func unknownKey() throws {
        let recipe = Self.valid.replacingOccurrences(of: "    required: true", with: "    requird: true")
        let (loaded, diagnostics) = try load(recipe)
        #expect(loaded == nil)
        #expect(diagnostics.map(\.description) == ["""
            Pipelines/naissances.yml:13:5: error: unknown key 'requird' in a field (did you mean 'required'?)
                requird: true
                ^
            """])
    }

    /// Notepad writes CRLF line ends: the line shown under the error is the right one, without its "\r".
    @Test("an error in a recipe with CRLF line ends shows its line")
    func crlfLines() throws {
        let recipe = Self.valid.replacingOccurrences(of: "    required: true", with: "    requird: true")
            .replacingOccurrences(of: "\n", with: "\r\n")
        let (loaded, diagnostics) = try load(recipe)
        #expect(loaded == nil)
        #expect(diagnostics.map(\.description) == ["""
            Pipelines/naissances.yml:13:5: error: unknown key 'requird' in a field (did you mean 'required'?)
                requird: true
                ^
            """])
    }

    @Test("wrong types and bad values are all reported at once")
    func severalErrors() throws {
        let recipe = Self.valid
            .replacingOccurrences(of: "timeout: 2m", with: "timeout: soon")
            .replacingOccurrences(of: "type: integer", with: "type: integr")
            .replacingOccurrences(of: "formats: [csv, json, csv.gz]", with: "formats: [csv, parquet]")
        let (_, diagnostics) = try load(recipe)
        let messages = diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        #expect(messages == [
            "8:12 timeout must be a duration such as 60s, 5m or 1h, not 'soon'",
            "15:11 unknown type 'integr' (did you mean 'integer'?); use one of string, integer, number, boolean, date, datetime, year, yearmonth",
            "21:26 unknown format 'parquet'; use csv, json, ndjson, csv.gz, json.gz, xlsx",
        ])
    }

    @Test("a k-anonymity action other than suppress is refused with what suppress does and how to keep more rows")
    func kAnonymityAction() throws {
        let recipe = Self.valid.replacingOccurrences(of: "primary_key: [numero_acte]\n",
                                                     with: "primary_key: [numero_acte]\nprivacy:\n  k_anonymity: {k: 5, quasi_identifiers: [poids_g], action: generalise}\n")
        let (_, diagnostics) = try load(recipe)
        #expect(diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == [
            "21:61 k_anonymity action must be suppress, not 'generalise': rows in groups smaller than k are left out and counted; "
                + "to keep more of them, coarsen the quasi-identifiers on their fields (anonymise: {generalise: year}, bands or prefix)",
        ])
        let (plan, accepted) = try load(recipe.replacingOccurrences(of: "action: generalise", with: "action: suppress"))
        #expect(accepted.isEmpty, "\(accepted)")
        #expect(plan?.privacy?.k == 5)
    }

    @Test("a plain value where source or a field goes is answered with the mapping to write")
    func plainValues() throws {
        let (loaded, diagnostics) = try load("""
            id: naissances
            title: Naissances
            source: sources/naissances.csv
            fields:
              - Date de naissance
              - sexe

            """)
        #expect(loaded == nil)
        #expect(diagnostics.map(\.message) == [
            "source must be a mapping of keys to values, not a plain value; write source: {url: \"sources/naissances.csv\"}",
            "a field must be a mapping of keys to values, not a plain value; write - {name: date_de_naissance, from: \"Date de naissance\"}",
            "a field must be a mapping of keys to values, not a plain value; write - {name: sexe}",
        ], "\(diagnostics)")
    }

    @Test("a k out of range does not hide the other problems of k_anonymity")
    func kAnonymityAllProblems() throws {
        let recipe = Self.valid.replacingOccurrences(of: "primary_key: [numero_acte]\n",
                                                     with: "primary_key: [numero_acte]\nprivacy:\n  k_anonymity: {k: 1, quasi_identifiers: [nom_mere, poid_g]}\n")
        let (loaded, diagnostics) = try load(recipe)
        #expect(loaded == nil)
        #expect(diagnostics.map(\.message) == [
            "k must be between 2 and 10000, not 1",
            "quasi-identifier 'nom_mere' is dropped, so it cannot identify anyone; remove it from the list",
            "quasi-identifier 'poid_g' is not a field (did you mean 'poids_g'?)",
        ], "\(diagnostics)")
    }

    @Test("a frequency written in French is refused with the English name it means", arguments: [
        ("mensuel", "unknown frequency 'mensuel' (did you mean 'monthly'? frequencies are written in English)"),
        ("Trimestrielle", "unknown frequency 'Trimestrielle' (did you mean 'quarterly'? frequencies are written in English)"),
        ("irrégulier", "unknown frequency 'irrégulier' (did you mean 'irregular'? frequencies are written in English)"),
        ("montly", "unknown frequency 'montly' (did you mean 'monthly'?)"),
    ])
    func frenchFrequency(word: String, message: String) throws {
        let (_, diagnostics) = try load(Self.valid.replacingOccurrences(of: "publisher: test\n", with: "publisher: test\nfrequency: \(word)\n"))
        #expect(diagnostics.map(\.message) == [message + "; use one of " + Frequency.allCases.map(\.rawValue).joined(separator: ", ")])
    }

    @Test("a text cut at its comma in { } is told to be quoted; a code that is no language is not")
    func textCutAtComma() throws {
        let (_, cut) = try load(Self.valid + "description: {fr: Chaque demande, son statut et sa date}\n")
        #expect(cut.map(\.message) == ["'son statut et sa date' in description is not a language code such as fr, en or ar; a comma inside { } ends the text before it: put the whole text in quotes, as in {fr: \"Chaque demande, son statut\"}"])
        let (_, code) = try load(Self.valid + "description: {fr: Demandes, xx1: Requests}\n")
        #expect(code.map(\.message) == ["'xx1' in description is not a language code such as fr, en or ar"])
        let (_, quoted) = try load(Self.valid + "description: {fr: \"Chaque demande, son statut et sa date\"}\n")
        #expect(quoted.isEmpty)
    }

    @Test("a type named as SQL, Python or French name it is refused with the type it means", arguments: [
        ("text", "string"), ("VARCHAR(255)", "string"), ("chaîne", "string"), ("int", "integer"), ("entier", "integer"),
        ("bigint", "integer"), ("float", "number"), ("decimal(10,2)", "number"), ("réel", "number"), ("bool", "boolean"),
        ("booléen", "boolean"), ("timestamp", "datetime"), ("année", "year"), ("integr", "integer"),
    ])
    func typeSynonyms(word: String, meant: String) throws {
        let (_, diagnostics) = try load(Self.valid.replacingOccurrences(of: "type: integer", with: "type: \"\(word)\""))
        #expect(diagnostics.map(\.message) == ["unknown type '\(word)' (did you mean '\(meant)'?); use one of string, integer, number, boolean, date, datetime, year, yearmonth"])
    }

    @Test("a key written in French is refused with the English key it means", arguments: [
        ("title: {fr: Naissances", "titre: {fr: Naissances", "unknown key 'titre' in the recipe (did you mean 'title'?"),
        ("fields:", "champs:", "unknown key 'champs' in the recipe (did you mean 'fields'?"),
        ("  delimiter: \";\"", "  séparateur: \";\"", "unknown key 'séparateur' in source (did you mean 'delimiter'?"),
        ("  max_size: 500MB", "  Taille max: 500MB", "unknown key 'Taille max' in source (did you mean 'max_size'?"),
        ("    required: true", "    obligatoire: true", "unknown key 'obligatoire' in a field (did you mean 'required'?"),
        ("    from: \"N° acte\"", "    colonne: \"N° acte\"", "unknown key 'colonne' in a field (did you mean 'from'?"),
        ("primary_key:", "clé_primaire:", "unknown key 'clé_primaire' in the recipe (did you mean 'primary_key'?"),
        ("anonymise: drop", "anonymise: supprimer", "anonymise 'supprimer' needs settings or is unknown (did you mean 'drop'?"),
        ("anonymise: drop", "anonymise: {masquer: {keep_last: 2}}", "unknown key 'masquer' in anonymise (did you mean 'mask'?"),
    ])
    func frenchKeys(original: String, replacement: String, message: String) throws {
        let (_, diagnostics) = try load(Self.valid.replacingOccurrences(of: original, with: replacement))
        #expect(diagnostics.contains { $0.message.hasPrefix(message + " keys are written in English)") }, "\(diagnostics.map(\.message))")
        // A French word that is no key here gets no suggestion from the table.
        #expect(FrenchKeys.meaning(of: "champs", in: ["title"]) == nil)
    }

    @Test("a key written in the wrong mapping is refused with the mapping it goes in", arguments: [
        ("validation: {max_invalid: 1%, max_row_drop: 50%}", "max_invalid: 1%",
         "20:1 unknown key 'max_invalid' in the recipe (max_invalid goes under validation:)"),
        ("publish: {formats: [csv, json, csv.gz]}", "formats: [csv, json]",
         "21:1 unknown key 'formats' in the recipe (formats goes under publish:)"),
        ("  delimiter: \";\"", "  delimiter: \";\"\n  keep_versions: 3",
         "7:3 unknown key 'keep_versions' in source (keep_versions goes under publish:)"),
        ("    required: true", "    required: true\n    k: 5", "14:5 unknown key 'k' in a field (k goes under privacy: {k_anonymity: …})"),
        ("    required: true", "    primary_key: true", "13:5 unknown key 'primary_key' in a field (primary_key goes at a recipe's top level)"),
        ("publisher: test", "url: sources/naissances.csv", "3:1 unknown key 'url' in the recipe (url goes under source:)"),
        ("publisher: test", "base_url: https://x.example/", "3:1 unknown key 'base_url' in the recipe (base_url goes in catalog.yml)"),
        ("    anonymise: drop", "    drop: true", "18:5 unknown key 'drop' in a field (drop goes under a field's anonymise:)"),
    ])
    func misplacedKeys(original: String, replacement: String, message: String) throws {
        let recipe = Self.valid.replacingOccurrences(of: original, with: replacement)
        let (loaded, diagnostics) = try load(recipe)
        #expect(loaded == nil)
        let messages = diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        #expect(messages.contains(message), "\(messages)")
    }

    @Test("a key named as another tool names it is refused with the recipe's key", arguments: [
        ("  delimiter: \";\"", "  sep: \";\"", "unknown key 'sep' in source (did you mean 'delimiter'?)"),
        ("  delimiter: \";\"", "  skiprows: 2", "unknown key 'skiprows' in source (did you mean 'skip_lines'?)"),
        ("  delimiter: \";\"", "  header_row: 3",
         "unknown key 'header_row' in source (did you mean 'skip_lines'? skip_lines is the number of lines before the header row)"),
        ("  delimiter: \";\"", "  na_values: [\"-\"]", "unknown key 'na_values' in source (did you mean 'missing_values'?)"),
        ("  decimal: \",\"", "  decimal_separator: \",\"", "unknown key 'decimal_separator' in source (did you mean 'decimal'?)"),
        ("  decimal: \",\"", "  charset: latin1", "unknown key 'charset' in source (did you mean 'encoding'?)"),
        ("    from: \"N° acte\"", "    source: \"N° acte\"", "unknown key 'source' in a field (did you mean 'from'?)"),
        ("    required: true", "    nullable: false", "unknown key 'nullable' in a field (nullable: false is written required: true)"),
        ("    required: true", "    constraints: {required: true}",
         "unknown key 'constraints' in a field (the checks are keys of the field itself: required, unique, pattern, enum, minimum, maximum, min_length, max_length)"),
        ("primary_key:", "pk:", "unknown key 'pk' in the recipe (did you mean 'primary_key'?)"),
        ("    required: true", "    title: Numéro de l'acte", "unknown key 'title' in a field (did you mean 'description'?)"),
        ("publisher: test", "name: naissances",
         "unknown key 'name' in the recipe (a dataset is named by id: and title:; name: goes in a field, under fields:)"),
    ])
    func borrowedKeys(original: String, replacement: String, message: String) throws {
        let (loaded, diagnostics) = try load(Self.valid.replacingOccurrences(of: original, with: replacement))
        #expect(loaded == nil)
        #expect(diagnostics.map(\.message).contains(message), "\(diagnostics.map(\.message))")
    }

    @Test("errors come in the file's order, whatever order they are found in; an unknown operator is not also 'not one operator'")
    func fileOrder() throws {
        let recipe = Self.valid
            .replacingOccurrences(of: "  delimiter: \";\"", with: "  separateur: \";\"")
            .replacingOccurrences(of: "    anonymise: drop", with: "    anonymise: {generalize: year}")
            .replacingOccurrences(of: "publish:", with: "publishing:")
            .replacingOccurrences(of: "primary_key:", with: "primary_keys:")
        let (_, diagnostics) = try load(recipe)
        let places = diagnostics.map { "\($0.location!.line):\($0.location!.column)" }
        #expect(places == ["6:3", "18:17", "19:1", "21:1"], "\(diagnostics.map(\.description))")
        #expect(!diagnostics.contains { $0.message.contains("exactly one operator") })
    }

    @Test("a recipe saved in Windows-1252 (Notepad's ANSI) is named at its first accented letter")
    func notUTF8() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        let text = Self.valid.replacingOccurrences(of: "\"N° acte\"", with: "\"Numéro d'acte\"")
        let file = try sandbox.write("Pipelines/naissances.yml", text.data(using: .windowsCP1252)!)
        let (settings, settingsDiagnostics) = CatalogLoader.load(sandbox.workspace.catalogSettingsFile, displayPath: "Pipelines/catalog.yml")
        #expect(settingsDiagnostics.isEmpty)
        let (_, diagnostics) = RecipeLoader.load(file, displayPath: "Pipelines/naissances.yml", catalog: settings)
        let messages = diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.message)" }
        #expect(messages == ["12:15 the file is not UTF-8 text: byte 0xE9 here (`é` in Windows-1252, as Notepad's ANSI saves it); save the file as UTF-8"])
    }

    @Test("the id must match the file name")
    func idMismatch() throws {
        let (_, diagnostics) = try load(Self.valid, name: "births")
        #expect(diagnostics.first?.message.contains("must match the file name 'births.yml'") == true)
    }

    @Test("schemes other than http, https, ftp, ftps and file are refused")
    func schemes() throws {
        for scheme in ["gopher", "dict", "ldap"] {
            let (_, diagnostics) = try load(Self.valid.replacingOccurrences(of: "url: sources/naissances.csv", with: "url: \(scheme)://example.org/x"))
            #expect(diagnostics.first?.message.contains("URL scheme '\(scheme):' is not allowed") == true)
        }
    }

    @Test("bare_number applies to integer and number fields only")
    func bareNumber() throws {
        let (recipe, accepted) = try load(Self.valid.replacingOccurrences(of: "    minimum: 300", with: "    minimum: 300\n    bare_number: false"))
        #expect(accepted.isEmpty, "\(accepted)")
        #expect(recipe?.fields.first { $0.name == "poids_g" }?.bareNumber == false)
        #expect(recipe?.fields.first { $0.name == "numero_acte" }?.bareNumber == true)
        let (_, refused) = try load(Self.valid.replacingOccurrences(of: "    required: true", with: "    required: true\n    bare_number: false"))
        #expect(refused.map(\.message) == ["bare_number applies to integer and number fields; 'numero_acte' is string"])
    }

    @Test("personal: true without an operator is an error")
    func personalWithoutOperator() throws {
        let recipe = Self.valid.replacingOccurrences(of: "    minimum: 300", with: "    minimum: 300\n    personal: true")
        let (_, diagnostics) = try load(recipe)
        #expect(diagnostics.contains { $0.message.contains("marked personal: true but has no anonymise operator") })
    }

    @Test("a field without an operator may not read what another field hides: the same column, the same key, or an object holding it", arguments: [
        ("{name: copie, from: nom_mere}", "field 'copie' reads 'nom_mere', which holds what field 'nom_mere' drops"),
        ("{name: copie, from: /nom_mere}", "field 'copie' reads '/nom_mere', which holds what field 'nom_mere' drops"),
        ("{name: parent, from: mere}\n  - {name: nom_m, from: /mere/nom, anonymise: {mask: {keep_first: 1}}}", "field 'parent' reads 'mere', which holds what field 'nom_m' masks"),
        ("{name: mere_nom, from: /mere/nom}\n  - {name: mere, anonymise: drop}", nil),
        ("{name: annee_mere, from: nom_mere, anonymise: {mask: {keep_first: 1}}}", nil),
        ("{name: commune, from: /mere/commune}\n  - {name: nom_m, from: /mere/nom, anonymise: drop}", nil),
    ] as [(String, String?)])
    func hiddenValuesReadAgain(field: String, error: String?) throws {
        let recipe = Self.valid.replacingOccurrences(of: "  - name: nom_mere\n", with: "  - \(field)\n  - name: nom_mere\n")
        let (loaded, diagnostics) = try load(recipe)
        if let error {
            #expect(loaded == nil)
            #expect(diagnostics.contains { $0.severity == .error && $0.message.contains(error) }, "\(diagnostics)")
        } else {
            #expect(loaded != nil, "\(diagnostics)")
        }
    }

    @Test("an address with a space, which would end the IRI in Turtle, is refused with what to write instead", arguments: [
        ("base_url: https://donnees.test.example/", "base_url: \"https://donnees.test.example/open data/\"", "base_url must be an absolute http(s) URL where Output/ is served"),
        ("homepage: https://www.test.example/", "homepage: \"https://www.test.example/a<b\"", "homepage must be an absolute http(s) URL, not 'https://www.test.example/a<b' (it holds '<': write it percent-encoded"),
        ("license: CC-BY-4.0", "license: \"https://licences.example/ma licence\"", "unknown licence 'https://licences.example/ma licence'"),
    ])
    func unsafeAddresses(original: String, replacement: String, error: String) throws {
        let (settings, diagnostics) = try Self.loadCatalog(replacing: original, with: replacement)
        #expect(settings == nil)
        #expect(diagnostics.contains { $0.message.contains(error) }, "\(diagnostics)")
        let key = replacement.prefix { $0 != ":" }
        let raw = replacement.dropFirst(key.count + 2)
        if raw.contains(" ") {
            #expect(diagnostics.contains { $0.message.contains("(it holds a space: write it percent-encoded, such as %20 for a space)") }, "\(diagnostics)")
        }
        // Percent-encoded, the same address is accepted.
        let value = raw.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "<", with: "%3C")
        let (encoded, more) = try Self.loadCatalog(replacing: original, with: "\(key): \(value)")
        #expect(encoded != nil, "\(more)")
    }

    /// A three-letter code, a capital or a language's name would be taken for another language:
    /// the site would fall back to English words and the catalogue would name no language.
    @Test("a language written otherwise than BCP 47's code is refused with the code to write", arguments: [
        ("[fra, en]", "'fra' in languages is written 'fr': a language with a two-letter code is named by it"),
        ("[fr-CI, eng]", "'eng' in languages is written 'en'"),
        ("[fre-CI, en]", "'fre-CI' in languages is written 'fr-CI'"),
        ("[FR, en]", "'FR' in languages is not a language code: did you mean 'fr'?"),
        ("[fr, English]", "'English' in languages is the language's name: write its code, 'en'"),
        ("[fr, 1x]", "'1x' in languages is not a language code such as fr, en or ar"),
    ])
    func languageCodes(languages: String, error: String) throws {
        let (settings, diagnostics) = try Self.loadCatalog(replacing: "languages: [fr, en]", with: "languages: \(languages)")
        #expect(settings == nil)
        #expect(diagnostics.contains { $0.severity == .error && $0.message.hasPrefix(error) }, "\(diagnostics)")
    }

    @Test("a theme written as its name, in English or French, is refused with its code", arguments: [
        ("Economy", "'ECON', Economy and finance"), ("santé", "'HEAL', Health"), ("Transports", "'TRAN', Transport"),
        ("Population et société", "'SOCI', Population and society"), ("GOV", "'GOVE'"), ("econ", "'ECON', Economy and finance"),
    ])
    func themeNames(theme: String, suggestion: String) throws {
        let (recipe, diagnostics) = try load(Self.valid.replacingOccurrences(of: "publisher: test\n", with: "publisher: test\nthemes: [SOCI, \"\(theme)\"]\n"))
        #expect(recipe == nil)
        let message = try #require(diagnostics.first?.message)
        #expect(message.hasPrefix("unknown theme '\(theme)' (did you mean \(suggestion)?); themes are the EU's data-theme codes: AGRI (agriculture,"), "\(message)")
        #expect(message.contains("SOCI (population and society)"))
    }

    @Test("a word every catalogue uses, or one of two themes, suggests none")
    func themeWithoutName() {
        #expect(DataTheme.code(named: "Données") == nil && DataTheme.code(named: "Open data") == nil)
        #expect(DataTheme.code(named: "xyz") == nil && DataTheme.code(named: "and") == nil)
        #expect(DataTheme.code(named: "justice") == "JUST" && DataTheme.code(named: "Énergie") == "ENER")
    }

    @Test("a text's language key is held to the same codes as languages")
    func textLanguageKey() throws {
        let (recipe, diagnostics) = try load(Self.valid.replacingOccurrences(of: "title: {fr: Naissances, en: Births}", with: "title: {fra: Naissances, en: Births}"))
        #expect(recipe == nil)
        #expect(diagnostics.contains { $0.message.hasPrefix("'fra' in title is written 'fr'") }, "\(diagnostics)")
    }

    @Test("a language the catalogue cannot name with an EU vocabulary IRI is a warning, and accepted")
    func languageWithoutIRI() throws {
        let (settings, diagnostics) = try Self.loadCatalog(replacing: "languages: [fr, en]", with: "languages: [fr-CI, xq]")
        #expect(settings?.languages == ["fr-CI", "xq"])
        #expect(diagnostics.map(\.severity) == [.warning], "\(diagnostics)")
        #expect(diagnostics.first?.message.hasPrefix("'xq' in languages has no entry kiosque knows in the EU's language vocabulary") == true)
    }

    @Test("an address written without https:// is refused with the address to write", arguments: [
        ("base_url: https://donnees.test.example/", "base_url: donnees.test.example", "(did you mean 'https://donnees.test.example/'?)"),
        ("homepage: https://www.test.example/", "homepage: www.test.example", "homepage must be an absolute http(s) URL, not 'www.test.example' (did you mean 'https://www.test.example'?)"),
    ])
    func addressWithoutScheme(original: String, replacement: String, error: String) throws {
        let (settings, diagnostics) = try Self.loadCatalog(replacing: original, with: replacement)
        #expect(settings == nil)
        #expect(diagnostics.contains { $0.message.hasSuffix(error) }, "\(diagnostics)")
    }

    @Test("a JSON pointer in from: with a CSV source is a warning; with a JSON source it is not", arguments: [
        ("sources/naissances.csv", true), ("sources/naissances.json", false),
    ])
    func pointerInCSV(url: String, warned: Bool) throws {
        let recipe = Self.valid.replacingOccurrences(of: "sources/naissances.csv", with: url)
            .replacingOccurrences(of: "    from: \"N° acte\"", with: "    from: /acte/numero")
        let (loaded, diagnostics) = try load(recipe)
        #expect(loaded != nil, "\(diagnostics)")
        let warning = diagnostics.first { $0.message.contains("a JSON pointer, but the source is CSV") }
        #expect((warning != nil) == warned, "\(diagnostics)")
        #expect(warning.map { $0.severity == .warning && $0.message.hasPrefix("field 'numero_acte' reads '/acte/numero'") } ?? true)
    }

    @Test("a pseudonymisation key must come from the environment")
    func literalKey() throws {
        let recipe = Self.valid.replacingOccurrences(of: "anonymise: drop", with: "anonymise: {pseudonymise: {key: s3cret-in-the-recipe}}")
        let (_, diagnostics) = try load(recipe)
        let message = try #require(diagnostics.first?.description)
        #expect(message.contains("never write the key itself"))
    }

    /// Yams finds a quote or bracket left open where the file ends, on a blank line below the one
    /// to fix: the error points at where it opened instead.
    @Test("a quote or bracket never closed is reported where it opens, not at the end of the file", arguments: [
        ("id: naissances\ntitle: [unclosed\n", "2:8: error: invalid YAML: the [ list that starts here is never closed", "title: [unclosed\n       ^"),
        ("id: naissances\ntitle: \"unclosed\nsource: {url: x.csv}\n\n", "2:8: error: invalid YAML: the quoted text that starts here is never closed",
         "title: \"unclosed\n       ^"),
        ("id: naissances\nfields: [{name: a}, {name: b}\n", "2:9: error: invalid YAML: the [ list that starts here is never closed", "fields: [{name: a}"),
        ("junk: [\n", "1:8: error: invalid YAML: the file ends with a quote or bracket still open", "junk: [\n       ^"),
    ])
    func invalidYAML(yaml: String, start: String, excerpt: String) throws {
        let (_, diagnostics) = try load(yaml)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].description.hasPrefix("Pipelines/naissances.yml:" + start), "\(diagnostics)")
        #expect(diagnostics[0].description.contains(excerpt), "\(diagnostics)")
    }

    @Test("an error found after an open bracket names where the bracket opened")
    func invalidYAMLInsideBracket() throws {
        let (_, diagnostics) = try load("id: naissances\ntitle: {fr: x, en: y\nsource: {url: x.csv}\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].description.hasPrefix("Pipelines/naissances.yml:3:7: error: invalid YAML: while parsing a flow mapping: "
            + "did not find expected ',' or '}' (in the { mapping that starts at line 2, column 8)"), "\(diagnostics)")
    }

    /// Quoted or not, a key is the same text to the loader, so it is the same key.
    @Test("a key written twice in a mapping is named, at its first place, without the file's text", arguments: [
        "  - {name: poids_g, type: integer, name: poids}\n", "  - {name: poids_g, type: integer, 'name': poids}\n",
    ])
    func duplicateKey(field: String) throws {
        let (recipe, diagnostics) = try load(Self.valid.replacingOccurrences(of: "primary_key", with: field + "primary_key"))
        #expect(recipe == nil)
        #expect(diagnostics.map(\.description) == ["""
            Pipelines/naissances.yml:19:6: error: duplicate key 'name' in the same mapping; keep one of them
              - {name: poids_g, type: integer, \(field.contains("'") ? "'name'" : "name"): poids}
                 ^
            """], "\(diagnostics)")
    }

    @Test("a tab in the indentation is named as such")
    func tabIndentation() throws {
        let (_, diagnostics) = try load("id: naissances\ntitle: T\nsource:\n\turl: sources/naissances.csv\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].description.hasPrefix(
            "Pipelines/naissances.yml:4:1: error: invalid YAML: this line is indented with a tab; YAML indents with spaces only"), "\(diagnostics)")
    }

    @Test("an alias bomb is refused, not expanded")
    func aliasBomb() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "id: naissances\ntitle: *a9\n"
        let (recipe, diagnostics) = try load(yaml)
        #expect(recipe == nil)
        #expect(!diagnostics.isEmpty)
    }
}

/// The design's own examples, copied byte for byte into `Fixtures/design/`, are recipes `check` accepts.
@Suite("DESIGN.md's examples")
struct DesignExampleTests {
    @Test("check accepts the catalogue settings and the recipe that lists every key")
    func designExamplesCheck() throws {
        let sandbox = try Sandbox()
        for name in ["catalog.yml", "naissances.yml"] {
            try sandbox.write("Pipelines/\(name)", try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("design/\(name)")))
        }
        let result = try sandbox.kiosque("check", environment: ["SOURCE_TOKEN": "token", "KIOSQUE_PSEUDONYM_KEY": String(repeating: "k", count: 40)])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("1 recipe checked: 0 errors"), "\(result.stdout)")
        // Its source is a CSV export: the JSON keys it lists are ignored, and said to be.
        #expect(result.stderr.contains("Pipelines/naissances.yml:18:12: warning: records applies to json sources only"), "\(result.stderr)")
        #expect(result.stderr.contains("Pipelines/naissances.yml:25:13: warning: paginate applies to json and ndjson sources only"))
    }

    @Test("a CSV source with records and paginate is read as one file, its rows the records")
    func csvIgnoresJSONKeys() throws {
        let sandbox = try Sandbox()
        try sandbox.writeCatalog()
        try sandbox.write("Pipelines/sources/codes.csv", "code;libelle\n01;Un\n02;Deux\n")
        try sandbox.write("Pipelines/codes.yml", """
            id: codes
            title: Codes
            source: {url: sources/codes.csv, format: csv, records: /data/items, paginate: {next: /links/next}}
            fields:
              - {name: code}
              - {name: libelle}

            """)
        let result = try sandbox.kiosque("run")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("codes: 2 rows read, 2 published"), "\(result.stdout)")
        #expect(try sandbox.text("Output/datasets/codes/codes.csv") == "code,libelle\n01,Un\n02,Deux\n")
    }
}
