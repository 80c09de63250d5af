using System.Security.Cryptography;
using System.Text.Json;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Platform.Idempotency;

/// <summary>
/// Stripe's semantics for <c>Idempotency-Key</c>: the first response (2xx or 4xx) is stored for 24 hours and replayed
/// for the same key; the same key with a different body is 422 <c>IDEMPOTENCY_KEY_REUSED</c>; while the first request
/// is still running, 409 <c>IDEMPOTENCY_REQUEST_IN_PROGRESS</c>. A 5xx or an exception frees the key for a retry.
/// Keys are scoped to the caller and the endpoint.
/// </summary>
public static class IdempotencyExtensions
{
    public const string Header = "Idempotency-Key";
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!http.Request.Headers.TryGetValue(Header, out var values)) return await next(context).ConfigureAwait(false);
            var key = values.ToString();
            if (key.Length is 0 or > 255 || key.Any(char.IsControl))
            {
                return Problems.For(new Error("IDEMPOTENCY_KEY_INVALID", 400, "Idempotency-Key must be 1 to 255 printable characters."));
            }

            var services = http.RequestServices;
            var time = services.GetRequiredService<TimeProvider>();
            var transactions = services.GetRequiredService<Transactions>();
            var op = services.GetRequiredService<OperationContext>();
            var endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
            var scope = $"{op.ActorId} {http.Request.Method} {endpoint}";
            var hash = await HashRequestAsync(http).ConfigureAwait(false);

            // The key, the handler's writes and the stored response are one unit of work: all of them are durable
            // or none is, so a crash can never leave a key that is claimed but unanswered (ADR 0005, ADR 0011).
            // A concurrent request with the same key waits for the first one's unit (SQLite: the writer's turn;
            // PostgreSQL: the primary key's lock) and then finds its record.
            object? response = null;
            IdempotencyRecord? stored = null;
            await transactions.RunAsync<bool>(async ct =>
            {
                var now = time.UtcNowStored();
                var claim = new IdempotencyRecord
                {
                    Scope = scope, Key = key, RequestHash = hash, State = IdempotencyState.InFlight, CreatedAt = now, ExpiresAt = now + Retention,
                };
                stored = await ClaimAsync(claim, ct).ConfigureAwait(false);
                if (stored is not null) return true;

                response = await next(context).ConfigureAwait(false);
                var inner = response is INestedHttpResult nested ? nested.Result : response;
                var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? 200;
                if (status >= 500) return ServerFailure; // undoes the claim and the handler's writes: the key stays free

                var value = (inner as IValueHttpResult)?.Value;
                var contentType = (inner as IContentTypeHttpResult)?.ContentType ?? "application/json";
                var body = value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), Json.Options);
                var sql = UnitSql.Current;
                var table = sql.Table("platform", "idempotency_keys");
                await sql.ExecuteTechnicalAsync([sql.Provider == DatabaseProvider.Postgres
                    ? new SqlStatement(
                        $"UPDATE {table} SET state = $6, response_status = $1, response_content_type = $2, response_body = $3 WHERE scope = $4 AND key = $5",
                        status, contentType, body, scope, key, Completed)
                    : new SqlStatement(
                        $"INSERT INTO {table} (scope, key, request_hash, state, created_at, expires_at, response_status, response_content_type, response_body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        scope, key, hash, Completed, claim.CreatedAt, claim.ExpiresAt, status, contentType, body)], ct).ConfigureAwait(false);
                return true;
            }, http.RequestAborted).ConfigureAwait(false);

            if (stored is null) return response;
            if (stored.RequestHash != hash)
            {
                return Problems.For(Error.Unprocessable("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request body."));
            }

            if (stored.State == IdempotencyState.InFlight)
            {
                // Only records written before ADR 0011 can be in flight: they expire after 24 hours.
                return Problems.For(Error.Conflict("IDEMPOTENCY_REQUEST_IN_PROGRESS", "A request with this Idempotency-Key is still being processed; retry later."));
            }

            http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Text(stored.ResponseBody ?? "", stored.ResponseContentType ?? "application/json", statusCode: stored.ResponseStatus);
        });

    // The states as stored (EF's lower-case enum convention, Naming.ApplyConventions).
    private static readonly string InFlight = IdempotencyState.InFlight.ToString().ToLowerInvariant();
    private static readonly string Completed = IdempotencyState.Completed.ToString().ToLowerInvariant();

    private static readonly Error ServerFailure = new("IDEMPOTENT_REQUEST_FAILED", 500, "The request failed; its Idempotency-Key stays free.");

    /// <summary>
    /// Claims the key for this request. Returns null when it is ours, or the record that already holds it (an expired
    /// one is replaced).
    /// <list type="bullet">
    /// <item>PostgreSQL: the claim is inserted first (<c>ON CONFLICT DO NOTHING</c>), so a concurrent request with the
    /// same key waits on its primary key until this unit ends; the answer is stored by an update.</item>
    /// <item>SQLite: units run one at a time in the writer loop, so a look-up is enough, and the record is inserted
    /// once, with its answer, at the end of the unit (one write instead of two).</item>
    /// </list>
    /// </summary>
    private static async Task<IdempotencyRecord?> ClaimAsync(IdempotencyRecord claim, CancellationToken ct)
    {
        var sql = UnitSql.Current;
        var table = sql.Table("platform", "idempotency_keys");
        var pg = sql.Provider == DatabaseProvider.Postgres;
        for (var attempt = 0; ; attempt++)
        {
            if (pg)
            {
                var inserted = await sql.ExecuteTechnicalAsync([new SqlStatement(
                    $"INSERT INTO {table} (scope, key, request_hash, state, created_at, expires_at) VALUES ($1, $2, $3, $6, $4, $5) ON CONFLICT (scope, key) DO NOTHING",
                    claim.Scope, claim.Key, claim.RequestHash, claim.CreatedAt, claim.ExpiresAt, InFlight)], ct).ConfigureAwait(false);
                if (inserted[0] == 1) return null;
            }

            var existing = await sql.QuerySingleAsync(new SqlStatement(
                $"SELECT request_hash, state, response_status, response_content_type, response_body, expires_at FROM {table} WHERE scope = $1 AND key = $2",
                claim.Scope, claim.Key), r => new IdempotencyRecord
                {
                    Scope = claim.Scope,
                    Key = claim.Key,
                    RequestHash = r.GetString(0),
                    State = r.GetString(1) == Completed ? IdempotencyState.Completed : IdempotencyState.InFlight,
                    ResponseStatus = r.IsDBNull(2) ? null : (int)r.GetInt64(2),
                    ResponseContentType = r.IsDBNull(3) ? null : r.GetString(3),
                    ResponseBody = r.IsDBNull(4) ? null : r.GetString(4),
                    ExpiresAt = r.GetTime(5),
                }, ct).ConfigureAwait(false);
            if (existing is null)
            {
                if (!pg) return null; // free: the answer's insert claims it
                if (attempt < 3) continue; // PostgreSQL: the conflicting claim was rolled back meanwhile; insert again
                throw new InvalidOperationException("The Idempotency-Key could not be claimed.");
            }

            if (existing.ExpiresAt >= claim.CreatedAt || attempt > 0) return existing;
            await sql.ExecuteTechnicalAsync([new SqlStatement($"DELETE FROM {table} WHERE scope = $1 AND key = $2 AND expires_at < $3", claim.Scope, claim.Key, claim.CreatedAt)], ct).ConfigureAwait(false);
        }
    }

    private static async Task<string> HashRequestAsync(HttpContext http)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(http.Request.Method + " " + http.Request.Path + http.Request.QueryString + "\n"));
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
            var buffer = new byte[8192];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, http.RequestAborted).ConfigureAwait(false)) > 0) sha.AppendData(buffer, 0, read);
            http.Request.Body.Position = 0;
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
