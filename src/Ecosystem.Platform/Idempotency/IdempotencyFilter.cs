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
        builder.WithMetadata(IdempotentEndpoint.Instance).AddEndpointFilter(async (context, next) =>
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
            // or none is, so a crash can never leave a key that is claimed but unanswered (ADR 0005, ADR 0011). The
            // key is written once, with its answer, as the unit's last write (on PostgreSQL in the COMMIT's round
            // trip, ADR 0018). A key somebody else already holds fails that insert on the primary key, which undoes
            // the unit (this request's writes too); the stored record is then read and answers.
            async Task<IdempotencyRecord?> ReadStoredAsync() =>
                (await transactions.RunAsync<IdempotencyRecord?>(async ct =>
                    await LookUpAsync(scope, key, time.UtcNowStored(), beforeHandler: false, ct).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)).Value;

            for (var attempt = 0; ; attempt++)
            {
                object? response = null;
                IdempotencyRecord? stored = null;
                try
                {
                    await transactions.RunAsync<bool>(async ct =>
                    {
                        var now = time.UtcNowStored();
                        stored = await LookUpAsync(scope, key, now, beforeHandler: true, ct).ConfigureAwait(false);
                        if (stored is not null) return true;

                        response = await next(context).ConfigureAwait(false);
                        var inner = response is INestedHttpResult nested ? nested.Result : response;
                        var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? 200;
                        if (status >= 500) return ServerFailure; // undoes the handler's writes: the key stays free

                        var value = (inner as IValueHttpResult)?.Value;
                        var contentType = (inner as IContentTypeHttpResult)?.ContentType ?? "application/json";
                        var body = value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), Json.Options);
                        var sql = UnitSql.Current;
                        await sql.WriteWithCommitAsync([new SqlStatement(
                            $"INSERT INTO {sql.Table("platform", "idempotency_keys")} (scope, key, request_hash, state, created_at, expires_at, response_status, response_content_type, response_body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            scope, key, hash, Completed, now, now + Retention, status, contentType, body)], ct).ConfigureAwait(false);
                        return true;
                    }, http.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception ex) when (attempt < 3 && ex is not OperationCanceledException)
                {
                    // The key was taken meanwhile (PostgreSQL, where nothing is looked up first), or an expired record
                    // held it; or the attempt failed some other way, possibly because a concurrent request with the
                    // same key did the same thing first (a unique index of the handler's own). Either way the key may
                    // hold an answer now: answer from it. An expired record is dropped and the request runs again.
                    stored = await ReadStoredAsync().ConfigureAwait(false);
                    if (stored is null && IsKeyTaken(ex)) continue;
                    if (stored is null) throw;
                }

                // A server failure leaves the key free, unless a concurrent request answered it meanwhile.
                if (stored is null && attempt < 3 && IsServerFailure(response)) stored = await ReadStoredAsync().ConfigureAwait(false);
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
            }
        });

    // The states as stored (EF's lower-case enum convention, Naming.ApplyConventions).
    private static readonly string Completed = IdempotencyState.Completed.ToString().ToLowerInvariant();

    private static readonly Error ServerFailure = new("IDEMPOTENT_REQUEST_FAILED", 500, "The request failed; its Idempotency-Key stays free.");

    /// <summary>
    /// The live record holding this key, or null when it is free; an expired one is deleted (it no longer holds the
    /// key). On SQLite units run one at a time in the writer loop, so the answer holds until the unit's own insert, and
    /// the look-up costs no round trip. On PostgreSQL the look-up is skipped before the handler (it would cost a round
    /// trip on every request, and could not stop a concurrent request anyway): the primary key decides, and this runs
    /// only after the insert found the key taken.
    /// </summary>
    private static async Task<IdempotencyRecord?> LookUpAsync(string scope, string key, DateTimeOffset now, bool beforeHandler, CancellationToken ct)
    {
        var sql = UnitSql.Current;
        if (beforeHandler && sql.Provider == DatabaseProvider.Postgres) return null;
        var table = sql.Table("platform", "idempotency_keys");
        var existing = await sql.QuerySingleAsync(new SqlStatement(
            $"SELECT request_hash, state, response_status, response_content_type, response_body, expires_at FROM {table} WHERE scope = $1 AND key = $2",
            scope, key), r => new IdempotencyRecord
            {
                Scope = scope,
                Key = key,
                RequestHash = r.GetString(0),
                State = r.GetString(1) == Completed ? IdempotencyState.Completed : IdempotencyState.InFlight,
                ResponseStatus = r.IsDBNull(2) ? null : (int)r.GetInt64(2),
                ResponseContentType = r.IsDBNull(3) ? null : r.GetString(3),
                ResponseBody = r.IsDBNull(4) ? null : r.GetString(4),
                ExpiresAt = r.GetTime(5),
            }, ct).ConfigureAwait(false);
        if (existing is null || existing.ExpiresAt >= now) return existing;
        await sql.ExecuteTechnicalAsync([new SqlStatement($"DELETE FROM {table} WHERE scope = $1 AND key = $2 AND expires_at < $3", scope, key, now)], ct).ConfigureAwait(false);
        return null;
    }

    private static bool IsServerFailure(object? response) =>
        ((response is INestedHttpResult nested ? nested.Result : response) as IStatusCodeHttpResult)?.StatusCode >= 500;

    /// <summary>The key's insert found it held: PostgreSQL's or SQLite's primary-key violation on the keys table.</summary>
    private static bool IsKeyTaken(Exception ex) => ex switch
    {
        InvalidOperationException { InnerException: { } inner } => IsKeyTaken(inner),
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && pg.ConstraintName == "pk_idempotency_keys",
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains("platform_idempotency_keys.", StringComparison.Ordinal),
        _ => false,
    };

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
