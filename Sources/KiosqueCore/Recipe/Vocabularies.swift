import Foundation
/// Update frequencies, mapped to the EU frequency vocabulary used by `dct:accrualPeriodicity`.
public enum Frequency: String, Sendable, CaseIterable {
    case continuous, hourly, daily, weekly, biweekly, monthly, bimonthly, quarterly
    case semiannual, annual, biennial, triennial, irregular, never, unknown

    public var iri: String {
        let code: String
        switch self {
        case .continuous: code = "CONT"
        case .hourly: code = "HOURLY"
        case .daily: code = "DAILY"
        case .weekly: code = "WEEKLY"
        case .biweekly: code = "BIWEEKLY"
        case .monthly: code = "MONTHLY"
        case .bimonthly: code = "BIMONTHLY"
        case .quarterly: code = "QUARTERLY"
        case .semiannual: code = "ANNUAL_2"
        case .annual: code = "ANNUAL"
        case .biennial: code = "BIENNIAL"
        case .triennial: code = "TRIENNIAL"
        case .irregular: code = "IRREG"
        case .never: code = "NEVER"
        case .unknown: code = "UNKNOWN"
        }
        return "http://publications.europa.eu/resource/authority/frequency/\(code)"
    }

    /// The value a steward writing in French most likely means, for the error's suggestion: the
    /// recipe keeps the vocabulary's English names, which the catalogue maps to EU IRIs.
    static func french(_ word: String) -> Frequency? {
        let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .trimmingCharacters(in: .whitespaces)
        switch folded {
        case "continu", "en continu", "temps reel": return .continuous
        case "horaire": return .hourly
        case "quotidien", "quotidienne", "journalier", "journaliere": return .daily
        case "hebdomadaire": return .weekly
        case "mensuel", "mensuelle": return .monthly
        case "bimestriel", "bimestrielle": return .bimonthly
        case "trimestriel", "trimestrielle": return .quarterly
        case "semestriel", "semestrielle": return .semiannual
        case "annuel", "annuelle": return .annual
        case "biennal", "biennale", "bisannuel": return .biennial
        case "triennal", "triennale": return .triennial
        case "irregulier", "irreguliere", "ponctuel", "ponctuelle": return .irregular
        case "jamais": return .never
        case "inconnu", "inconnue": return .unknown
        default: return nil
        }
    }
}

/// The EU data-theme vocabulary (`dcat:theme`).
public enum DataTheme {
    public static let codes = ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST",
                               "OP_DATPRO", "REGI", "SOCI", "TECH", "TRAN"]

    public static func iri(_ code: String) -> String {
        "http://publications.europa.eu/resource/authority/data-theme/\(code)"
    }

    /// The vocabulary's own labels, in English and French.
    public static let labels: [String: (en: String, fr: String)] = [
        "AGRI": ("Agriculture, fisheries, forestry and food", "Agriculture, pêche, sylviculture et alimentation"),
        "ECON": ("Economy and finance", "Économie et finances"),
        "EDUC": ("Education, culture and sport", "Éducation, culture et sport"),
        "ENER": ("Energy", "Énergie"),
        "ENVI": ("Environment", "Environnement"),
        "GOVE": ("Government and public sector", "Gouvernement et secteur public"),
        "HEAL": ("Health", "Santé"),
        "INTR": ("International issues", "Questions internationales"),
        "JUST": ("Justice, legal system and public safety", "Justice, système juridique et sécurité publique"),
        "OP_DATPRO": ("Provisional data", "Données provisoires"),
        "REGI": ("Regions and cities", "Régions et villes"),
        "SOCI": ("Population and society", "Population et société"),
        "TECH": ("Science and technology", "Science et technologie"),
        "TRAN": ("Transport", "Transports"),
    ]

    /// The code whose English or French label names `text` (`Economy`, `santé`, `Transports`,
    /// `environnement`): a word of four letters or more of it begins a word of the label, accents
    /// and case aside. Nil when no label or more than one does.
    public static func code(named text: String) -> String? {
        func words(_ text: String) -> [String] {
            text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .split { !$0.isLetter }.map(String.init)
        }
        // Words every catalogue uses, which name no theme.
        let common: Set<String> = ["donnees", "data", "ouvertes", "open", "public", "publique", "publics", "secteur", "sector"]
        let asked = words(text).filter { $0.count >= 4 && !common.contains($0) }
        guard !asked.isEmpty else { return nil }
        let matches = codes.filter { code in
            guard let label = labels[code] else { return false }
            let labelWords = words(label.en) + words(label.fr)
            return asked.contains { word in labelWords.contains { $0.hasPrefix(word) || word.hasPrefix($0) && $0.count >= 5 } }
        }
        return matches.count == 1 ? matches[0] : nil
    }

    /// Arabic labels for the site's pages (the EU vocabulary has none); the catalogue keeps the
    /// vocabulary's own labels.
    public static let arabicLabels: [String: String] = [
        "AGRI": "الزراعة والصيد البحري والغابات والأغذية", "ECON": "الاقتصاد والمالية", "EDUC": "التعليم والثقافة والرياضة",
        "ENER": "الطاقة", "ENVI": "البيئة", "GOVE": "الحكومة والقطاع العام", "HEAL": "الصحة", "INTR": "القضايا الدولية",
        "JUST": "العدالة والنظام القانوني والأمن العام", "OP_DATPRO": "بيانات مؤقتة", "REGI": "الجهات والمدن",
        "SOCI": "السكان والمجتمع", "TECH": "العلوم والتكنولوجيا", "TRAN": "النقل",
    ]
}

/// Licences known by SPDX id, with their EU licence-vocabulary IRI; a URL is taken as given.
public enum Licence {
    public static let known: [String: String] = [
        "CC-BY-4.0": "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0",
        "CC-BY-SA-4.0": "http://publications.europa.eu/resource/authority/licence/CC_BYSA_4_0",
        "CC0-1.0": "http://publications.europa.eu/resource/authority/licence/CC0",
        "ODbL-1.0": "http://publications.europa.eu/resource/authority/licence/ODC_BL",
        "ODC-By-1.0": "http://publications.europa.eu/resource/authority/licence/ODC_BY",
        "PDDL-1.0": "http://publications.europa.eu/resource/authority/licence/ODC_PDDL",
        "OGL-UK-3.0": "http://publications.europa.eu/resource/authority/licence/OGL_3_0",
        // Licence Ouverte 2.0 (France) has no entry in the EU vocabulary: its own page stands in.
        "etalab-2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    ]

    public static func isURL(_ value: String) -> Bool {
        CatalogLoader.isWebURL(value)
    }

    /// The licence's IRI: from the EU vocabulary for a known SPDX id, else the URL itself.
    public static func iri(_ value: String) -> String {
        known[value] ?? value
    }
}
