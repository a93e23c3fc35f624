import Foundation

/// `check`'s warnings about fields that look personal but have no operator: by their name, and by
/// sampled values (e-mail addresses, phone numbers) when the source is a local file.
/// `personal: false` on a field says it was reviewed and silences them. Values are never shown.
enum PersonalDataHints {
    static let words: Set<String> = [
        "nom", "noms", "prenom", "prenoms", "name", "names", "firstname", "lastname", "surname", "fullname",
        "email", "mail", "courriel", "telephone", "tel", "phone", "mobile", "portable", "gsm", "adresse", "address",
        "cin", "cni", "nni", "nin", "passeport", "passport", "matricule", "iban", "rib", "ssn", "nir", "dob",
        "birthdate", "birthday", "naissance",
        // What survey tools (KoboToolbox, ODK, SurveyCTO) record about the phone and the person
        // who filled the form: the device's IMEI, the SIM's IMSI and serial, the phone number,
        // the account; and IP addresses, as web forms log them.
        "deviceid", "imei", "subscriberid", "imsi", "simserial", "iccid", "phonenumber", "msisdn", "username", "login",
        "ipaddress",
        // A form's GPS point: where the respondent was, often their home.
        "gps", "geopoint",
        // Arabic, with and without the article, as folded (hamza and vowel marks removed): name,
        // family name, surname, phone, mobile, passport.
        "اسم", "الاسم", "النسب", "نسب", "اللقب", "لقب", "هاتف", "الهاتف", "الجوال", "جوال", "المحمول", "جواز",
    ]
    static let phrases = ["date_naissance", "date_de_naissance", "lieu_naissance", "lieu_de_naissance", "date_of_birth",
                          "mois_naissance", "mois_de_naissance", "month_of_birth", "birth_month",
                          "place_of_birth", "birth_date", "ne_le", "nee_le", "e_mail", "numero_de_telephone",
                          "submitted_by", "user_name", "device_id", "phone_number", "sim_serial", "subscriber_id",
                          "ip_address", "adresse_ip",
                          // Arabic: date and place of birth (ازدياد in Morocco), e-mail, national ID card.
                          "تاريخ_الازدياد", "تاريخ_الميلاد", "تاريخ_الولادة", "مكان_الازدياد", "مكان_الميلاد", "مكان_الولادة",
                          "البريد_الالكتروني", "بريد_الكتروني", "البطاقة_الوطنية", "بطاقة_التعريف", "رقم_التعريف"]
    /// Words that look personal on their own but are about places or counts, not people.
    static let harmless: Set<String> = ["naissance"]

    /// Names of things, not people: "Nom de la commune", "name of the school"; and where things
    /// are: "GPS de l'école".
    static let nameWords: Set<String> = ["nom", "noms", "name", "names", "اسم", "الاسم", "gps", "geopoint"]
    static let things: Set<String> = [
        "commune", "communes", "ville", "zone", "region", "departement", "pays", "quartier", "iris", "voie", "rue",
        "lieu", "site", "station", "arret", "ligne", "service", "services", "structure", "etablissement", "organisme",
        "entreprise", "societe", "association", "ministere", "direction", "ecole", "lycee", "college", "hopital",
        "produit", "fichier", "jeu", "procedure", "demarche", "city", "town", "country", "district", "street", "place",
        "school", "hospital", "company", "organisation", "organization", "department", "agency", "product", "file",
        "dataset", "stop", "route",
        // Arabic: city, commune, municipality, wilaya, province, region, establishment, service,
        // school, hospital, company, ministry, directorate, product, file, district, street, station, line.
        "المدينة", "مدينة", "الجماعة", "جماعة", "البلدية", "بلدية", "الولاية", "ولاية", "الاقليم", "اقليم", "الجهة", "جهة",
        "المؤسسة", "مؤسسة", "الخدمة", "خدمة", "المصلحة", "المدرسة", "مدرسة", "المستشفى", "الشركة", "شركة", "الوزارة",
        "المديرية", "المنتج", "الملف", "الدائرة", "الحي", "الشارع", "المحطة", "الخط",
    ]

