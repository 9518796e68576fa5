@testable import Law
import Testing

/// A fact's slot named without its value (the heading of "why" and the rows of "compare"): every
/// kind of key reads as its subject and slot, never as an empty or denied value.
@Suite struct FactNameTests {
    @Test(arguments: [Language.ky, .ru, .en])
    func everyKindOfKeyIsNamedWithoutAValue(_ language: Language) {
        let text = LawText(model: Bundled.model, language: language)
        let keys = ["body/government", "body/district-kenesh", "formation/akim/by", "power/ayil-kenesh/approve-local-budget",
                    "relation/district-kenesh/may-express-no-confidence-in/akim", "procedure/no-confidence-vote/decision",
                    "principle/popular-power"]
        for key in keys {
            let name = text.factName(key)
            #expect(!name.isEmpty, "\(key)")
            #expect(!name.contains(text.phrase("denied")), "\(key): \(name)")
            #expect(!name.contains("— ;"), "\(key): \(name)")
        }
        #expect(text.factName("body/government") == text.label("government"))
    }
}

extension FactNameTests {
    @Test func aPartialKeyNamesItselfRatherThanTrapping() {
        let text = LawText(model: Bundled.model, language: .en)
        for key in ["body", "formation/akim", "unit", "relation/x", ""] { #expect(text.factName(key) == key) }
    }
}
