import Foundation

/// `kiosque init`: a folder ready for `kiosque run`: `Pipelines/catalog.yml` with every setting
/// commented, an example recipe and its source, and a `.gitignore`.
public enum Starter {
    public struct AlreadyThere: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) already exists; kiosque init leaves an existing project alone (choose another folder)" }
    }

    /// Creates the files under `folder`, the pipelines folder at `pipelines` (relative to `folder`
    /// unless absolute), and a `.gitignore` naming the `output` and `catalog` folders a run writes
    /// (those inside `folder`); the files written.
    @discardableResult
    public static func create(in folder: URL, pipelines: String = "Pipelines", catalog: String = "Catalog", output: String = "Output") throws -> [URL] {
        func place(_ path: String) -> URL { path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path) }
        let recipes = place(pipelines)
        let catalogFile = recipes.appendingPathComponent("catalog.yml")
        if FileManager.default.fileExists(atPath: catalogFile.path) { throw AlreadyThere(path: catalogFile.path) }
        let ignored = [output + "/", catalog + "/validators/"].filter { !$0.hasPrefix("/") }
        let files: [(URL, String)] = [
            (catalogFile, catalogYAML),
            (recipes.appendingPathComponent("demarches-exemple.yml"), recipeYAML),
            (recipes.appendingPathComponent("sources/demarches-exemple.csv"), sourceCSV),
            (folder.appendingPathComponent(".gitignore"), "# Kiosque: what a run writes and rebuilds.\n" + ignored.map { $0 + "\n" }.joined()),
        ]
        var written: [URL] = []
        for (url, text) in files {
            if url.lastPathComponent == ".gitignore", FileManager.default.fileExists(atPath: url.path) { continue }
            try FileSystem.writeAtomically(text, to: url)
            written.append(url)
        }
        return written
    }

    static let catalogYAML = """
        # The catalogue's settings: every recipe in this folder is published under them.
        # Every key is described in docs/recipes.md.
        title:
          fr: Données ouvertes de mon administration
          en: Open data of my administration
        description:
          fr: Les jeux de données publiés par mon administration.
          en: The datasets my administration publishes.
        # Where Output/ will be served: every address in the catalogue starts here.
        base_url: https://donnees.exemple.org/
        # homepage: https://www.exemple.org/
        # The first language is the one of texts written without a language.
        languages: [fr, en]
        # The default licence of every dataset: an SPDX id (CC-BY-4.0, etalab-2.0, ODbL-1.0…) or a URL.
        license: CC-BY-4.0
        # Who publishes; recipes name one with publisher: (default: the first).
        publishers:
          administration:
            name: {fr: Mon administration, en: My administration}
            email: donnees@exemple.org
            # homepage: https://www.exemple.org/
            # type: NationalAuthority   # or LocalAuthority, RegionalAuthority…
        # Whom reusers can write to.
        contact: {name: Cellule données ouvertes, email: donnees@exemple.org}
        # Folders outside Pipelines/ from which file sources may be read.
        # allowed_file_roots: [/srv/exports]
        # The country the datasets cover, by its three-letter code (CIV, SEN, MAR…), or a place's IRI.
        # spatial: [CIV]

        """

    static let recipeYAML = """
        # An example recipe: a catalogue of administrative procedures, from a semicolon-separated export.
        # Run it with: kiosque run
        id: demarches-exemple
        title: {fr: Démarches administratives (exemple), en: Administrative procedures (example)}
        description: {fr: Un exemple de catalogue de démarches., en: An example catalogue of procedures.}
        keywords: [démarches]
        themes: [GOVE]
        frequency: monthly
        source:
          url: sources/demarches-exemple.csv
          delimiter: ";"
          decimal: ","
          thousands: " "
        fields:
          - {name: code, from: Code, required: true, pattern: "DEM-[0-9]{3}"}
          - {name: intitule, from: Intitulé, required: true}
          - {name: canal, from: Canal, enum: [En ligne, Sur place]}
          - {name: delai_jours, from: Délai (jours), type: integer, minimum: 0}
          - {name: cout, from: Coût, type: number, minimum: 0}
          - {name: mise_a_jour, from: Mise à jour, type: date, format: "%d/%m/%Y"}
          # The agent's name is personal: it is never published.
          - {name: agent, from: Agent responsable, anonymise: drop}
        primary_key: [code]
        publish:
          formats: [csv, json]

        """

    static let sourceCSV = """
        Code;Intitulé;Canal;Délai (jours);Coût;Mise à jour;Agent responsable
        DEM-001;Extrait d'acte de naissance;En ligne;3;500;12/10/2025;Awa Koné
        DEM-002;Certificat de nationalité;Sur place;15;1 000;06/03/2025;Moussa Bamba
        DEM-003;Casier judiciaire;En ligne;2;0;20/06/2025;Aya Kouassi
        DEM-004;Permis de construire;Sur place;60;32 500,50;01/09/2025;Émile Yao
        DEM-005;"Légalisation de signature; copie conforme";Sur place;1;250;15/01/2025;Fatou Traoré

        """
}
