import Foundation

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