    /// People by their role: such a column usually holds their names ("Agent responsable",
    /// "Déclarant"), unless it names a thing or counts ("Service responsable", "Nombre d'agents").
    static let roles: Set<String> = [
        "agent", "agents", "declarant", "declarante", "demandeur", "demandeuse", "titulaire", "beneficiaire",
        "interlocuteur", "signataire", "redacteur", "instructeur", "gestionnaire", "responsable", "contact",
        "applicant", "holder", "beneficiary", "officer", "clerk",
        // Surveys: who asked, and who answered.
        "enqueteur", "enqueteuse", "enqueteurs", "enumerator", "interviewer", "surveyor", "repondant", "repondante", "respondent",
    ]
    static let counts: Set<String> = ["nombre", "nb", "nbre", "effectif", "effectifs", "total", "count", "number",
                                      "taux", "part", "moyenne", "pourcentage", "rate", "average"]

    /// The personal word in a column name, if any.
    static func personalWord(in name: String) -> String? {
        let folded = arabicFolded(name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr"))
            .lowercased())
        let tokens = folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        let joined = tokens.joined(separator: "_")
        if let phrase = phrases.first(where: { joined == $0 || joined.hasPrefix($0 + "_") || joined.hasSuffix("_" + $0) || joined.contains("_" + $0 + "_") }) {
            return phrase.replacingOccurrences(of: "_", with: " ")
        }
        for (index, token) in tokens.enumerated() where words.contains(token) && !harmless.contains(token) {
            // "Nom de la commune", or a commune's name inside a JSON record (/commune/nom), the
            // last word: "commune, nom de l'agent" is a person's.
            if nameWords.contains(token),
               tokens[(index + 1)...].prefix(3).contains(where: things.contains)
                || (index > 0 && index == tokens.count - 1 && things.contains(tokens[index - 1])) {
                continue
            }
            return token
        }
        if let role = tokens.first(where: roles.contains),
           !tokens.contains(where: { things.contains($0) || counts.contains($0) }) {
            return role
        }
        return nil
    }

