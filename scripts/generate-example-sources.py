"""Writes the example sources in Pipelines/sources/ the way administrations export them.

Deterministic: run it from Pipelines/ (python3 ../scripts/generate-example-sources.py) and the
files come out byte for byte the same.
"""
import json, random
random.seed(20261121)

# 1. Catalogue of administrative procedures: Windows-1252, ';', dd/mm/yyyy, decimal commas, multi-line quoted fields.
ministeres = ["Ministère de l'Intérieur et de la Sécurité", "Ministère de la Justice et des Droits de l'Homme",
              "Ministère de la Santé et de l'Hygiène publique", "Ministère de l'Économie et des Finances",
              "Ministère de l'Éducation nationale", "Ministère des Transports", "Ministère de la Fonction publique"]
demarches = [
 ("Extrait d'acte de naissance", "Registre d’état civil;Pièce d’identité du demandeur"),
 ("Copie intégrale d'acte de mariage", "Livret de famille\nPièce d’identité"),
 ("Certificat de nationalité", "Extrait d'acte de naissance;Certificat de résidence;Deux photos d’identité"),
 ("Casier judiciaire (bulletin n° 3)", "Extrait d'acte de naissance"),
 ("Carte nationale d'identité", "Extrait d'acte de naissance\nCertificat de nationalité\nQuittance de 5 000 FCFA"),
 ("Passeport ordinaire", "Carte nationale d'identité;Extrait d'acte de naissance;Photo biométrique"),
 ("Permis de conduire (catégorie B)", "Certificat médical\nAttestation d’auto-école\nCarte nationale d'identité"),
 ("Carte grise", "Certificat de dédouanement;Facture d’achat;Attestation d’assurance"),
 ("Légalisation de signature", "Document à légaliser;Pièce d’identité"),
 ("Certificat de résidence", "Pièce d’identité;Quittance d’électricité ou d’eau"),
 ("Autorisation d'ouverture d'un commerce", "Registre du commerce\nPlan de situation\nContrat de bail"),
 ("Déclaration de naissance", "Certificat d'accouchement;Pièces d’identité des parents"),
 ("Déclaration de décès", "Certificat de décès;Pièce d’identité du déclarant"),
 ("Inscription au concours de la fonction publique", "Diplôme certifié conforme;Extrait d'acte de naissance;Casier judiciaire"),
 ("Attestation de non-imposition", "Pièce d’identité;Numéro de compte contribuable"),
 ("Bourse d'études supérieures", "Relevés de notes\nCertificat de scolarité\nAttestation de revenus des parents"),
 ("Carte d'assurance maladie universelle", "Pièce d’identité;Photo d’identité"),
 ("Certificat de vie", "Pièce d’identité"),
 ("Agrément d'établissement scolaire privé", "Dossier technique;Plan des locaux;Liste du personnel enseignant"),
 ("Visa de transit", "Passeport;Billet d’avion;Visa du pays de destination"),
 ("Duplicata de diplôme", "Déclaration de perte;Pièce d’identité;Quittance"),
 ("Permis de construire", "Titre foncier\nPlans d’architecte\nÉtude d’impact environnemental"),
 ("Immatriculation d'une entreprise", "Statuts;Pièce d’identité du gérant;Justificatif de siège"),
 ("Attestation de fin de service", "Arrêté de nomination;Dernier bulletin de salaire"),
 ("Changement de nom", "Requête motivée\nExtrait d'acte de naissance\nCasier judiciaire"),
]
rows = []
for i, (name, docs) in enumerate(demarches, 1):
    ministere = ministeres[i % len(ministeres)]
    canal = random.choice(["En ligne", "Sur place", "En ligne et sur place"])
    delai = random.choice([1, 2, 3, 5, 7, 10, 15, 30, 45, 60])
    cout = random.choice(["0", "500", "1 000", "2 500", "5 000", "10 000", "25 000", "32 500,50", "40 000"])
    maj = "%02d/%02d/%04d" % (random.randint(1, 28), random.randint(1, 12), random.choice([2023, 2024, 2025]))
    docs_cell = '"' + docs.replace('"', '""') + '"' if (";" in docs or "\n" in docs) else docs
    rows.append(f"DEM-{i:04d};{name};{ministere};{canal};{docs_cell};{delai};{cout};{maj}")
