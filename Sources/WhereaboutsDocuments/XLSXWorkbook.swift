import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The first sheet of an Office Open XML workbook (`.xlsx`, as OHCHR's Universal Human Rights Index
/// exports its search results) as rows of text: shared strings, inline strings and numbers as
/// written (a date stays its serial number; the reader of a column decides what it means). Empty
/// cells between others are empty strings; formulas give their cached value.
public enum XLSXWorkbook {
    /// Why a workbook could not be read.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Whether `data` is a ZIP file, as every `.xlsx` is.
    public static func isWorkbook(_ data: Data) -> Bool { InMemoryZip.looksLikeZip(data) }

    /// The rows of the workbook's first sheet, each with its row number.
    public static func firstSheet(_ data: Data) throws(Failure) -> [(number: Int, cells: [String])] {
        do {
            let zip = try InMemoryZip(data)
            let sheets = zip.names.filter { $0.hasPrefix("xl/worksheets/") && $0.hasSuffix(".xml") }
            guard
                let sheetName = sheets.contains("xl/worksheets/sheet1.xml")
                    ? "xl/worksheets/sheet1.xml" : sheets.sorted().first,
                let sheet = try zip.entry(sheetName)
            else { throw Failure(description: "no worksheet: is this an .xlsx file?") }
            let strings = try zip.entry("xl/sharedStrings.xml").map { try SharedStringsReader.read(Data($0)) } ?? []
            return try SheetReader.read(Data(sheet), strings: strings)
        } catch let failure as Failure {
            throw failure
        } catch let failure as InMemoryZip.Failure {
            throw Failure(description: failure.description)
        } catch {
            throw Failure(description: "not a readable workbook")
        }
    }

    /// The zero-based column of a cell reference (`C7` → 2).
    static func column(of reference: String) -> Int? {
        var column = 0
        var letters = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) else { break }
            column = column * 26 + Int(scalar.value - 64)
            letters += 1
        }
        guard letters > 0, letters <= 3 else { return nil }
        return column - 1
    }
}

/// Reads `xl/sharedStrings.xml`: each `<si>`'s text, runs (`<r><t>`) joined, phonetic hints (`<rPh>`) left out.
private final class SharedStringsReader: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    static func read(_ data: Data) throws -> [String] {
        let reader = SharedStringsReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else { throw XLSXWorkbook.Failure(description: "its shared strings are damaged") }
        return reader.strings
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "si": current = ""
        case "rPh": phonetic += 1
        case "t": inText = phonetic == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { current += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }
}

/// Reads a worksheet's `<row>`s and their `<c>`ells.
private final class SheetReader: NSObject, XMLParserDelegate {
    private let strings: [String]
    private var rows: [(number: Int, cells: [String])] = []
    private var cells: [String] = []
    private var rowNumber = 0
    private var cellColumn = 0
    private var cellType = ""
    private var value = ""
    private var inValue = false
    private var failure: XLSXWorkbook.Failure?

    init(strings: [String]) { self.strings = strings }

    static func read(_ data: Data, strings: [String]) throws -> [(number: Int, cells: [String])] {
        let reader = SheetReader(strings: strings)
        let parser = XMLParser(data: data)
        parser.delegate = reader
        let parsed = parser.parse()
        if let failure = reader.failure { throw failure }
        guard parsed else { throw XLSXWorkbook.Failure(description: "its worksheet is damaged") }
        return reader.rows
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
        case "c":
            cellColumn = attributes["r"].flatMap(XLSXWorkbook.column(of:)) ?? cells.count
            cellType = attributes["t"] ?? "n"
            value = ""
        case "v", "t": inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { value += string } }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            var text = value
            if cellType == "s" {
                guard let index = Int(value), strings.indices.contains(index) else {
                    failure = XLSXWorkbook.Failure(description: "row \(rowNumber) names a string the workbook lacks")
                    parser.abortParsing()
                    return
                }
                text = strings[index]
            }
            // A sheet of a few hundred columns at most: a cell further right is a forged reference.
            guard cellColumn < 1024 else {
                failure = XLSXWorkbook.Failure(description: "row \(rowNumber) has a cell beyond column 1024")
                parser.abortParsing()
                return
            }
            if cells.count <= cellColumn { cells += Array(repeating: "", count: cellColumn + 1 - cells.count) }
            cells[cellColumn] = text
        case "row":
            rows.append((rowNumber, cells))
        default: break
        }
    }
}
