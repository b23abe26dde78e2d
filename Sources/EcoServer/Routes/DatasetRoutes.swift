import EcoCore
import EcoPipeline
import Hummingbird

/// Labelled, versioned datasets made from entries (issue #18).
///
/// | Method | Path | Permission | What |
/// |---|---|---|---|
/// | POST | /api/v1/datasets | write:data | make the next version of a dataset from an entry query; 201 with the version |
/// | GET | /api/v1/datasets | read:public | every dataset with its latest version |
/// | GET | /api/v1/datasets/{name} | read:public | the dataset's versions |
/// | GET | /api/v1/datasets/{name}/versions/{version}/manifest | read:public | members with file hash, size, type, label, split; JSON or CSV |
struct DatasetRoutes {
    let services: AppServices

    func register(on group: RouteRegistrar<RouterGroup<AppRequestContext>>) {
        group.post("/datasets", .writeData, use: create)
        group.get("/datasets", .readPublic, use: list)
        group.get("/datasets/:name", .readPublic, use: show)
        group.get("/datasets/:name/versions/:version/manifest", .readPublic, use: manifest)
    }

    private var datasets: DatasetService { services.platform.datasets }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await request.decode(as: DatasetRequest.self, context: context)
        let created = try await datasets.create(body, by: context.identity?.actor ?? "anonymous")
        guard case var .object(fields) = DatasetDocument.info(created.version.info) else { preconditionFailure("a version document is an object") }
        fields["matched"] = .number(Double(created.matched))
        fields["skipped"] = .object(["withoutFile": .number(Double(created.withoutFile)), "unlabelled": .number(Double(created.unlabelled))])
        var response = JSONResponse.text(JSONValue.object(fields).text, contentType: "application/json", status: .created)
        response.headers[.location] = "/api/v1/datasets/\(created.version.info.name)/versions/\(created.version.info.version)/manifest"
        return response
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Response {
        let summaries = try await datasets.list()
        return JSONResponse.text(JSONValue.object(["data": .array(summaries.map(DatasetDocument.summary))]).text, contentType: "application/json")
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        let versions = try await datasets.versions(name: name)
        return JSONResponse.text(JSONValue.object(["name": .string(name), "versions": .array(versions.map(DatasetDocument.info))]).text,
                                 contentType: "application/json")
    }

    @Sendable func manifest(request: Request, context: AppRequestContext) async throws -> Response {
        let format = try OutputFormat.of(request, allowed: [.json, .csv])
        let name = try context.parameters.require("name")
        let text = try context.parameters.require("version")
        guard let number = Int(text), number > 0 else {
            throw Problem.badRequest("The version must be a positive whole number, as GET /api/v1/datasets/\(name) lists them; got '\(text)'.")
        }
        let version = try await datasets.version(name: name, version: number)
        switch format {
        case .csv: return JSONResponse.text(DatasetDocument.manifestCSV(version), contentType: format.contentType)
        default: return JSONResponse.text(DatasetDocument.manifestJSON(version).text, contentType: "application/json")
        }
    }
}
