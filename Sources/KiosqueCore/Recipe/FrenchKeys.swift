import Foundation

/// Recipe and catalogue keys a steward writing in French may use for the English ones: for the
/// error's suggestion (`champs` is `fields`), since the keys themselves stay English, as every
/// recipe and the documentation write them.
enum FrenchKeys {
    static let meanings: [String: [String]] = [
        // catalog.yml and the recipe's top level
        "titre": ["title"], "mots_cles": ["keywords"], "motscles": ["keywords"], "mots_clefs": ["keywords"],
        "thematiques": ["themes"], "licence": ["license"], "editeur": ["publisher"], "editeurs": ["publishers"],
        "producteur": ["publisher"], "frequence": ["frequency"], "periodicite": ["frequency"], "champs": ["fields"],
        "colonnes": ["fields"], "cle_primaire": ["primary_key"], "cle": ["primary_key"], "confidentialite": ["privacy"],
        "vie_privee": ["privacy"], "controle": ["validation"], "controles": ["validation"], "publication": ["publish"],
        "publier": ["publish"], "langues": ["languages"], "site": ["homepage"], "site_web": ["homepage"],
        "url_de_base": ["base_url"], "adresse": ["base_url", "url"], "identifiant": ["id"],
        // source
        "lien": ["url"], "adresse_url": ["url"], "encodage": ["encoding"], "codage": ["encoding"],
        "separateur": ["delimiter"], "delimiteur": ["delimiter"], "decimale": ["decimal"], "virgule": ["decimal"],
        "separateur_decimal": ["decimal"], "milliers": ["thousands"], "separateur_milliers": ["thousands"],
        "lignes_a_ignorer": ["skip_lines"], "lignes_ignorees": ["skip_lines"], "sauter": ["skip_lines"],
        "enregistrements": ["records"], "entetes": ["headers"], "en_tetes": ["headers"],
        "valeurs_manquantes": ["missing_values"], "manquants": ["missing_values"], "delai": ["timeout"],
        "tentatives": ["retries"], "essais": ["retries"], "taille_max": ["max_size"], "taille_maximale": ["max_size"],
        "feuille": ["sheet"], "onglet": ["sheet"], "fichier": ["member"], "membre": ["member"],
        // a field
        "nom": ["name"], "colonne": ["from", "column"], "de": ["from"], "depuis": ["from"], "origine": ["from"],
        "obligatoire": ["required"], "requis": ["required"], "motif": ["pattern"], "modele": ["pattern"],
        "expression": ["pattern"], "regex": ["pattern"], "valeurs": ["enum"], "liste": ["enum"], "enumeration": ["enum"],
        "valeurs_possibles": ["enum"], "min": ["minimum"], "max": ["maximum"], "longueur_min": ["min_length"],
        "longueur_minimale": ["min_length"], "longueur_max": ["max_length"], "longueur_maximale": ["max_length"],
        "anonymiser": ["anonymise"], "anonymisation": ["anonymise"], "personnel": ["personal"], "personnelle": ["personal"],
        // validation and publish
        "lignes_invalides": ["invalid_rows"], "max_invalides": ["max_invalid"], "versions_conservees": ["keep_versions"],
        "garder_versions": ["keep_versions"], "conserver": ["keep_versions"],
        // anonymisation operators and their settings
        "supprimer": ["drop"], "retirer": ["drop"], "pseudonymiser": ["pseudonymise"], "masquer": ["mask"],
        "generaliser": ["generalise"], "arrondir": ["round"], "arrondi": ["round"], "caviarder": ["redact"],
        "expurger": ["redact"], "cle_secrete": ["key"], "longueur": ["length"], "garder_debut": ["keep_first"],
        "garder_fin": ["keep_last"], "caractere": ["char"], "tranches": ["bands"], "prefixe": ["prefix"],
    ]

    /// The English key `key` means among `allowed`, if it is French for one of them.
    static func meaning(of key: String, in allowed: [String]) -> String? {
        let folded = key.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "fr"))
            .map { $0 == "-" || $0 == " " || $0 == "'" ? "_" : $0 }
        return meanings[String(folded)]?.first { allowed.contains($0) }
    }

    /// ` (did you mean 'fields'? keys are written in English)`, or nil.
    static func hint(for key: String, in allowed: [String]) -> String? {
        meaning(of: key, in: allowed).map { " (did you mean '\($0)'? keys are written in English)" }
    }
}
