using System.Security.Cryptography;
using System.Text.Json;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
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
            var db = services.GetRequiredService<PlatformDbContext>();
            var time = services.GetRequiredService<TimeProvider>();
            var gate = services.GetRequiredService<WriteGate>();
            var op = services.GetRequiredService<OperationContext>();
            var endpoint = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
            var scope = $"{op.ActorId} {http.Request.Method} {endpoint}";
            var hash = await HashRequestAsync(http).ConfigureAwait(false);
            var now = time.UtcNowStored();

            var record = new IdempotencyRecord
            {
                Scope = scope, Key = key, RequestHash = hash, State = IdempotencyState.InFlight, CreatedAt = now, ExpiresAt = now + Retention,
            };
            IdempotencyRecord? existing = null;
            using (await gate.EnterAsync(http.RequestAborted).ConfigureAwait(false))
            {
                // An expired record is replaced; otherwise the first insert wins and later ones read it back.
                await db.IdempotencyKeys.Where(r => r.Scope == scope && r.Key == key && r.ExpiresAt < now).ExecuteDeleteAsync(http.RequestAborted).ConfigureAwait(false);
                db.IdempotencyKeys.Add(record);
                try
                {
                    await db.SaveChangesAsync(http.RequestAborted).ConfigureAwait(false);
                }
                catch (DbUpdateException)
                {
                    db.ChangeTracker.Clear();
                    existing = await db.IdempotencyKeys.AsNoTracking().SingleOrDefaultAsync(r => r.Scope == scope && r.Key == key, http.RequestAborted).ConfigureAwait(false);
                    if (existing is null) throw;
                }
            }

            if (existing is not null)
            {
                if (existing.RequestHash != hash)
                {
                    return Problems.For(Error.Unprocessable("IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was already used with a different request body."));
                }

                if (existing.State == IdempotencyState.InFlight)
                {
                    return Problems.For(Error.Conflict("IDEMPOTENCY_REQUEST_IN_PROGRESS", "A request with this Idempotency-Key is still being processed; retry later."));
                }

                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Text(existing.ResponseBody ?? "", existing.ResponseContentType ?? "application/json", statusCode: existing.ResponseStatus);
            }

            object? result;
            try
            {
                result = await next(context).ConfigureAwait(false);
            }
            catch
            {
                await ReleaseAsync(db, gate, record).ConfigureAwait(false);
                throw;
            }

            var inner = result is INestedHttpResult nested ? nested.Result : result;
            var status = (inner as IStatusCodeHttpResult)?.StatusCode ?? 200;
            if (status >= 500)
            {
                await ReleaseAsync(db, gate, record).ConfigureAwait(false);
                return result;
            }

            var value = (inner as IValueHttpResult)?.Value;
            record.State = IdempotencyState.Completed;
            record.ResponseStatus = status;
            record.ResponseContentType = (inner as IContentTypeHttpResult)?.ContentType ?? "application/json";
            record.ResponseBody = value is null ? "" : JsonSerializer.Serialize(value, value.GetType(), Json.Options);
            using (await gate.EnterAsync(CancellationToken.None).ConfigureAwait(false))
            {
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return result;
        });

    private static async Task ReleaseAsync(PlatformDbContext db, WriteGate gate, IdempotencyRecord record)
    {
        using (await gate.EnterAsync(CancellationToken.None).ConfigureAwait(false))
        {
            db.IdempotencyKeys.Remove(record);
            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
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
