using System.Buffers;
using System.Security.Claims;
using System.Text.Json;
using Ecosystem.Analytics.WriteKeys;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Analytics.Ingestion;

internal static class IngestionEndpoints
{
    /// <summary>The bodies are read by hand (lenient per event); declaring them keeps them in the OpenAPI document and the generated bad-input suite.</summary>
    private static readonly string[] JsonBody = ["application/json", "text/plain"];

    /// <summary>
    /// Segment-compatible SDKs send JSON under other content types or none (RudderStack's Node SDK posts gzip batches
    /// as application/x-www-form-urlencoded): the tracking API reads JSON whatever the header says, so no event is lost to a 415.
    /// </summary>
    private static readonly string[] AnyBody = ["application/json", "text/plain", "*/*"];

    public static void MapIngestionApi(this IEndpointRouteBuilder endpoints, RouteGroupBuilder api)
    {
        api.MapPost("/events", Track).Accepts<JsonElement>(JsonBody[0], JsonBody[1]).RequireAuthorization(Policies.EventsIngest).WithTags("Analytics: ingestion").WithName("TrackEvent");
        api.MapPost("/events/batch", TrackBatch).Accepts<JsonElement>(JsonBody[0], JsonBody[1]).RequireAuthorization(Policies.EventsIngest).WithTags("Analytics: ingestion").WithName("TrackEventBatch");

        // Segment-compatible HTTP tracking API: existing Segment and RudderStack SDKs work when pointed here.
        var v1 = endpoints.MapGroup("/v1").WithTags("Analytics: Segment-compatible").RequireAuthorization(Policies.SourceIngest).RequireRateLimiting(RateLimits.Ingestion);
        foreach (var type in SegmentEvents.CallTypes)
        {
            v1.MapPost("/" + type, (HttpContext http, IngestionService ingestion, CancellationToken ct) => SegmentAsync(http, ingestion, type, ct)).Accepts<JsonElement>(AnyBody[0], AnyBody[1..]).WithName("Segment_" + type);
        }

        v1.MapPost("/batch", (HttpContext http, IngestionService ingestion, CancellationToken ct) => SegmentAsync(http, ingestion, null, ct)).Accepts<JsonElement>(AnyBody[0], AnyBody[1..]).WithName("Segment_batch");
    }

    private static async Task<Results<Accepted<EventAccepted>, ProblemHttpResult>> Track(HttpContext http, IngestionService ingestion, TimeProvider time, CancellationToken ct)
    {
        var body = await ReadJsonAsync(http, IngestionService.MaxEventBytes, ct).ConfigureAwait(false);
        if (!body.IsSuccess) return Problems.For(body.Error!);
        using var doc = body.Value!;
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return Problems.For(new Error("MALFORMED_REQUEST", 400, "The body must be one event object."));
        var raw = EventParsing.Ours(doc.RootElement, null);
        raw = raw with { EventId = raw.EventId ?? Ids.New("evt", time) };
        var result = await ingestion.IngestAsync([raw], Caller(http.User), ct).ConfigureAwait(false);
        if (result.Rejected is [var rejected]) return Problems.For(new Error(rejected.Code, 422, rejected.Reason));
        return TypedResults.Accepted((string?)null, new EventAccepted(result.Quarantined > 0 ? null : raw.EventId, result.Quarantined > 0));
    }

    private static async Task<Results<Ok<BatchResult>, ProblemHttpResult>> TrackBatch(HttpContext http, IngestionService ingestion, CancellationToken ct)
    {
        var body = await ReadJsonAsync(http, IngestionService.MaxRequestBytes, ct).ConfigureAwait(false);
        if (!body.IsSuccess) return Problems.For(body.Error!);
        using var doc = body.Value!;
        var root = doc.RootElement;
        string? sentAt = null;
        if (root.ValueKind == JsonValueKind.Object)
        {
            sentAt = EventParsing.Str(root, "sentAt");
            if (!root.TryGetProperty("events", out root)) return Problems.For(new Error("MALFORMED_REQUEST", 400, "Send {\"events\": [...]} or a JSON array of events."));
        }

        if (root.ValueKind != JsonValueKind.Array) return Problems.For(new Error("MALFORMED_REQUEST", 400, "events must be a JSON array."));
        var count = root.GetArrayLength();
        if (count > IngestionService.MaxEvents) return Problems.For(new Error("BATCH_TOO_LARGE", 413, $"A batch holds at most {IngestionService.MaxEvents} events; this one has {count}."));
        var raw = new List<RawEvent>(count);
        foreach (var e in root.EnumerateArray()) raw.Add(EventParsing.Ours(e, sentAt));
        return TypedResults.Ok(await ingestion.IngestAsync(raw, Caller(http.User), ct).ConfigureAwait(false));
    }

