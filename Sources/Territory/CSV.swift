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
    // Read as UTF-8 bytes: every byte the format gives a meaning to (quote, comma, CR, LF) is
    // ASCII and no byte of a longer character is below 0x80, so the bytes split at the same
    // places the scalars did, and each field's text is made once from its bytes. Appending scalar
    // by scalar to a String took most of the time of loading the named units' file.
    let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
    let bytes = Array(text.utf8)
    var records: [CSVRecord] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1, recordLine = 1
    var inQuotes = false, afterQuote = false
    var i = 0
    func take() -> String {
        defer { field.removeAll(keepingCapacity: true) }
        return String(decoding: field, as: UTF8.self)
    }
    while i < bytes.count {
        let c = bytes[i]
        i += 1
        if inQuotes {
            if c == quote {
                // A doubled quote is one quote; any other byte after a quote ends the field's
                // quoted part and is read again outside it.
                if i < bytes.count, bytes[i] == quote { field.append(quote); i += 1 } else { inQuotes = false; afterQuote = true }
            } else {
                if c == lf { line += 1 }
                field.append(c)
            }
            continue
        }
        switch c {
        case comma:
            fields.append(take()); afterQuote = false
        case cr:
            continue
        case lf:
            fields.append(take()); afterQuote = false
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
            line += 1; recordLine = line
        case quote where field.isEmpty && !afterQuote:
            inQuotes = true
        default:
            if afterQuote { throw .textAfterQuote(line: line) }
            field.append(c)
        }
    }
    if inQuotes { throw .unterminatedQuote(line: recordLine) }
    if !field.isEmpty || !fields.isEmpty {
        fields.append(take())
        records.append(CSVRecord(line: recordLine, fields: fields))
    }
    return records
}
