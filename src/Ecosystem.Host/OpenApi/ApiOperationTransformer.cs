using System.Globalization;
using System.Text;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace Ecosystem.Host.OpenApi;

/// <summary>
/// Every operation, from what the endpoint already declares, so no endpoint is edited by hand: a summary from its name
/// (<c>ListCardPurchases</c> → "List card purchases"), the policy in its description, its security (none, bearer, or
/// write key), the <c>Idempotency-Key</c> header where it is taken, and its error responses as problems with their
/// codes: the generic ones its policy, route and body imply, plus those it declares with <c>.Answers(…)</c>.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var policies = anonymous ? [] : metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var method = description.HttpMethod ?? "GET";
        var path = "/" + (description.RelativePath ?? "").TrimStart('/');

        operation.Summary ??= Summary(operation.OperationId, method, path);
        if (string.IsNullOrEmpty(operation.Description))
        {
            operation.Description = anonymous ? "No login needed."
                : policies.Count == 0 || policies.SequenceEqual([Policies.SignedIn]) ? "Any signed-in person."
                : "Policy: " + string.Join(", ", policies.Select(p => $"`{p}`")) + " (the roles that hold it are on the Users page).";
        }

        var document = context.Document;
        if (anonymous)
        {
            operation.Security = [];
        }
        else if (document is not null && policies.Contains(Policies.SourceIngest))
        {
            operation.Security = [Requirement(ApiDocumentTransformer.WriteKey, document)];
        }
        else if (document is not null && policies.Contains(Policies.EventsIngest))
        {
            operation.Security = [Requirement(ApiDocumentTransformer.Bearer, document), Requirement(ApiDocumentTransformer.WriteKey, document)];
        }

        var idempotent = metadata.OfType<IdempotentEndpoint>().Any();
        if (idempotent)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyExtensions.Header,
                In = ParameterLocation.Header,
                Description = "Any unique string up to 255 characters: the first answer is replayed for 24 hours for the same key.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });
        }

        var errors = new List<(int Status, string Code, string Text)>();
        var hasBody = description.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Form") || operation.RequestBody is not null;
        var hasRoute = description.ParameterDescriptions.Any(p => p.Source.Id == "Path");
        var hasQuery = description.ParameterDescriptions.Any(p => p.Source.Id == "Query");
        if (hasBody || hasQuery) errors.Add((400, "MALFORMED_REQUEST", "The body is not valid JSON for this operation, has a wrong type or an unknown field."));
        if (!anonymous) errors.Add((401, "UNAUTHENTICATED", "No valid session or token (or write key): log in first."));
        if (policies.Any(p => p is not Policies.SignedIn and not Policies.EventsIngest and not Policies.SourceIngest)) errors.Add((403, "FORBIDDEN", "The caller's roles do not include this policy."));
        if (hasRoute) errors.Add((404, "NOT_FOUND", "No such object, or it belongs to someone else."));
        if (hasBody) errors.Add((413, "PAYLOAD_TOO_LARGE", "The body is larger than the limit."));
        if (hasBody || hasQuery) errors.Add((422, "VALIDATION_FAILED", "A field is invalid: `errors` names each field with its messages."));
        if (idempotent) errors.Add((422, "IDEMPOTENCY_KEY_REUSED", "The same Idempotency-Key was sent with a different body."));
        if (metadata.OfType<EnableRateLimitingAttribute>().Any()) errors.Add((429, "RATE_LIMITED", "Too many requests; `Retry-After` says how many seconds to wait."));
        foreach (var declared in metadata.OfType<ProblemCodes>().SelectMany(p => p.Errors)) errors.Add((declared.Status, declared.Code, declared.Message));
        errors.Add((500, "INTERNAL_ERROR", "An unexpected error; quote the traceId."));

        operation.Responses ??= new OpenApiResponses();
        foreach (var group in errors.GroupBy(e => e.Status).OrderBy(g => g.Key))
        {
            var status = group.Key.ToString(CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(status)) continue;
            var codes = group.DistinctBy(e => e.Code).ToList();
            operation.Responses[status] = new OpenApiResponse
            {
                Description = Problems.TitleFor(group.Key) + ". " + string.Join(" ", codes.Select(c => $"`{c.Code}`: {c.Text}")),
                Content = document is null ? null : new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ApiDocumentTransformer.Problem, document) },
                },
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    /// <summary><c>ListCardPurchases</c> → "List card purchases"; without a name, the method and path.</summary>
    internal static string Summary(string? operationId, string method, string path)
    {
        if (string.IsNullOrEmpty(operationId)) return method.ToUpperInvariant() + " " + path;
        operationId = operationId.Replace('_', ' ');
        var words = new StringBuilder(operationId.Length + 8);
        for (var i = 0; i < operationId.Length; i++)
        {
            var c = operationId[i];
            var startsWord = i > 0 && char.IsUpper(c) && operationId[i - 1] != ' ' && (char.IsLower(operationId[i - 1]) || (i + 1 < operationId.Length && char.IsLower(operationId[i + 1])));
            if (startsWord) words.Append(' ');
            words.Append(i == 0 || !startsWord || IsAcronymAt(operationId, i) ? c : char.ToLowerInvariant(c));
        }

        return words.ToString();
    }

    private static bool IsAcronymAt(string s, int i) => i + 1 < s.Length && char.IsUpper(s[i + 1]);
}
