import EcoStore
@testable import EcoObjectStorageS3
import Foundation
import Testing

@Suite("S3 answers")
struct S3XMLTests {
    static let keyA = String(repeating: "a", count: 64), keyB = String(repeating: "b", count: 64)

    @Test("a ListObjectsV2 page yields our objects under the prefix, skips foreign names, and carries the next token")
    func listPage() throws {
        let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix><KeyCount>3</KeyCount>
        <IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=&amp;x</NextContinuationToken>
        <Contents><Key>p/\(Self.keyA)</Key><LastModified>2026-12-06T21:50:30.000Z</LastModified><ETag>&quot;x&quot;</ETag><Size>12</Size></Contents>
        <Contents><Key>p/readme.txt</Key><LastModified>2026-12-06T21:50:30.000Z</LastModified><Size>3</Size></Contents>
        <Contents><Key>p/\(Self.keyB)</Key><LastModified>2026-12-06T21:50:31Z</LastModified><Size>0</Size></Contents>
        </ListBucketResult>
        """
        let page = S3ListPage(document: document, prefix: "p/")
        #expect(page.objects.map(\.key.sha256) == [Self.keyA, Self.keyB])
        #expect(page.objects.map(\.size) == [12, 0])
        #expect(page.objects[0].storedAt == Date(timeIntervalSince1970: 1_796_593_830))
        #expect(page.objects[1].storedAt == Date(timeIntervalSince1970: 1_796_593_831))
        #expect(page.nextToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=&x")
        #expect(S3ListPage(document: document.replacingOccurrences(of: "<IsTruncated>true", with: "<IsTruncated>false"), prefix: "p/").nextToken == nil)
    }

    @Test("an error answer names S3's code and message and what to check")
    func errorWords() {
        let document = "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message></Error>"
        #expect(S3Client.failure(status: 403, document: document, action: "PutObject k", bucket: "b") == .unavailable(
            "S3 answered 403 SignatureDoesNotMatch to PutObject k: The request signature we calculated does not match the signature you provided.; check the credentials and region"))
        #expect(S3Client.failure(status: 404, document: "<Error><Code>NoSuchBucket</Code><Message>gone</Message></Error>", action: "ListObjectsV2", bucket: "b")
            == .unavailable("S3 answered 404 NoSuchBucket to ListObjectsV2: gone; create the bucket 'b' or fix the object-store location"))
        #expect(S3Client.failure(status: 503, document: "", action: "HeadObject k", bucket: "b") == .unavailable("S3 answered 503 to HeadObject k"))
    }

    @Test("entities and character references decode, and escaping round-trips")
    func entities() {
        #expect(S3XML.text("K", in: "<K>a&lt;b&gt;&amp;&#65;&#x42;&apos;</K>") == "a<b>&AB'")
        #expect(S3XML.text("K", in: "<K>\(S3XML.escape("\"x\"&<y>"))</K>") == "\"x\"&<y>")
    }

    @Test("the multipart completion lists parts in order with escaped ETags")
    func completion() {
        #expect(MultipartUpload.completion(etags: ["\"e1\"", "\"e2\""]) ==
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&quot;e1&quot;</ETag></Part><Part><PartNumber>2</PartNumber><ETag>&quot;e2&quot;</ETag></Part></CompleteMultipartUpload>")
    }

    @Test("path style names the bucket in the path, virtual-host style in the host; AWS is the default endpoint")
    func addressing() {
        let credentials = S3Credentials(accessKeyID: "a", secretAccessKey: "s")
        let local = S3Configuration(bucket: "b", prefix: "/x/y/", endpoint: URL(string: "http://127.0.0.1:9000"), credentials: credentials)
        #expect(local.style == .path && local.prefix == "x/y/")
        #expect(local.base == ("http", "127.0.0.1:9000", "/b"))
        let aws = S3Configuration(bucket: "b", region: "eu-west-1", credentials: credentials)
        #expect(aws.base == ("https", "b.s3.eu-west-1.amazonaws.com", ""))
        let virtual = S3Configuration(bucket: "b", endpoint: URL(string: "https://s3.example.com:443/"), style: .virtualHost, credentials: credentials)
        #expect(virtual.base == ("https", "b.s3.example.com", ""))
    }
}
