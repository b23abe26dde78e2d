import Testing

@testable import EcoCore

struct ASCIISpacesTests {
    @Test(arguments: [
        ("  key\t", false, "key"), ("\tan inner space ", false, "an inner space"), ("", false, ""), (" \t ", false, ""),
        ("value\r\n", false, "value\r\n"), ("value\r\n", true, "value"), ("\n name \r", true, "name"), ("é ", false, "é"),
    ])
    func trimsSpacesAndTabsAndOnRequestLineBreaks(text: String, lineBreaks: Bool, expected: String) {
        #expect(text.trimmingASCIISpaces(lineBreaks: lineBreaks) == expected[...])
        #expect(Substring(text).trimmingASCIISpaces(lineBreaks: lineBreaks) == expected[...])
    }
}
