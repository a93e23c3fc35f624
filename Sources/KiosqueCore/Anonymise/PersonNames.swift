import Foundation

/// Values that look like people's names (`Awa Koné`, `KOUASSI Yao Serge`, `محمد علي`): two to four
/// words, written as names are (capitalised, or Arabic letters), one of them a common given name
/// of the countries Kiosque's stewards publish for. A column of them under a name that says
/// nothing (`traite_par`, `contact`, `beneficiaire_final`) is personal data all the same: `describe`
/// and `check` say so instead of drafting an `enum` of the names. A heuristic: a street or a
/// school named after a person (`Rue Victor Hugo`, `Lycée Marie Curie`) is told apart by its first
/// word; a rare given name is missed, which is why a column counts only when most of it matches.
enum PersonNames {
    /// Given names, folded to lower case without accents.
    static let given: Set<String> = [
        // West and Central Africa
        "adama", "adjoua", "affoue", "akissi", "akossiwa", "ama", "amadou", "amenan", "aminata", "abdoulaye", "abla",
        "aissata", "aissatou", "arsene", "assetou", "awa", "aya", "bakary", "blaise", "boubacar", "brice", "desire",
        "didier", "djeneba", "drissa", "fatou", "fatoumata", "firmin", "hawa", "ibrahim", "ibrahima", "issa", "kadiatou",
        "karim", "kodjo", "koffi", "kofi", "komi", "konan", "kossi", "kouadio", "kouame", "kouassi", "kwame", "lassina",
        "mamadou", "mariam", "mariama", "moussa", "oumar", "oumou", "ousmane", "ramata", "rokia", "salimata", "sekou",
        "serge", "seydou", "siaka", "souleymane", "yacouba", "yao", "yawa", "ange", "armel", "franck", "herve", "patrice",
        // France and Belgium
        "alain", "alice", "andre", "anne", "arthur", "bernard", "camille", "catherine", "celine", "chloe", "christine",
        "christophe", "claire", "claude", "daniel", "david", "elise", "emile", "emma", "eric", "francois", "francoise",
        "frederic", "gabriel", "helene", "henri", "isabelle", "jacques", "jean", "jeanne", "julie", "julien", "laura",
        "laurent", "lea", "leo", "louis", "louise", "lucas", "manon", "marie", "martine", "michel", "monique", "nathalie",
        "nicolas", "olivier", "pascal", "patrick", "paul", "pauline", "philippe", "pierre", "sandrine", "sarah",
        "sebastien", "sophie", "stephane", "sylvie", "thomas", "valerie", "victor",
        // The Maghreb, in Latin letters
        "ahmed", "aicha", "ali", "amina", "amine", "bilal", "fatima", "hafsa", "hamza", "hassan", "houda", "hussein",
        "imane", "khadija", "khalid", "latifa", "leila", "malika", "mehdi", "meriem", "mohamed", "mohammed", "nabil",
        "nadia", "naima", "omar", "rachid", "rania", "said", "salma", "samir", "samira", "sara", "souad", "yasmine",
        "youssef", "zineb",
        // Arabic letters, folded as `PersonalDataHints.arabicFolded` folds them
        "محمد", "احمد", "علي", "عمر", "يوسف", "حسن", "حسين", "خالد", "ابراهيم", "عبد", "فاطمة", "خديجة", "عائشة", "مريم",
        "زينب", "امينة", "سارة", "ليلى",
    ]

    /// First words of places and institutions named after people.
    static let places: Set<String> = [
        "rue", "avenue", "boulevard", "bd", "place", "allee", "impasse", "chemin", "route", "quai", "cours", "square",
        "rond-point", "cite", "quartier", "residence", "lycee", "ecole", "college", "universite", "institut", "hopital",
        "clinique", "centre", "pharmacie", "stade", "marche", "mairie", "eglise", "mosquee", "groupe", "saint", "sainte",
        "st", "ste", "fondation", "association", "complexe", "espace", "salle", "maison", "parc", "jardin", "pont",
        "port", "fort", "mont", "cap", "ile", "lac", "baie", "pointe", "anse", "camp", "village", "domaine", "le", "la", "les",
        "شارع", "مدرسة", "مستشفى", "مسجد", "حي",
    ]

    static func looksLikeName(_ value: String) -> Bool {
        let words = value.split(separator: " ", omittingEmptySubsequences: true)
        guard (2...4).contains(words.count), value.utf8.count <= 80 else { return false }
        var givenName = false
        for (index, word) in words.enumerated() {
            guard let first = word.unicodeScalars.first else { return false }
            let arabic = (0x0600...0x06FF).contains(first.value)
            // Written as a name is: letters, hyphens and apostrophes, a capital first (or Arabic).
            guard arabic || first.properties.isUppercase,
                  word.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "-" || $0 == "'" || $0 == "’" || $0.properties.generalCategory == .nonspacingMark })
            else { return false }
            let folded = PersonalDataHints.arabicFolded(word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil))
            if index == 0, places.contains(folded) { return false }
            if !givenName {
                givenName = given.contains(folded) || folded.split(separator: "-").contains { given.contains(String($0)) }
            }
        }
        return givenName
    }

    /// Whether `names` of `values` sampled make a column of people's names.
    static func isNameColumn(names: Int, values: Int) -> Bool {
        names >= 3 && names * 2 >= values
    }
}
