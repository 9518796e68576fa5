@testable import EventLog
import Foundation
import Testing

/// The log's own JSON reader (stored event data): what it accepts and refuses, and that it reads
/// back what the writer wrote.
@Suite struct JSONTests {
    @Test func readsBackWhatItWrites() throws {
        let values: [JSON] = [
            .object(["a": .int(0), "b": .int(Int64.max), "c": .int(Int64.min), "d": .string(""), "e": .string("Сокулук «1» \"q\" \\ \n\t é 😀"),
                     "f": .array([.bool(true), .bool(false), .null, .int(-7)]), "g": .object([:])]),
            .array([]), .string("plain"), .int(-0),
        ]
        for v in values {
            #expect(try JSON(parsing: v.text) == v, "\(v.text)")
        }
    }

    @Test func readsEscapesAndNumbers() throws {
        #expect(try JSON(parsing: #"{"k":"a\u0041\ud83d\ude00\/"}"#) == .object(["k": .string("aA😀/")]))
        #expect(try JSON(parsing: " [ 1 , -23 ,9223372036854775807,-9223372036854775808 ] ") == .array([.int(1), .int(-23), .int(.max), .int(.min)]))
    }

    @Test(arguments: ["9223372036854775808", "-9223372036854775809", "-", "1.5", "1e3", "\"a", "\"\u{1}\"", "{\"a\":1,\"a\":2}", "[1,]", "tru", "01x", "\"\\x\""])
    func refuses(_ text: String) {
        #expect(throws: JSONError.self) { try JSON(parsing: text) }
    }
}
