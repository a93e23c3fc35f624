import Foundation
import Testing
@testable import KiosqueCore

@Suite("CSV per RFC 4180")
struct CSVReaderTests {
    static let chunkSizes = [1, 2, 3, 7, 64, 1 << 20]

    @Test("quoted fields keep delimiters, doubled quotes and line breaks", arguments: chunkSizes)
    func quotedFields(chunk: Int) throws {
        let text = "id,texte,n\r\n1,\"a,b\",2\r\n2,\"il a dit \"\"oui\"\"\",3\r\n3,\"ligne 1\nligne 2\r\nligne 3\",4\r\n"
        let (columns, rows) = try Decoding.csv(text, chunk: chunk)
        #expect(columns == ["id", "texte", "n"])
        #expect(rows == [["1", "a,b", "2"], ["2", "il a dit \"oui\"", "3"], ["3", "ligne 1\nligne 2\r\nligne 3", "4"]])
    }

    @Test("LF, CRLF and CR line ends, with or without a final one", arguments: chunkSizes)
    func lineEnds(chunk: Int) throws {
        for text in ["a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4\r", "a,b\n1,2\n3,4", "a,b\r\n1,2\r\n3,4"] {
            let (columns, rows) = try Decoding.csv(text, chunk: chunk)
            #expect(columns == ["a", "b"], "\(text.debugDescription)")
            #expect(rows == [["1", "2"], ["3", "4"]], "\(text.debugDescription)")
        }
    }

    @Test("empty cells, a trailing delimiter and blank lines", arguments: chunkSizes)
    func emptyCells(chunk: Int) throws {
        let (_, rows) = try Decoding.csv("a,b,c\n,,\n1,,3\n\n4,5,\n\"\",x,y\n", chunk: chunk)
        #expect(rows == [["", "", ""], ["1", "", "3"], ["4", "5", ""], ["", "x", "y"]])
    }

    @Test("Excel's sep= line names the delimiter and is not the header", arguments: chunkSizes)
    func separatorLine(chunk: Int) throws {
        for (text, delimiter) in [("sep=;\r\nCode;Montant\r\nA;1,5\r\n", nil), ("SEP=;\nCode;Montant\nA;1,5\n", UInt8(ascii: ";")),
                                  ("sep=\t\nCode\tMontant\nA\t1,5\n", nil), ("\u{FEFF}sep=;\nCode;Montant\nA;1,5\n", nil)] as [(String, UInt8?)] {
            let (columns, rows) = try Decoding.csv(text, delimiter: delimiter, chunk: chunk)
            #expect(columns == ["Code", "Montant"], "\(text.debugDescription)")
            #expect(rows == [["A", "1,5"]], "\(text.debugDescription)")
        }
        // A header that only starts like one is a header.
        let (columns, _) = try Decoding.csv("sep=x,y\n1,2\n", chunk: chunk)
        #expect(columns == ["sep=x", "y"])
    }

    @Test("a UTF-8 byte-order mark is not part of the first header", arguments: chunkSizes)
    func byteOrderMark(chunk: Int) throws {
        let (columns, rows) = try Decoding.csv([0xEF, 0xBB, 0xBF] + Array("N° acte;Commune\n1;Bouaké\n".utf8), encoding: .utf8,
                                               delimiter: UInt8(ascii: ";"), chunk: chunk)
        #expect(columns == ["N° acte", "Commune"])
        #expect(rows == [["1", "Bouaké"]])
    }

    @Test("long cells across chunk boundaries stop at the right byte and count lines",
          arguments: [1, 7, 8, 9, 15, 16, 17, 64, 1 << 20])
    func longCells(chunk: Int) throws {
        let long = "Établissement public de coopération intercommunale"
        let text = "nom;texte;n\n\(long);\"\(long)\nsur deux lignes; avec \"\"guillemets\"\" et ; dedans\";12345678901234567\n"
            + "\(long)\(long);\"\";\(long)\r\nx;\"\(long)\r\n\(long)\";y\n"
        let (columns, rows) = try Decoding.csv(text, delimiter: UInt8(ascii: ";"), chunk: chunk)
        #expect(columns == ["nom", "texte", "n"])
        #expect(rows == [
            [long, "\(long)\nsur deux lignes; avec \"guillemets\" et ; dedans", "12345678901234567"],
            [long + long, "", long],
            ["x", "\(long)\r\n\(long)", "y"],
        ])
        #expect {
            _ = try Decoding.csv(text + "z;\"\(long)\n\(long)\n", delimiter: UInt8(ascii: ";"), chunk: chunk)
        } throws: { error in
            "\(error)".contains("line 7") && "\(error)".contains("never closed")
        }
    }

    @Test("a quote inside an unquoted field is kept; text after a closing quote too")
    func sloppyQuotes() throws {
        let (_, rows) = try Decoding.csv("a,b\nécran 15\",x\n\"abc\"def,y\n")
        #expect(rows == [["écran 15\"", "x"], ["abcdef", "y"]])
    }

    @Test("an unclosed quote is an error naming its line")
    func unclosedQuote() throws {
        #expect {
            _ = try Decoding.csv("a,b\n1,2\n3,\"oops\n4,5\n")
        } throws: { error in
            "\(error)".contains("line 3") && "\(error)".contains("never closed")
        }
    }

    @Test("skip_lines skips preamble lines, even with stray quotes")
    func skipLines() throws {
        let text = "Titre du rapport \"naissances\n,,,\nSource: INSEE,,,\ncode,nom\n01,Abidjan\n"
        let (columns, rows) = try Decoding.csv(text, skip: 3)
        #expect(columns == ["code", "nom"])
        #expect(rows == [["01", "Abidjan"]])
    }

    @Test("delimiter auto-detection", arguments: [
        ("a;b;c\n1;2;3\n4;5;6\n", ";"), ("a,b,c\n1,2,3\n", ","), ("a\tb\tc\n1\t2\t3\n", "\t"), ("a|b|c\n1|2|3\n", "|"),
        // A header full of commas (dBase field specs) does not fool it: the semicolons are on every line.
        ("FID,N,9,0;CDCOL,C,254;LIBEL,C,254\n1;34;Musée Fabre\n2;34;Médiathèque\n", ";"),
        // Commas inside quotes do not count.
        ("\"a,x\";\"b,y\"\n\"1,2\";\"3,4\"\n", ";"),
    ])
    func sniffing(text: String, expected: Character) throws {
        #expect(try Decoding.delimiter(of: text) == expected)
    }

    @Test("the real Montpellier export with dBase headers reads 1024 rows of 23 cells")
    func realEstablishments() throws {
        let url = TestPaths.realSources.appendingPathComponent("montpellier_etablissements-publics_2014_cp1252.csv")
        let bytes = Array(try Data(contentsOf: url))
        let (columns, rows) = try Decoding.csv(bytes, encoding: try Decoding.detect(bytes), delimiter: nil)
        #expect(columns.count == 23)
        #expect(columns[0] == "FID_eqpt_2,N,9,0")
        #expect(rows.count == 1024)
        #expect(rows.allSatisfy { $0.count == 23 })
    }
}
