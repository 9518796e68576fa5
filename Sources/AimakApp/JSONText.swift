import Foundation
import EventLog

/// The one way Aimak writes an answer as JSON: sorted keys, indented, slashes unescaped (the
/// citations are full of them). The command line and the API call this same function.
public enum AnswerJSON {
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func data<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data { try encoder(pretty: pretty).encode(value) }

    public static func text<T: Encodable>(_ value: T) throws -> String { String(decoding: try data(value), as: UTF8.self) }
}

/// The one way Aimak reads a JSON object a person or a client wrote (an API body, a change file
/// given to the command line): strictly, with reasons a person can act on.
public enum StrictJSON {
    /// `data` as a `T`: a JSON object with only the `allowed` keys, which the event log's own parser
    /// also reads back (no key given twice, no names equal once normalised, no nesting deeper than it
    /// reads), so nothing is accepted here that could not be kept.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, allowed: Set<String>) throws -> T {
        let parsed: JSON
        do { parsed = try JSON(parsing: String(decoding: data, as: UTF8.self)) } catch {
            throw AppError.badInput("the body is not JSON Aimak can keep: \(error)")
        }
        guard case .object(let members) = parsed else { throw AppError.badInput("the body must be a JSON object") }
        if let extra = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw AppError.badInput("unknown field '\(extra)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch let e as DecodingError {
            throw AppError.badInput("the body does not fit: \(describe(e))")
        }
    }

    /// A decoding error by the field it is about, without Swift's internal names.
    public static func describe(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String { c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") }
        switch e {
        case .keyNotFound(let k, _): return "'\(k.stringValue)' is missing"
        case .typeMismatch(_, let c): return "'\(path(c.codingPath))' has the wrong type"
        case .valueNotFound(_, let c): return "'\(path(c.codingPath))' is null"
        case .dataCorrupted(let c): return "'\(path(c.codingPath))': \(c.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
