import Foundation

/// The site's own words in French, English and Arabic; other languages fall back to English.
enum SiteStrings {
    static let languageNames: [String: String] = [
        "fr": "Français", "en": "English", "ar": "العربية", "es": "Español", "pt": "Português", "de": "Deutsch",
        "wo": "Wolof", "ha": "Hausa", "sw": "Kiswahili",
    ]

    /// Languages written right to left.
    static let rightToLeft: Set<String> = ["ar", "he", "fa", "ur"]

    static func direction(_ language: String) -> String {
        rightToLeft.contains(code(language)) ? "rtl" : "ltr"
    }

    static let words: [String: [String: String]] = [
        "fr": [
            "datasets": "Jeux de données", "filter": "Filtrer les jeux de données", "filterHint": "un mot du titre, de l’éditeur ou d’un thème",
            "coverage": "Couverture géographique", "publisher": "Éditeur", "themes": "Thèmes", "updated": "Mise à jour", "formats": "Formats", "downloads": "Téléchargements",
            "download": "Télécharger", "size": "Taille", "checksum": "Empreinte SHA-256", "licence": "Licence", "contact": "Contact",
            "frequency": "Fréquence", "keywords": "Mots-clés", "schema": "Schéma", "field": "Champ", "type": "Type",
            "description": "Description", "constraints": "Contraintes", "anonymisation": "Anonymisation", "preview": "Aperçu",
            "previewNote": "Les 20 premières lignes de la dernière version.", "versions": "Versions", "version": "Version",
            "rows": "lignes", "notes": "Notes", "files": "Fichiers", "metadata": "Métadonnées", "dcat": "Notice DCAT-AP (JSON-LD)",
            "datapackage": "Data Package (Frictionless)", "csvw": "Métadonnées CSVW", "feed": "Flux Atom des nouvelles versions", "datasetFeed": "Flux Atom des versions de ce jeu de données",
            "catalogue": "Catalogue DCAT-AP", "home": "Accueil", "language": "Langue", "none": "Aucun jeu de données publié pour l’instant.",
            "required": "obligatoire", "unique": "unique", "primaryKey": "Clé primaire", "colon": "\u{00A0}:", "notAnonymised": "—",
            "first": "Première version", "withdrawnTitle": "retirée", "showing": "jeux de données affichés", "skip": "Aller au contenu",
            "breadcrumb": "Fil d’Ariane",
        ],
        "en": [
            "datasets": "Datasets", "filter": "Filter the datasets", "filterHint": "a word of the title, publisher or a theme",
            "coverage": "Geographic coverage", "publisher": "Publisher", "themes": "Themes", "updated": "Updated", "formats": "Formats", "downloads": "Downloads",
            "download": "Download", "size": "Size", "checksum": "SHA-256 checksum", "licence": "Licence", "contact": "Contact",
            "frequency": "Frequency", "keywords": "Keywords", "schema": "Schema", "field": "Field", "type": "Type",
            "description": "Description", "constraints": "Constraints", "anonymisation": "Anonymisation", "preview": "Preview",
            "previewNote": "The first 20 rows of the latest version.", "versions": "Versions", "version": "Version",
            "rows": "rows", "notes": "Notes", "files": "Files", "metadata": "Metadata", "dcat": "DCAT-AP record (JSON-LD)",
            "datapackage": "Data Package (Frictionless)", "csvw": "CSVW metadata", "feed": "Atom feed of new versions", "datasetFeed": "Atom feed of this dataset's versions",
            "catalogue": "DCAT-AP catalogue", "home": "Home", "language": "Language", "none": "No dataset is published yet.",
            "required": "required", "unique": "unique", "primaryKey": "Primary key", "colon": ":", "notAnonymised": "—",
            "first": "First version", "withdrawnTitle": "withdrawn", "showing": "datasets shown", "skip": "Skip to content",
            "breadcrumb": "Breadcrumb",
        ],
        "ar": [
            "datasets": "مجموعات البيانات", "filter": "تصفية مجموعات البيانات", "filterHint": "كلمة من العنوان أو الناشر أو الموضوع",
            "coverage": "التغطية الجغرافية", "publisher": "الناشر", "themes": "المواضيع", "updated": "آخر تحديث", "formats": "الصيغ", "downloads": "التنزيلات",
            "download": "تنزيل", "size": "الحجم", "checksum": "بصمة SHA-256", "licence": "الترخيص", "contact": "الاتصال",
            "frequency": "وتيرة التحديث", "keywords": "الكلمات المفتاحية", "schema": "المخطط", "field": "الحقل", "type": "النوع",
            "description": "الوصف", "constraints": "القيود", "anonymisation": "إخفاء الهوية", "preview": "معاينة",
            "previewNote": "أول 20 سطرًا من أحدث إصدار.", "versions": "الإصدارات", "version": "الإصدار",
            "rows": "سطرًا", "notes": "ملاحظات", "files": "الملفات", "metadata": "البيانات الوصفية", "dcat": "سجل DCAT-AP (JSON-LD)",
            "datapackage": "حزمة البيانات (Frictionless)", "csvw": "بيانات CSVW الوصفية", "feed": "خلاصة Atom للإصدارات الجديدة", "datasetFeed": "خلاصة Atom لإصدارات مجموعة البيانات هذه",
            "catalogue": "فهرس DCAT-AP", "home": "الصفحة الرئيسية", "language": "اللغة", "none": "لم تُنشر أي مجموعة بيانات بعد.",
            "required": "إلزامي", "unique": "فريد", "primaryKey": "المفتاح الأساسي", "colon": ":", "notAnonymised": "—",
            "first": "الإصدار الأول", "withdrawnTitle": "سُحب", "showing": "مجموعات بيانات معروضة", "skip": "انتقل إلى المحتوى",
            "breadcrumb": "مسار التنقل",
        ],
    ]

