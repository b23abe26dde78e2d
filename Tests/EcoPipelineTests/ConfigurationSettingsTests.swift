import Foundation
import Testing

@testable import EcoPipeline

/// The settings table behind `ecotrack serve --help` and docs/configuration.md (issue #21).
struct ConfigurationSettingsTests {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func docsConfigurationIsGeneratedFromTheTable() throws {
        let doc = try String(contentsOf: Self.repository.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        #expect(doc == ConfigurationSettings.markdown(),
                "docs/configuration.md drifted from the settings table: run `ecotrack serve --settings-markdown > docs/configuration.md`")
    }

    @Test(arguments: ConfigurationSettings.all.map(\.key))
    func eachSettingIsReadFromEverySourceUnderItsListedName(key: String) throws {
        let setting = try #require(ConfigurationSettings.named(key))
        // A provider key counts only beside the JWKS URL, issuer and audience: those go in the file.
        let base = key.hasPrefix("oidc") || key.hasPrefix("explanation") || key.hasPrefix("enrichment") ? ConfigurationSettings.companions : [:]
        let defaults = try ConfigurationSources(file: base).resolve()
        let byFlag = try ConfigurationSources(flags: [key: setting.example], file: base).resolve()
        let byEnvironment = try ConfigurationSources(environment: [setting.environment: setting.example], file: base).resolve()
        let byFile = try ConfigurationSources(file: base.merging([key: setting.example]) { _, new in new }).resolve()
        #expect(byFlag != defaults, "the example of \(key) does not change the configuration")
        #expect(byEnvironment == byFlag)
        #expect(byFile == byFlag)
    }

    @Test func everyKeyTheResolverReadsIsInTheTable() throws {
        let source = try ["ConfigurationSources.swift", "ExternalTokenSettings.swift"].map {
            try String(contentsOf: Self.repository.appendingPathComponent("Sources/EcoPipeline/Configuration/\($0)"), encoding: .utf8)
        }.joined(separator: "\n")
        let pattern = try NSRegularExpression(pattern: #"(?:value|int|bool)\("([A-Za-z]+)"|(?:flags|file)\["([A-Za-z]+)"\]"#)
        var read = Set<String>()
        for match in pattern.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
            for group in 1...2 {
                if let range = Range(match.range(at: group), in: source) { read.insert(String(source[range])) }
            }
        }
        read.remove("durability")  // refused with a message pointing to the store URL, not a setting
        #expect(read.count > 20, "the resolver's keys were not found; has ConfigurationSources.swift changed shape?")
        #expect(read == Set(ConfigurationSettings.all.map(\.key)))
    }

    @Test func defaultsInTheTableAreTheConfigurationsOwn() {
        let defaults = EcoConfiguration()
        #expect(ConfigurationSettings.named("port")?.defaultText(defaults) == "8080")
        #expect(ConfigurationSettings.named("maxPageSize")?.defaultText(defaults) == String(defaults.maxPageSize))
        #expect(ConfigurationSettings.named("webhookMaxAttempts")?.defaultText(defaults) == String(defaults.webhookDelivery.maxAttempts))
    }
}
