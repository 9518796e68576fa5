@testable import EventLog
import Foundation
import Law
import ProcedureLog
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

    /// Procedure fields are read from the text straight into the law's values: the same values as
    /// through a JSON tree, a null refused at its place (a field always has a value), and a text
    /// that is not an object answered as such.
    @Test func readsAnObjectStraightIntoProcedureFields() throws {
        let text = JSON.object(["seats": .int(31), "votes": .object(["A": .int(10), "Б": .int(-2)]), "by": .string("kenesh «1»"),
                                "candidates": .array([.string("A"), .string("B")]), "ok": .bool(false), "none": .object([:])]).text
        guard case .object(let tree) = try JSON(parsing: text) else { Issue.record("not an object"); return }
        #expect(try Value.members(parsing: text) == tree.mapValues(Value.init))
        #expect(try JSON.members(parsing: text) == tree)
        #expect(try Value.members(parsing: " [1] ") == nil)
        #expect(try JSON.members(parsing: "7") == nil)
        do {
            _ = try Value.members(parsing: #"{"a":[1,null]}"#)
            Issue.record("a null field was read")
        } catch {
            #expect(error.offset == 8 && error.message.contains("null"), "\(error)")
        }
        #expect(throws: JSONError.self) { try Value.members(parsing: #"{"a":1,"a":2}"#) }
        #expect(throws: JSONError.self) { try Value.members(parsing: #"{"a":1} x"#) }
    }
}