    /// The language without its region: `fr` for `fr-CA`.
    static func code(_ language: String) -> String {
        String(language.prefix { $0 != "-" })
    }

    static func words(for language: String) -> [String: String] {
        words[code(language)] ?? words["en"]!
    }

    static let frequencies: [String: [Frequency: String]] = [
        "fr": [.continuous: "en continu", .hourly: "toutes les heures", .daily: "quotidienne", .weekly: "hebdomadaire",
               .biweekly: "toutes les deux semaines", .monthly: "mensuelle", .bimonthly: "tous les deux mois",
               .quarterly: "trimestrielle", .semiannual: "semestrielle", .annual: "annuelle", .biennial: "tous les deux ans",
               .triennial: "tous les trois ans", .irregular: "irrégulière", .never: "jamais", .unknown: "inconnue"],
        "ar": [.continuous: "مستمرة", .hourly: "كل ساعة", .daily: "يومية", .weekly: "أسبوعية", .biweekly: "كل أسبوعين",
               .monthly: "شهرية", .bimonthly: "كل شهرين", .quarterly: "فصلية", .semiannual: "نصف سنوية", .annual: "سنوية",
               .biennial: "كل سنتين", .triennial: "كل ثلاث سنوات", .irregular: "غير منتظمة", .never: "أبدًا", .unknown: "غير معروفة"],
    ]

    static func frequency(_ frequency: Frequency, in language: String) -> String {
        frequencies[code(language)]?[frequency] ?? frequency.rawValue
    }

    /// A version's computed notes in the page's language.
    static func note(_ changes: VersionChanges, in language: String) -> String {
        let code = Self.code(language)
        guard let previous = changes.previous else { return firstVersion(rows: changes.rowsAfter, in: language) }
        guard code == "fr" || code == "ar" else { return changes.note }
        let rows = Self.rows(changes.rowsAfter, in: language)
        var parts: [String] = []
        if let added = changes.rowsAdded, let removed = changes.rowsRemoved, let changed = changes.rowsChanged {
            parts.append(code == "fr"
                ? "\(rows) contre \(changes.rowsBefore) dans \(previous) : \(frenchCount(added, "ajoutée")), \(frenchCount(removed, "retirée")), \(frenchCount(changed, "modifiée"))"
                : "\(rows) مقابل \(changes.rowsBefore) في \(leftToRight(previous)): \(added) مضافة، \(removed) محذوفة، \(changed) معدلة")
        } else {
            parts.append(code == "fr" ? "\(rows) contre \(changes.rowsBefore) dans \(previous)"
                                      : "\(rows) مقابل \(changes.rowsBefore) في \(leftToRight(previous))")
        }
        if !changes.fieldsAdded.isEmpty { parts.append((code == "fr" ? "champs ajoutés : " : "حقول مضافة: ") + changes.fieldsAdded.joined(separator: ", ")) }
        if !changes.fieldsRemoved.isEmpty { parts.append((code == "fr" ? "champs retirés : " : "حقول محذوفة: ") + changes.fieldsRemoved.joined(separator: ", ")) }
        if let types = changes.typesChanged, !types.isEmpty {
            parts.append((code == "fr" ? "types modifiés : " : "أنواع معدلة: ")
                         + types.map { "\($0.field) (\(typeName($0.from, in: language) ?? $0.from) → \(typeName($0.to, in: language) ?? $0.to))" }.joined(separator: ", "))
        }
        if let rekeyed = changes.rekeyed, !rekeyed.isEmpty {
            parts.append((code == "fr" ? "pseudonymes sous une nouvelle clé, qui ne se relient plus aux versions précédentes : "
                                       : "أسماء مستعارة بمفتاح جديد لا ترتبط بالإصدارات السابقة: ") + rekeyed.joined(separator: ", "))
        }
        if let added = changes.formatsAdded, !added.isEmpty {
            parts.append((code == "fr" ? "formats ajoutés : " : "صيغ مضافة: ") + added.joined(separator: ", "))
        }
        if let removed = changes.formatsRemoved, !removed.isEmpty {
            parts.append((code == "fr" ? "formats retirés : " : "صيغ محذوفة: ") + removed.joined(separator: ", "))
        }
        return parts.joined(separator: " ; ")
    }