    private static async Task<Results<Ok<SegmentResponse>, ProblemHttpResult>> SegmentAsync(HttpContext http, IngestionService ingestion, string? type, CancellationToken ct)
    {
        var body = await ReadJsonAsync(http, type is null ? IngestionService.MaxRequestBytes : IngestionService.MaxEventBytes, ct, anyContentType: true).ConfigureAwait(false);
        if (!body.IsSuccess) return Problems.For(body.Error!);
        using var doc = body.Value!;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return Problems.For(new Error("MALFORMED_REQUEST", 400, "The body must be a JSON object."));
        var items = new List<(JsonElement Item, string Type)>();
        string? sentAt = EventParsing.Str(root, "sentAt");
        if (type is null)
        {
            if (!root.TryGetProperty("batch", out var batch) || batch.ValueKind != JsonValueKind.Array) return Problems.For(new Error("MALFORMED_REQUEST", 400, "batch must be a JSON array."));
            if (batch.GetArrayLength() > IngestionService.MaxEvents) return Problems.For(new Error("BATCH_TOO_LARGE", 413, $"A batch holds at most {IngestionService.MaxEvents} calls."));
            foreach (var item in batch.EnumerateArray())
            {
                items.Add((item, EventParsing.Str(item, "type") ?? ""));
            }
        }
        else
        {
            items.Add((root, type));
        }

        var raw = new List<RawEvent>(items.Count);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var (item, itemType) in items) raw.Add(EventParsing.Segment(item, itemType, sentAt, now));

        // A single call that breaks Segment's spec (an alias without previousId, a group without groupId) is a 400 with
        // the reason, as Segment answers it; inside a batch it is one rejected entry and the others are stored.
        if (type is not null && raw[0].Problem is { } problem) return Problems.For(new Error("MALFORMED_REQUEST", 400, problem));
        var result = await ingestion.IngestAsync(raw, Caller(http.User), ct).ConfigureAwait(false);
        return TypedResults.Ok(new SegmentResponse(true, result.Accepted, result.Quarantined, result.Rejected));
    }

    private static IngestCaller Caller(ClaimsPrincipal user)
    {
        if (user.FindFirst(WriteKeyAuthenticationHandler.KeyIdClaim)?.Value is { } keyId)
        {
            var policy = Enum.Parse<CatalogPolicy>(user.FindFirst("write_key_policy")?.Value ?? "Reject", true);
            return new IngestCaller(null, "source", new WriteKeySource(keyId, user.Identity?.Name ?? "", policy));
        }

        var roles = user.Roles();
        return new IngestCaller(user.FindFirst(EcosystemClaims.UserEcosystemId)?.Value, roles.Contains(Roles.Admin) ? Roles.Admin : roles.FirstOrDefault() ?? Roles.User, null);
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes of JSON; more is 413, invalid JSON is 400.</summary>
    /// <summary>
    /// Reads the body into one pooled buffer (sized from Content-Length when the client sends it) and parses it in
    /// place. Batches are up to 500 KB: a growing MemoryStream allocated several large-object-heap arrays per request.
    /// </summary>
    private static async Task<Result<PooledJson>> ReadJsonAsync(HttpContext http, int limit, CancellationToken ct, bool anyContentType = false)
    {
        if (http.Request.ContentLength > limit) return new Error("PAYLOAD_TOO_LARGE", 413, $"The body is larger than {limit / 1024} KB.");
        // The Segment-compatible API (anyContentType) reads the body as JSON whatever its content type says: RudderStack's
        // Node SDK posts its gzip batches through axios, whose default for a byte body is application/x-www-form-urlencoded
        // (found with the real SDK, tests/Ecosystem.EndToEnd/SdkCompatibilityTests); a body that is not JSON is a 400.
        var type = http.Request.ContentType;
        var json = type is not null && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));
        if (!anyContentType && !json) return new Error("UNSUPPORTED_MEDIA_TYPE", 415, "Send Content-Type: application/json.");

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1L, http.Request.ContentLength ?? 16 * 1024) + 1);
        var length = 0;
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length > limit) return new Error("PAYLOAD_TOO_LARGE", 413, $"The body is larger than {limit / 1024} KB.");
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            var doc = JsonDocument.Parse(buffer.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 32 });
            var result = new PooledJson(doc, buffer);
            buffer = null;
            return result;
        }
        catch (JsonException ex)
        {
            return new Error("MALFORMED_REQUEST", 400, "The body is not valid JSON: " + ex.Message);
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A parsed body and the pooled buffer it points into; both are released together.</summary>
    private sealed class PooledJson(JsonDocument document, byte[] buffer) : IDisposable
    {
        public JsonElement RootElement => document.RootElement;

        public void Dispose()
        {
            document.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
