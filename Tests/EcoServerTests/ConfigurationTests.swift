import EcoAnalytics
import EcoCore
import EcoStore
import EcoStoreSQLite

@testable import EcoPipeline
@testable import EcoServer
import Testing

struct ConfigurationTests {
    @Test func flagBeatsEnvironmentBeatsFileBeatsDefault() throws {
        let sources = ConfigurationSources(
            flags: ["port": "9001"],
            environment: ["ECOTRACK_PORT": "9002", "ECOTRACK_HOST": "0.0.0.0"],
            file: ["port": "9003", "host": "10.0.0.1", "database": "/tmp/x.sqlite"]
        )
        let configuration = try sources.resolve()
        #expect(configuration.port == 9001)
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.database == "/tmp/x.sqlite")
        #expect(configuration.maxPageSize == EcoConfiguration().maxPageSize)
    }

    @Test func environmentNamesFollowTheKeys() {
        #expect(ConfigurationSources.environmentName("maxIngestBytes") == "ECOTRACK_MAX_INGEST_BYTES")
        #expect(ConfigurationSources.environmentName("port") == "ECOTRACK_PORT")
    }

    @Test func wrongTypesNameTheKey() {
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(environment: ["ECOTRACK_PORT": "eighty"]).resolve() }
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["durability": "maybe"]).resolve() }
    }

    @Test func alertWatchSettingsAreReadAndRangeChecked() throws {
        let configuration = try ConfigurationSources(environment: ["ECOTRACK_SILENCE_CHECK_SECONDS": "30", "ECOTRACK_HOTSPOT_RINGS": "2"],
                                                     file: ["hotspotCheckSeconds": "120", "hotspotWindowMinutes": "15", "hotspotResolution": "7"]).resolve()
        #expect(configuration.silenceCheckSeconds == 30 && configuration.hotspotCheckSeconds == 120)
        #expect(configuration.hotspotWindowMinutes == 15 && configuration.hotspotResolution == 7 && configuration.hotspotRings == 2)
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["hotspotResolution": "16"]).resolve() }
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["silenceCheckSeconds": "0"]).resolve() }
    }

    @Test func droughtAlertSettingsAreReadAndChecked() throws {
        let defaults = try ConfigurationSources().resolve()
        #expect(defaults.droughtCheckSeconds == 3600 && defaults.droughtResolution == 7 && defaults.droughtScale == 3)
        #expect(defaults.droughtAlertCategory == .severelyDry)
        let configuration = try ConfigurationSources(environment: ["ECOTRACK_DROUGHT_ALERT_CATEGORY": "Extremely-Dry", "ECOTRACK_DROUGHT_SCALE": "6"],
                                                     file: ["droughtCheckSeconds": "600", "droughtResolution": "5"]).resolve()
        #expect(configuration.droughtCheckSeconds == 600 && configuration.droughtResolution == 5 && configuration.droughtScale == 6)
        #expect(configuration.droughtAlertCategory == .extremelyDry)
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["droughtAlertCategory": "very-dry"]).resolve() }
        #expect(throws: ConfigurationError.self) { try ConfigurationSources(file: ["droughtScale": "0"]).resolve() }
    }

    @Test func flatYAMLReadsKeysCommentsAndQuotes() throws {
        let parsed = try FlatYAML.parse("# EcoTrack\nport: 8181\nhost: \"0.0.0.0\"  # all interfaces\n\ndemo: true\n", path: "ecotrack.yaml")
        #expect(parsed == ["port": "8181", "host": "0.0.0.0", "demo": "true"])
        #expect(throws: ConfigurationError.self) { try FlatYAML.parse("store:\n  path: x\n", path: "ecotrack.yaml") }
    }
}