    /// A number of rows in the language's grammar: `1 ligne`, `0 ligne`, `2 lignes`; `1 row`;
    /// in Arabic the noun follows the number's class (`سطر واحد`, `سطران`, `5 أسطر`, `20 سطرًا`, `100 سطر`).
    static func rows(_ count: Int, in language: String) -> String {
        switch code(language) {
        case "fr": return frenchCount(count, "ligne")
        case "ar": return arabicCount(count, one: "سطر واحد", two: "سطران", few: "أسطر", many: "سطرًا", other: "سطر")
        default: return VersionChanges.rows(count)
        }
    }

    /// An Arabic count with its noun, which follows the number's class: the noun alone for one
    /// and two (`سطر واحد`, `سطران`), a plural for 3 to 10, an accusative singular for 11 to 99,
    /// a singular for the rest (0, 100, 101…), as CLDR's plural rules for Arabic classify them.
    private static func arabicCount(_ count: Int, one: String, two: String, few: String, many: String, other: String) -> String {
        switch (count, count % 100) {
        case (1, _): one
        case (2, _): two
        case (_, 3...10): "\(count) \(few)"
        case (_, 11...99): "\(count) \(many)"
        default: "\(count) \(other)"
        }
    }

    /// A French count with its word: singular for 0 and 1, as French writes them.
    private static func frenchCount(_ count: Int, _ word: String) -> String {
        "\(count) \(word)\(count < 2 ? "" : "s")"
    }

    /// A version's name inside Arabic text, isolated left to right (U+2066 … U+2069): after
    /// Arabic letters its digits count as Arabic numbers, which `-` does not join, so
    /// `2026-11-23.2` would show as `23.2-11-2026`. The page's markup isolates with `<bdi>`;
    /// these notes are text, also in the Atom feed.
    static func leftToRight(_ text: String) -> String {
        "\u{2066}" + text + "\u{2069}"
    }

    /// A first version's note, which has no previous version to count changes against.
    static func firstVersion(rows: Int, in language: String) -> String {
        switch code(language) {
        case "fr": "Première version\u{00A0}: " + Self.rows(rows, in: language)
        case "ar": "الإصدار الأول: " + Self.rows(rows, in: language)
        default: "First version: " + Self.rows(rows, in: language)
        }
    }

    /// What a version's `<id>.changes.csv` holds, beside its link.
    static func changedRows(in language: String) -> String {
        switch code(language) {
        case "fr": "lignes ajoutées, modifiées et retirées"
        case "ar": "الأسطر المضافة والمعدلة والمحذوفة"
        default: "rows added, changed and removed"
        }
    }

    /// The versions a dataset's page leaves out, all listed in `versions.json` (the link follows).
    static func earlierVersions(_ count: Int, in language: String) -> String {
        switch code(language) {
        case "fr": count == 1 ? "La version plus ancienne est listée, avec ses fichiers, dans"
                              : "Les \(count) versions plus anciennes sont listées, avec leurs fichiers, dans"
        case "ar": count == 1 ? "الإصدار الأقدم مدرج مع ملفاته في" : "الإصدارات الأقدم (\(count)) مدرجة مع ملفاتها في"
        default: count == 1 ? "One earlier version is listed, with its files, in" : "\(count) earlier versions are listed, with their files, in"
        }
    }

