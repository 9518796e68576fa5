/// A minimal RFC 4180 reader: comma-separated, fields optionally in double quotes (a doubled quote
/// inside is one quote; a quoted field may hold commas and line breaks). Each record keeps the line
/// it starts on, so errors can name it.
struct CSVRecord {
    var line: Int
    var fields: [String]
}

enum CSVError: Error {
    case unterminatedQuote(line: Int)
    case textAfterQuote(line: Int)
}

func parseCSV(_ text: String) throws(CSVError) -> [CSVRecord] {
    var records: [CSVRecord] = []
    var fields: [String] = []
    var field = ""
    var line = 1, recordLine = 1
    var inQuotes = false, afterQuote = false
    var scalars = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
        if let p = pending { pending = nil; return p }
        return scalars.next()
    }
    while let c = next() {
        if inQuotes {
            if c == "\"" {
                if let n = next() {
                    if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; afterQuote = true; pending = n }
                } else { inQuotes = false; afterQuote = true }
            } else {
                if c == "\n" { line += 1 }
                field.unicodeScalars.append(c)
            }
            continue
        }
        switch c {
        case ",":
            fields.append(field); field = ""; afterQuote = false
        case "\r":
            continue
        case "\n":
            fields.append(field); field = ""; afterQuote = false
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
            line += 1; recordLine = line
        case "\"" where field.isEmpty && !afterQuote:
            inQuotes = true
        default:
            if afterQuote { throw .textAfterQuote(line: line) }
            field.unicodeScalars.append(c)
        }
    }
    if inQuotes { throw .unterminatedQuote(line: recordLine) }
    if !field.isEmpty || !fields.isEmpty {
        fields.append(field)
        records.append(CSVRecord(line: recordLine, fields: fields))
    }
    return records
}
