/// One rule broken by a legal data file, located as precisely as the data allows.
public struct LegalDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line, or 0 when the problem concerns the whole file.
    public var line: Int
    /// Dotted path of the field, e.g. `statements[3].cite.status`.
    public var field: String?
    public var rule: String

    public init(file: String, line: Int, field: String?, rule: String) {
        self.file = file
        self.line = line
        self.field = field
        self.rule = rule
    }

    public var description: String {
        var place = file
        if line > 0 { place += ":\(line)" }
        if let field { place += " [\(field)]" }
        return "\(place): \(rule)"
    }
}

/// Every error found while loading; the model is never partly loaded.
public struct LegalDataErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [LegalDataError]
    public init(_ errors: [LegalDataError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
