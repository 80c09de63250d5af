using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ecosystem.Host.OpenApi;

/// <summary>
/// The document as a whole: its title, a way back to the app, the two ways to authenticate (a bearer token from
/// <c>POST /api/auth/login</c>, the default for every operation; a write key for ingestion), the problem schema every
/// error response points to, and server URLs without a trailing slash.
/// </summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string Bearer = "bearer";
    public const string WriteKey = "writeKey";
    public const string Problem = "Problem";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Ecosystem API",
            Version = "v1",
            Description = "The API of every Ecosystem module: identity, cards, analytics and retention. [← Back to the app](/)\n\n" +
                "Log in with `POST /api/auth/login`, then choose **Authorize** and paste the `accessToken`: every call on this page then " +
                "sends `Authorization: Bearer …` (in the browser, a signed-in session cookie works too). Errors are RFC 9457 problem " +
                "details (`application/problem+json`) with a stable `code` and a `traceId`. Money is integer minor units plus an ISO 4217 currency.",
        };
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The `accessToken` from `POST /api/auth/login`. Sessions end after 30 idle minutes and at most 12 hours after login.",
        };
        document.Components.SecuritySchemes[WriteKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "A write key (created on the Write keys page) as the HTTP Basic user name, with an empty password, as Segment's SDKs send it.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem: `code` is stable and meant for programs; `detail` is for people.",
            Required = new HashSet<string> { "status", "code" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonValue.Create("VALIDATION_FAILED")] },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["errors"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "For VALIDATION_FAILED: each invalid field with its messages.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            },
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, document)] = [] }];
        return Task.CompletedTask;
    }
}