    /// A withdrawn version's line on the dataset's page.
    static func withdrawn(on day: String, in language: String) -> String {
        switch code(language) {
        case "fr": "retirée le \(day)\u{00A0}: ses fichiers ne sont plus publiés\u{00A0}; supprimez les copies que vous en avez (leurs empreintes SHA-256 sont dans versions.json)"
        case "ar": "سُحب في \(leftToRight(day)): لم تعد ملفاته منشورة؛ احذفوا ما لديكم من نسخ منه (بصماتها SHA-256 في versions.json)"
        default: "withdrawn on \(day): its files are no longer published; delete any copy you hold (their SHA-256 checksums are in versions.json)"
        }
    }

    /// The k-anonymity a dataset's rows keep, and how many rows the current version left out for it.
    static func kAnonymity(k: Int, quasiIdentifiers: [String], suppressed: Int?, version: String?, in language: String) -> String {
        let fields = quasiIdentifiers.joined(separator: ", ")
        switch code(language) {
        case "fr":
            var text = "k-anonymat\u{00A0}: chaque combinaison de \(fields) publiée est partagée par au moins \(k) lignes."
            if let suppressed, let version {
                text += suppressed == 0 ? " Aucune ligne n’a été retirée de la version \(version) pour le garantir."
                    : " \(suppressed) \(suppressed == 1 ? "ligne a été retirée" : "lignes ont été retirées") de la version \(version) pour le garantir\u{00A0}: les totaux calculés sur le fichier sont inférieurs à ceux de la source."
            }
            return text
        case "ar":
            var text = "إخفاء الهوية k: كل تركيبة منشورة من \(fields) يشترك فيها \(rows(k, in: language)) على الأقل."
            if let suppressed, let version {
                text += suppressed == 0 ? " لم يُحذف أي سطر من الإصدار \(leftToRight(version)) لضمان ذلك."
                    : " حُذف \(rows(suppressed, in: language)) من الإصدار \(leftToRight(version)) لضمان ذلك: المجاميع المحسوبة على الملف أقل من مجاميع المصدر."
            }
            return text
        default:
            var text = "k-anonymity: every published combination of \(fields) is shared by at least \(k) rows."
            if let suppressed, let version {
                text += suppressed == 0 ? " No row was left out of version \(version) to ensure it."
                    : " \(suppressed) \(suppressed == 1 ? "row was" : "rows were") left out of version \(version) to ensure it: totals computed on the file are lower than the source's."
            }
            return text
        }
    }

    /// How an operator reads in a schema table.
    /// `keyID`: the identifier of the key the current version was pseudonymised under, so that a
    /// reuser can tell which pseudonyms (of this dataset's versions, or of other datasets) link.
    static func operation(_ operation: AnonymiseOperator, keyID: String? = nil, in language: String) -> String {
        switch code(language) {
        case "fr": french(operation, keyID: keyID)
        case "ar": arabic(operation, keyID: keyID)
        default: english(operation, keyID: keyID)
        }
    }

    private static func french(_ operation: AnonymiseOperator, keyID: String?) -> String {
        switch operation {
        case .drop: "supprimé, jamais publié"
        case .pseudonymise(_, let length, _): "pseudonymisé (HMAC-SHA256, \(length) caractères\(keyID.map { ", clé \($0)" } ?? ""))"
        case .mask(let first, let last, _): "masqué (\(first) premiers et \(last) derniers caractères gardés)"
        case .generaliseDate(.year): "généralisé à l’année"
        case .generaliseDate(.month): "généralisé au mois"
        case .generaliseBands(let bounds): "par tranches " + bounds.map { Bands.format($0) }.joined(separator: ", ")
        case .generalisePrefix(let count): "\(count) premiers caractères"
        case .round(let step): "arrondi à " + Bands.format(step)
        case .redact(let kinds, let patterns): "caviardé\u{00A0}: " + redactions(kinds, patterns: patterns, in: "fr").joined(separator: ", ")
        }
    }

    private static func english(_ operation: AnonymiseOperator, keyID: String?) -> String {
        switch operation {
        case .drop: "dropped, never published"
        case .pseudonymise(_, let length, _): "pseudonymised (HMAC-SHA256, \(length) characters\(keyID.map { ", key \($0)" } ?? ""))"
        case .mask(let first, let last, _): "masked (first \(first) and last \(last) characters kept)"
        case .generaliseDate(.year): "generalised to the year"
        case .generaliseDate(.month): "generalised to the month"
        case .generaliseBands(let bounds): "in bands " + bounds.map { Bands.format($0) }.joined(separator: ", ")
        case .generalisePrefix(let count): "first \(count) characters"
        case .round(let step): "rounded to " + Bands.format(step)
        case .redact(let kinds, let patterns): "redacted: " + redactions(kinds, patterns: patterns, in: "en").joined(separator: ", ")
        }
    }

