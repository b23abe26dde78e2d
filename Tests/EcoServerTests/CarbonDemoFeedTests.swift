import EcoCore
import Foundation
import Logging
import ServiceLifecycle
import Testing

@testable import EcoPipeline

/// The demo's carbon feed sends its hotspot and then stays: a service that returns ends its whole service group,
/// which stopped `serve --demo` two minutes after start (found by scripts/checks/domains_demo.py's server).
@Suite struct CarbonDemoFeedTests {
    @Test func theFeedKeepsItsServiceGroupRunningAfterSending() async throws {
        try await LiveServer.with { server in
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            let feed = CarbonDemoFeed(carbon: server.services.platform.carbon, clock: .system, delay: .zero, logger: logger)
            let group = ServiceGroup(services: [feed], logger: logger)
            try await withThrowingTaskGroup(of: String.self) { tasks in
                tasks.addTask {
                    try await group.run()
                    return "group ended"
                }
                // The hotspot (delay 0) is sent at once; the group must still run well after.
                tasks.addTask {
                    try await Task.sleep(for: .seconds(3))
                    return "3 s passed"
                }
                let first = try await tasks.next()
                #expect(first == "3 s passed", "the service group ended when the feed had sent its batch")
                await group.triggerGracefulShutdown()
                let second = try await tasks.next()
                #expect(second == "group ended")
            }
        }
    }
}
