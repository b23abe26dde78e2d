import EcoCore
import Foundation
import Testing

@testable import EcoPipeline

/// Issue #18, enrichment: what a vision model answers is read defensively, and requests are paced.
@Suite struct EnrichmentAnswerTests {
    @Test func jsonIsFoundInFencesAndAmongWordsAndItsTagsAreNormalised() throws {
        let fenced = try EnrichmentAnswer.parse("```json\n{\"tags\": [\"Algae Bloom\", \"GREEN water\", \"a/b\"], \"description\": \" Green. \"}\n```")
        #expect(fenced == EnrichmentAnswer(tags: ["algae-bloom", "green-water"], description: "Green."))
        let chatty = try EnrichmentAnswer.parse(#"Here you go {not json} and then {"description": "A {curly} buoy.", "tags": "buoy, rope"} — hope it helps!"#)
        #expect(chatty == EnrichmentAnswer(tags: ["buoy", "rope"], description: "A {curly} buoy."))
        let nested = try EnrichmentAnswer.parse(#"{"result": 1} {"tags": ["kelp"], "extra": {"x": "}"}}"#)
        #expect(nested.tags == ["kelp"] && nested.description == nil)
        let many = try EnrichmentAnswer.parse(#"{"tags": [\#((0..<100).map { "\"t\($0)\"" }.joined(separator: ","))]}"#)
        #expect(many.tags.count == EntryTags.maxCount)
    }

    @Test func answersWithoutUsableJSONAreRefusedWithAReason() {
        #expect(throws: EnrichmentAnswer.Unparsable.self) { try EnrichmentAnswer.parse("I cannot see images.") }
        do {
            _ = try EnrichmentAnswer.parse(#"{"tags": ["???"], "description": ""}"#)
            Issue.record("an answer without usable tags or description must be refused")
        } catch {
            #expect(error.description.contains("neither usable tags nor a description"), "\(error)")
        }
        do {
            _ = try EnrichmentAnswer.parse("no json here")
        } catch {
            #expect(error.description.contains("no JSON object") && error.description.contains("no json here"), "\(error)")
        }
    }

    @Test func imageEntryEventsAreTheOnlyOnesFollowed() {
        let image = NewEvent.entryCreated(Entry(id: "e1", dataType: .image, source: "s", timeMs: 0, createdBy: "u", createdAtMs: 0))
        let video = NewEvent.entryCreated(Entry(id: "e2", dataType: .video, source: "s", timeMs: 0, createdBy: "u", createdAtMs: 0))
        func event(_ new: NewEvent) -> DomainEvent { DomainEvent(offset: 1, topic: new.topic, key: new.key, timeMs: new.timeMs, payloadJSON: new.payloadJSON) }
        #expect(EntryEnrichmentService.imageEntryID(event(image)) == "e1")
        #expect(EntryEnrichmentService.imageEntryID(event(video)) == nil)
    }

    @Test func onlyFormatsVisionEndpointsTakeAreSentAndOnlyUpToTheLimit() {
        #expect(EntryEnrichmentService.refusal(EntryFile(sha256: "", size: 10, contentType: "image/png", fileName: nil), maxBytes: 100) == nil)
        #expect(EntryEnrichmentService.refusal(EntryFile(sha256: "", size: 10, contentType: "image/tiff", fileName: nil), maxBytes: 100)?
            .contains("image/tiff") == true)
        #expect(EntryEnrichmentService.refusal(EntryFile(sha256: "", size: 101, contentType: "image/jpeg", fileName: nil), maxBytes: 100)?
            .contains("larger than") == true)
    }

    @Test func thePacerSpacesRequestsToTheRate() async throws {
        let pacer = RequestPacer(perMinute: 1200)  // one every 50 ms
        let start = ContinuousClock.now
        for _ in 0..<5 { try await pacer.wait() }
        #expect(ContinuousClock.now - start >= .milliseconds(195), "5 starts at 1200/min take at least 4 intervals")
    }
}