    /// What a `redact` removes, each kind in the page's words beside the placeholder that stands for
    /// it in the published cells, so that a reuser reading `[phone]` in the file knows what was there.
    private static func redactions(_ kinds: [String], patterns: [String], in language: String) -> [String] {
        let words: [String: String]
        switch language {
        case "fr": words = ["email": "adresses e-mail", "phone": "numéros de téléphone", "iban": "IBAN", "patterns": "motifs de la recette"]
        case "ar": words = ["email": "عناوين البريد الإلكتروني", "phone": "أرقام الهاتف", "iban": "أرقام IBAN", "patterns": "أنماط الوصفة"]
        default: words = ["email": "e-mail addresses", "phone": "phone numbers", "iban": "IBANs", "patterns": "the recipe's patterns"]
        }
        return (kinds + (patterns.isEmpty ? [] : ["patterns"])).map { kind in
            let placeholder = kind == "patterns" ? Redactor.patternPlaceholder : Redactor.placeholder(kind)
            return "\(words[kind] ?? kind) (\(language == "ar" ? leftToRight(placeholder) : placeholder))"
        }
    }

    /// The operators in Arabic; numbers and placeholders stay as written.
    /// A Latin token is kept away from a number: `HMAC-SHA256، 16` would read as one run left to right.
    private static func arabic(_ operation: AnonymiseOperator, keyID: String?) -> String {
        switch operation {
        case .drop: "محذوف، لا يُنشر أبدًا"
        case .pseudonymise(_, let length, _): "اسم مستعار من \(length) حرفًا (HMAC-SHA256\(keyID.map { "، المفتاح \(leftToRight($0))" } ?? ""))"
        case .mask(let first, let last, _): "مُقنَّع (يُحتفظ بأول \(first) وآخر \(last) من الأحرف)"
        case .generaliseDate(.year): "معمَّم إلى السنة"
        case .generaliseDate(.month): "معمَّم إلى الشهر"
        case .generaliseBands(let bounds): "في فئات " + bounds.map { Bands.format($0) }.joined(separator: "، ")
        case .generalisePrefix(let count): "أول \(count) من الأحرف"
        case .round(let step): "مُقرَّب إلى مضاعفات " + Bands.format(step)
        case .redact(let kinds, let patterns): "محجوب: " + redactions(kinds, patterns: patterns, in: "ar").joined(separator: "، ")
        }
    }

    /// A file's size as the page's language writes it: `21,1 ko` in French (octets, a decimal
    /// comma, a no-break space), `21.1 kB` otherwise.
    static func size(_ bytes: Int64, in language: String) -> String {
        guard code(language) == "fr" else { return ProgressDisplay.size(Double(bytes)) }
        return ProgressDisplay.size(Double(bytes), units: ["o", "ko", "Mo", "Go", "To"], decimalComma: true, space: "\u{00A0}")
    }

    /// A Table Schema type in the page's words, for readers who do not know `yearmonth`; nil in
    /// English, where the type's own name reads.
    static func typeName(_ type: String, in language: String) -> String? {
        let names: [String: String]
        switch code(language) {
        case "fr": names = ["string": "texte", "integer": "entier", "number": "nombre", "boolean": "booléen", "date": "date",
                            "datetime": "date et heure", "year": "année", "yearmonth": "mois"]
        case "ar": names = ["string": "نص", "integer": "عدد صحيح", "number": "عدد", "boolean": "منطقي", "date": "تاريخ",
                            "datetime": "تاريخ ووقت", "year": "سنة", "yearmonth": "شهر"]
        default: return nil
        }
        return names[type]
    }

    /// A length constraint's number with its unit.
    static func characters(_ count: Int, in language: String) -> String {
        switch code(language) {
        case "fr": "\(count)\u{00A0}car."
        case "ar": arabicCount(count, one: "حرف واحد", two: "حرفان", few: "أحرف", many: "حرفًا", other: "حرف")
            .replacingOccurrences(of: " ", with: "\u{00A0}")
        default: "\(count)\u{00A0}char\(count == 1 ? "" : "s")"
        }
    }
}
