import Crypto
@testable import EcoObjectStorageS3
import Foundation
import Testing

/// The signer against AWS's published examples.
@Suite("SigV4Signer")
struct SigV4SignerTests {
    // Amazon S3 API Reference, "Signature Calculations for the Authorization Header: Transferring Payload in
    // a Single Chunk (AWS Signature Version 4)", section "Examples: Signature Calculations": the documented
    // example credentials, bucket `examplebucket`, region us-east-1, time 20130524T000000Z.
    static let s3Example = SigV4Signer(
        credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1")
    static let may24 = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let host = (name: "Host", value: "examplebucket.s3.amazonaws.com")

    private func authorization(_ signer: SigV4Signer, _ request: SigV4Signer.Request, at date: Date) -> String? {
        signer.sign(request, at: date).first { $0.name == "authorization" }?.value
    }

    @Test("GET Object with a Range: the documented string to sign and signature")
    func getObject() {
        let request = SigV4Signer.Request(
            method: "GET", path: "/test.txt",
            headers: [Self.host, (name: "Range", value: "bytes=0-9"), (name: "x-amz-content-sha256", value: Self.emptyHash),
                      (name: "x-amz-date", value: "20130524T000000Z")],
            payloadHash: Self.emptyHash)
        let canonical = Self.s3Example.canonicalRequest(request).text
        let toSign = Self.s3Example.stringToSign(canonicalRequest: canonical, dateTime: "20130524T000000Z", scope: "20130524/us-east-1/s3/aws4_request")
        #expect(toSign.hasSuffix("\n7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"))
        var unsigned = request
        unsigned.headers.removeLast()  // the signer adds x-amz-date itself
        #expect(authorization(Self.s3Example, unsigned, at: Self.may24) ==
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("PUT Object with a reserved character in the key: the documented signature")
    func putObject() {
        let body = "Welcome to Amazon S3."
        let hash = "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
        #expect(hex(SHA256Digest(body)) == hash)
        let request = SigV4Signer.Request(
            method: "PUT", path: SigV4Signer.encodePath("/test$file.text"),
            headers: [Self.host, (name: "Date", value: "Fri, 24 May 2013 00:00:00 GMT"), (name: "x-amz-storage-class", value: "REDUCED_REDUNDANCY"),
                      (name: "x-amz-content-sha256", value: hash)],
            payloadHash: hash)
        #expect(request.path == "/test%24file.text")
        #expect(authorization(Self.s3Example, request, at: Self.may24)?.hasSuffix(
            "SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd") == true)
    }

    @Test("GET Bucket lifecycle (a query name without a value): the documented signature")
    func getLifecycle() {
        let request = SigV4Signer.Request(
            method: "GET", path: "/", query: [(name: "lifecycle", value: "")],
            headers: [Self.host, (name: "x-amz-content-sha256", value: Self.emptyHash)], payloadHash: Self.emptyHash)
        #expect(authorization(Self.s3Example, request, at: Self.may24)?.hasSuffix(
            "Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543") == true)
    }

    @Test("GET Bucket (list objects) with query parameters out of order: the documented signature")
    func listObjects() {
        let request = SigV4Signer.Request(
            method: "GET", path: "/", query: [(name: "prefix", value: "J"), (name: "max-keys", value: "2")],
            headers: [Self.host, (name: "x-amz-content-sha256", value: Self.emptyHash)], payloadHash: Self.emptyHash)
        #expect(Self.s3Example.canonicalRequest(request).text.split(separator: "\n", omittingEmptySubsequences: false)[2] == "max-keys=2&prefix=J")
        #expect(authorization(Self.s3Example, request, at: Self.may24)?.hasSuffix(
            "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7") == true)
    }

    // AWS's "Signature Version 4 test suite" (aws-sig-v4-test-suite, case get-vanilla): service `service`,
    // region us-east-1, key AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z.
    @Test("the SigV4 test suite's get-vanilla case")
    func getVanilla() {
        let signer = SigV4Signer(credentials: S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                                 region: "us-east-1", service: "service")
        let request = SigV4Signer.Request(method: "GET", path: "/", headers: [(name: "Host", value: "example.amazonaws.com")], payloadHash: Self.emptyHash)
        #expect(authorization(signer, request, at: Date(timeIntervalSince1970: 1_440_938_160)) ==
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,SignedHeaders=host;x-amz-date,Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test("a session token is sent and signed")
    func sessionToken() {
        var credentials = Self.s3Example.credentials
        credentials.sessionToken = "token/with+chars"
        let headers = SigV4Signer(credentials: credentials, region: "eu-west-1").sign(
            .init(method: "GET", path: "/", headers: [Self.host], payloadHash: Self.emptyHash), at: Self.may24)
        #expect(headers.contains { $0.name == "x-amz-security-token" && $0.value == "token/with+chars" })
        #expect(headers.last?.value.contains("/eu-west-1/s3/aws4_request,SignedHeaders=host;x-amz-date;x-amz-security-token,") == true)
    }

    @Test("credentials come from the standard AWS variables, and are absent without both keys")
    func environmentCredentials() {
        #expect(S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "t"])
            == S3Credentials(accessKeyID: "id", secretAccessKey: "secret", sessionToken: "t"))
        #expect(S3Credentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "id"]) == nil)
    }
}

private func SHA256Digest(_ text: String) -> SHA256.Digest { SHA256.hash(data: Data(text.utf8)) }