text = "Code démarche;Intitulé de la démarche;Ministère;Canal;Pièces à fournir;Délai de traitement (jours);Coût (FCFA);Mise à jour\r\n" + "\r\n".join(rows) + "\r\n"
open("sources/demarches.csv", "wb").write(text.encode("cp1252"))

# 2. Births declared by municipality, an extract of the civil register with personal columns.
communes = ["Abidjan", "Bouaké", "Yamoussoukro", "Korhogo", "San-Pédro", "Daloa", "Man", "Gagnoa", "Séguéla", "Abengourou"]
meres = ["Kouassi Aya", "N’Guessan Adjoua", "Traoré Mariam", "Koné Fatou", "Yao Affoué", "Bamba Awa", "Coulibaly Salimata", "Ouattara Aminata"]
prenoms = ["Emmanuel", "Grâce", "Ibrahim", "Aïcha", "Kévin", "Esther", "Moussa", "Noël", "Chloé", "Désiré"]
lines = ["N° acte;Date de naissance;Date de déclaration;Commune;Sexe;Poids (g);Taille (cm);Nom de la mère;Prénoms de l'enfant;Téléphone du déclarant;Observations"]
for i in range(1, 201):
    commune = random.choice(communes)
    day, month = random.randint(1, 28), random.randint(1, 12)
    decl = min(28, day + random.randint(0, 10))
    sexe = random.choice(["F", "M"])
    poids = random.randint(2100, 4600)
    taille = "%d,%d" % (random.randint(44, 55), random.randint(0, 9))
    tel = "+225 07 %02d %02d %02d %02d" % tuple(random.randint(0, 99) for _ in range(4))
    obs = random.choice(["", "", "", "Naissance gémellaire", "\"Déclaration tardive; jugement supplétif\nn° 1234\"", "Né à domicile"])
    poids_cell = str(poids) if i != 37 else "inconnu"
    lines.append(f"2025-{i:06d};{day:02d}/{month:02d}/2025;{decl:02d}/{month:02d}/2025;{commune};{sexe};{poids_cell};{taille};{random.choice(meres)};{random.choice(prenoms)};{tel};{obs}")
open("sources/naissances.csv", "wb").write(("\r\n".join(lines) + "\r\n").encode("cp1252"))

# 3. Online services per ministry with their usage figures: a JSON API answer.
services = [
 ("e-Etat civil", "Ministère de l'Intérieur et de la Sécurité", "https://etatcivil.exemple.gouv.ci"),
 ("Casier judiciaire en ligne", "Ministère de la Justice et des Droits de l'Homme", "https://casier.exemple.gouv.ci"),
 ("Déclaration fiscale", "Ministère de l'Économie et des Finances", "https://impots.exemple.gouv.ci"),
 ("Inscription scolaire", "Ministère de l'Éducation nationale", "https://inscription.exemple.gouv.ci"),
 ("Rendez-vous passeport", "Ministère de l'Intérieur et de la Sécurité", "https://passeport.exemple.gouv.ci"),
 ("Carte grise en ligne", "Ministère des Transports", "https://cartegrise.exemple.gouv.ci"),
 ("Concours administratifs", "Ministère de la Fonction publique", "https://concours.exemple.gouv.ci"),
 ("Téléconsultation CMU", "Ministère de la Santé et de l'Hygiène publique", None),
]
items = []
for i, (name, ministry, url) in enumerate(services, 1):
    items.append({
        "id": f"SVC-{i:03d}",
        "service": name,
        "ministere": ministry,
        "url": url,
        "mise_en_service": "%04d-%02d-%02d" % (random.choice([2019, 2020, 2021, 2022, 2023]), random.randint(1, 12), random.randint(1, 28)),
        "demandes_2025": random.randint(1200, 480000),
        "taux_dematerialisation": round(random.uniform(10, 99), 1),
        "satisfaction": round(random.uniform(2.5, 4.9), 2),
        "disponible_24h": random.choice([True, False]),
        "canaux": {"web": True, "mobile": random.choice([True, False])},
    })
doc = {"meta": {"source": "Observatoire des services publics en ligne", "generated": "2025-12-31T23:00:00Z", "count": len(items)},
       "data": {"services": items}, "links": {"next": None}}
open("sources/services-en-ligne.json", "w", encoding="utf-8").write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