    /// Arabic letters as the word lists write them: alef with hamza or madda (أ إ آ) as a bare
    /// alef, which Foundation's diacritic folding leaves, and without vowel marks or tatweel.
    static func arabicFolded(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x0600...0x06FF).contains($0.value) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0622, 0x0623, 0x0625: scalars.append("\u{0627}")
            case 0x0640, 0x064B...0x0652, 0x0670: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Fields that look personal by their names, or, in `reader` (the local source, when there is
    /// one), by their values.
    static func warnings(_ recipe: Recipe, reader: (any RecordReader)?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let unreviewed = recipe.fields.filter { $0.anonymise == nil && $0.personalFlag == nil }
        var named = Set<String>()
        for field in unreviewed {
            guard let word = personalWord(in: field.name) ?? personalWord(in: field.from) else { continue }
            named.insert(field.name)
            diagnostics.append(Diagnostic(.warning, "field '\(field.name)' looks personal (its name says '\(word)') but has no anonymise operator; add one (drop, pseudonymise, mask, generalise, round, redact), or personal: false once you have checked it is not personal data", at: field.spot))
        }
        // Text, and whole numbers: phone numbers written without spaces read as integers.
        let sampled = unreviewed.filter { !named.contains($0.name) && ($0.type == .string || $0.type == .integer) }
        for (field, finding) in sample(reader, fields: sampled) {
            diagnostics.append(Diagnostic(.warning, "field '\(field.name)' \(finding)", at: field.spot))
        }
        return diagnostics
    }

    /// The findings from values alone, for `run`, which reads every source (check samples local
    /// ones only) and says the name-based warnings once, from the recipe.
    static func valueWarnings(_ recipe: Recipe, reader: any RecordReader) -> [(FieldSpec, String)] {
        let unreviewed = recipe.fields.filter { field in
            field.anonymise == nil && field.personalFlag == nil && (field.type == .string || field.type == .integer)
                && personalWord(in: field.name) == nil && personalWord(in: field.from) == nil
        }
        return sample(reader, fields: unreviewed)
    }

    /// Looks at the first rows of a local source for e-mail addresses and phone numbers.
    private static func sample(_ reader: (any RecordReader)?, fields: [FieldSpec], rows: Int = 500) -> [(FieldSpec, String)] {
        guard !fields.isEmpty, let reader else { return [] }
        let indices = fields.map { field in
            field.column.map { $0 - 1 } ?? reader.columns.firstIndex(of: field.from.trimmingCharacters(in: .whitespaces))
        }
        var emails = [Int](repeating: 0, count: fields.count)
        var phones = [PhoneTally](repeating: PhoneTally(), count: fields.count)
        var objects = [Int](repeating: 0, count: fields.count)
        var names = [Int](repeating: 0, count: fields.count)
        var values = [Int](repeating: 0, count: fields.count)
        var keys = [String?](repeating: nil, count: fields.count)
        let isJSON = !(reader.underlying is CSVReader)
        let row = RawRow()
        var read = 0
        while read < rows, (try? reader.next(into: row)) == true {
            read += 1
            for (position, index) in indices.enumerated() {
                guard let index, index < row.count, !row.isNull(index) else { continue }
                let value = row.string(index)
                if !value.isEmpty { values[position] += 1 }
                if PersonNames.looksLikeName(value) { names[position] += 1 }
                if isJSON, value.hasPrefix("{"), let key = personalKey(inJSON: value, under: fields[position].from) {
                    objects[position] += 1
                    keys[position] = keys[position] ?? key
                } else if Redactor.containsEmail(value) {
                    emails[position] += 1
                } else {
                    phones[position].observe(value)
                }
            }
        }
        let advice = "but no anonymise operator; add one (redact, mask, pseudonymise, drop), or personal: false once you have checked"
        var findings: [(FieldSpec, String)] = []
        for (position, field) in fields.enumerated() {
            if objects[position] > 0, let key = keys[position] {
                findings.append((field, "reads JSON objects with a key that looks personal ('\(key)', in \(objects[position]) of the first \(read) rows) but no anonymise operator; publish only the keys you need, each with from: as a JSON pointer (from: /\(field.from.hasPrefix("/") ? String(field.from.dropFirst()) : field.from)/<key>), drop it, or personal: false once you have checked"))
            } else if emails[position] > 0 {
                findings.append((field, "has values that look like e-mail addresses (\(emails[position]) of the first \(read) rows) \(advice)"))
            } else if field.type == .integer, phones[position].wholeNumbersArePhones {
                findings.append((field, "has values that look like phone numbers written without spaces (\(phones[position].phones) of the first \(read) rows, all of one length) \(advice); to mask them, read them as text (type: string)"))
            } else if field.type == .string, phones[position].phones > 0 {
                findings.append((field, "has values that look like phone numbers (\(phones[position].phones) of the first \(read) rows) \(advice)"))
            } else if field.type == .string, PersonNames.isNameColumn(names: names[position], values: values[position]) {
                findings.append((field, "has values that look like people's names (\(names[position]) of the first \(read) rows) \(advice)"))
            }
        }
        return findings
    }

    /// The first key of a JSON object (or of the objects inside it, three levels down) holding text
    /// whose name, read after the keys above it, looks personal: `nom` in a `usager` but not in a
    /// `commune`.
    /// Keys are the export's schema, not personal values, so they may be shown.
    static func personalKey(inJSON text: String, under column: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        func search(_ object: [String: Any], path: [String]) -> String? {
            let keys = object.keys.sorted()
            // Text only: `"mobile": false` is a channel, not a phone number.
            if let key = keys.first(where: { object[$0] is String && personalWord(in: ([column] + path + [$0]).joined(separator: "_")) != nil }) {
                return (path + [key]).joined(separator: "/")
            }
            guard path.count < 2 else { return nil }
            for key in keys {
                if let inner = object[key] as? [String: Any], let found = search(inner, path: path + [key]) { return found }
            }
            return nil
        }
        return search(object, path: [])
    }
}
