import Foundation

/// Countries as DCAT-AP names them: the EU's country authority table, whose codes are ISO 3166-1
/// alpha-3 (`CIV`, `SEN`, `MAR`).
public enum Country {
    /// Each country's alpha-2 code followed by its alpha-3 code (ISO 3166-1, 249 countries).
    private static let table: String =
        "ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE " +
        "BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS " +
        "BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN " +
        "COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST " +
        "EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF " +
        "GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD " +
        "HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM " +
        "JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA " +
        "LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD " +
        "MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM " +
        "NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG " +
        "PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA " +
        "SASAU SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD " +
        "STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON " +
        "TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR " +
        "VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE"

    /// alpha-2 to alpha-3: `CI` to `CIV`.
    static let alpha3ByAlpha2: [String: String] = Dictionary(uniqueKeysWithValues: table.split(separator: " ").map {
        (String($0.prefix(2)), String($0.dropFirst(2)))
    })

    public static let codes: Set<String> = Set(alpha3ByAlpha2.values)

    private static let base = "http://publications.europa.eu/resource/authority/country/"

    public static func iri(_ code: String) -> String {
        base + code
    }

    /// The country an EU country IRI names, in `language` (ICU's names: `Côte d’Ivoire`,
    /// `السنغال`); nil for any other IRI.
    static func name(iri: String, language: String) -> String? {
        guard iri.hasPrefix(base), let alpha2 = alpha2ByAlpha3[String(iri.dropFirst(base.count))] else { return nil }
        return Locale(identifier: language).localizedString(forRegionCode: alpha2)
    }

    private static let alpha2ByAlpha3: [String: String] = Dictionary(uniqueKeysWithValues: alpha3ByAlpha2.map { ($1, $0) })
}
