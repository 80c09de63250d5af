using System.Text;
using System.Text.Json;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// The one webhook inbox (ADR 0021). A request is verified on its exact bytes, stored (the raw body with the provider's
/// event id, unique per provider), and then handed to every module that subscribed to its type. Each subscriber runs
/// in a unit of work that also records that it handled the delivery, so its effect happens once whatever arrives:
/// a redelivery is the same row, and a replay or a retry skips the subscribers already done. A delivery is claimed with
/// a lease (a conditional update), so the request, the retry worker and other instances never run it at once. A failure
/// is retried with backoff; after <see cref="MaxAttempts"/> the delivery is dead until an operator replays it.
/// </summary>
public sealed partial class WebhookInbox(
    PlatformDbContext db, Transactions transactions, WebhookVerifiers verifiers, IEnumerable<WebhookSubscription> subscriptions,
    IServiceScopeFactory scopes, OperationContext op, TimeProvider time, ILogger<WebhookInbox> logger)
{
    public const int MaxAttempts = 8;
    public const int MaxBodyBytes = 512 * 1024;
    internal static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    public static readonly Error UnknownProvider = Error.NotFound("WEBHOOK_PROVIDER_UNKNOWN", "No webhook provider of that name is configured here.");
    public static readonly Error NotFound = Error.NotFound("WEBHOOK_DELIVERY_NOT_FOUND", "There is no such webhook delivery.");
    public static readonly Error NotReplayable = Error.Conflict("WEBHOOK_NOT_REPLAYABLE", "This delivery cannot be replayed: it was refused (its signature did not check out) or it is being processed right now.");

    /// <summary>Verifies, stores and processes one request. A duplicate answers the first delivery; a refusal is 400 and is kept (without its body) for the admin list.</summary>
    public async Task<Result<WebhookDeliveryView>> ReceiveAsync(string provider, byte[] body, IHeaderDictionary headers, CancellationToken ct)
    {
        if (verifiers.Find(provider) is not { } verifier) return UnknownProvider;
        var verification = verifier.Verify(new WebhookRequest(body, headers));
        var now = time.UtcNowStored();
        var contentType = headers.ContentType.ToString() is { Length: > 0 and <= 100 } type ? type : null;
        if (!verification.IsValid)
        {
            await transactions.WriteBookkeepingAsync(db, async c =>
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    Id = Ids.New("whk", time), Provider = provider, Status = WebhookStatus.Rejected, ReceivedAt = now, ContentType = contentType,
                    BodySize = body.Length, NextAttemptAt = now, LastError = Truncate(verification.Reason, 1000),
                });
                return await db.SaveChangesAsync(c).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
            LogRejected(logger, provider, verification.FailureCode!);
            return new Error(verification.FailureCode!, 400, verification.Reason!);
        }

        var eventId = Truncate(verification.EventId, 200)!;
        var delivery = new WebhookDelivery
        {
            Id = Ids.New("whk", time), Provider = provider, EventId = eventId, EventType = Truncate(verification.EventType, 200), Status = WebhookStatus.Pending,
            ReceivedAt = now, ContentType = contentType, Body = body, BodySize = body.Length,
            // The request processes it at once; the retry worker takes it only if that never finishes.
            NextAttemptAt = now + Lease,
        };
        string? earlier;
        try
        {
            earlier = await StoreOnceAsync(delivery, ct).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // PostgreSQL: the same event arrived at the same moment and the other request stored it first.
            db.ChangeTracker.Clear();
            earlier = await StoreOnceAsync(delivery, ct).ConfigureAwait(false) ?? throw new InvalidOperationException("A webhook delivery vanished after a unique-key conflict.");
        }

        if (earlier is not null)
        {
            var seen = await ViewAsync(earlier, withBody: false, ct).ConfigureAwait(false);
            return seen.IsSuccess ? seen.Value! with { Duplicate = true } : seen;
        }

        db.ChangeTracker.Clear();
        LogReceived(logger, provider, delivery.EventType ?? "(none)", delivery.Id);
        return await ProcessAsync(delivery.Id, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A delivery from inside the product (the simulated gateway's events): added to the caller's unit of work, so it is
    /// stored with the state change it reports; the caller runs <see cref="ProcessAsync"/> after the commit (or the retry
    /// worker does). Returns its id.
    /// </summary>
    public string Stage(string provider, string eventId, string eventType, byte[] body)
    {
        var now = time.UtcNowStored();
        var delivery = new WebhookDelivery
        {
            Id = Ids.New("whk", time), Provider = provider, EventId = eventId, EventType = eventType, Status = WebhookStatus.Pending, ReceivedAt = now,
            ContentType = "application/json", Body = body, BodySize = body.Length, NextAttemptAt = now + Lease,
        };
        db.WebhookDeliveries.Add(delivery);
        return delivery.Id;
    }

    /// <summary>Runs the delivery's subscribers if it is due and nobody else holds it; answers its state afterwards.</summary>
    public async Task<Result<WebhookDeliveryView>> ProcessAsync(string id, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var lease = Ids.New("lse", time);
        var until = now + Lease;
        var claimed = await transactions.WriteBookkeepingAsync(db, c => db.WebhookDeliveries
            .Where(d => d.Id == id && (d.Status == WebhookStatus.Pending || d.Status == WebhookStatus.Failed) && (d.LockedUntil == null || d.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LockedBy, lease).SetProperty(d => d.LockedUntil, until).SetProperty(d => d.Attempts, d => d.Attempts + 1), c), ct).ConfigureAwait(false);
        if (claimed == 0) return await ViewAsync(id, withBody: false, ct).ConfigureAwait(false);

        var delivery = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.Id == id, ct).ConfigureAwait(false);
        using var payload = Signatures.JsonObject(delivery.Body ?? []);
        var webhookEvent = new WebhookEvent(delivery.Id, delivery.Provider, delivery.EventId!, delivery.EventType, delivery.ReceivedAt, payload?.RootElement ?? default);
        var matching = subscriptions.Where(s => s.Matches(delivery.Provider, delivery.EventType)).ToList();
        var outcomes = new List<string>();
        string? error = null;
        foreach (var subscription in matching)
        {
            try
            {
                var handled = await HandleAsync(subscription, webhookEvent, ct).ConfigureAwait(false);
                if (!handled.IsSuccess)
                {
                    error = $"{subscription.Name}: {handled.Error!.Message} ({handled.Error.Code})";
                    break;
                }

                outcomes.Add(handled.Value!);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogHandlerFailed(logger, ex, subscription.Name, delivery.Id);
                error = $"{subscription.Name}: {ex.GetType().Name}: {ex.Message}";
                db.ChangeTracker.Clear();
                break;
            }
        }

        var done = time.UtcNowStored();
        var attempts = delivery.Attempts;
        var status = error is null ? (matching.Count == 0 ? WebhookStatus.Ignored : WebhookStatus.Processed) : attempts >= MaxAttempts ? WebhookStatus.Dead : WebhookStatus.Failed;
        var outcome = Truncate(matching.Count == 0 ? "No module subscribes to this event type." : string.Join("; ", outcomes), 1000);
        error = Truncate(error, 1000);
        await transactions.WriteBookkeepingAsync(db, c => db.WebhookDeliveries
            .Where(d => d.Id == id && d.LockedBy == lease)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.ProcessedAt, error == null ? done : null)
                .SetProperty(d => d.Outcome, outcome)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.NextAttemptAt, done + Backoff(attempts))
                .SetProperty(d => d.LockedBy, (string?)null)
                .SetProperty(d => d.LockedUntil, (DateTimeOffset?)null), c), CancellationToken.None).ConfigureAwait(false);
        if (error is not null) LogFailed(logger, delivery.Provider, delivery.Id, attempts, status);
        return await ViewAsync(id, withBody: false, ct).ConfigureAwait(false);
    }

    /// <summary>Due deliveries (new ones whose request never finished, failed ones whose backoff is over), each claimed and processed.</summary>
    public async Task<int> ProcessDueAsync(int limit, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => (d.Status == WebhookStatus.Pending || d.Status == WebhookStatus.Failed) && d.NextAttemptAt <= now && (d.LockedUntil == null || d.LockedUntil < now))
            .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(limit).ToListAsync(ct).ConfigureAwait(false);
        foreach (var id in due) await ProcessAsync(id, ct).ConfigureAwait(false);
        return due.Count;
    }

    /// <summary>An operator runs a delivery again: subscribers that already had their effect are skipped, the others run.</summary>
    public async Task<Result<WebhookDeliveryView>> ReplayAsync(string id, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var replayable = new[] { WebhookStatus.Processed, WebhookStatus.Ignored, WebhookStatus.Failed, WebhookStatus.Dead };
        var reset = await transactions.RunAsync<bool>(db, async c =>
        {
            var delivery = await db.WebhookDeliveries.AsNoTracking().Where(d => d.Id == id).Select(d => new { d.Status, d.EventId, d.Provider }).SingleOrDefaultAsync(c).ConfigureAwait(false);
            if (delivery is null) return NotFound;
            var changed = await db.WebhookDeliveries
                .Where(d => d.Id == id && replayable.Contains(d.Status) && (d.LockedUntil == null || d.LockedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookStatus.Pending).SetProperty(d => d.NextAttemptAt, now + Lease).SetProperty(d => d.LastError, (string?)null), c).ConfigureAwait(false);
            if (changed == 0) return NotReplayable;
            db.AuditLog.Add(AuditEntry.Create(op, time, "platform.webhook.replayed", "webhook-delivery", id, new { status = delivery.Status }, new { status = WebhookStatus.Pending, delivery.Provider, delivery.EventId }));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        if (!reset.IsSuccess) return reset.Error!;
        db.ChangeTracker.Clear();
        return await ProcessAsync(id, ct).ConfigureAwait(false);
    }

    public async Task<Result<Page<WebhookDeliveryView>>> ListAsync(string? provider, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        if (status is not null && !WebhookStatus.All.Contains(status))
        {
            return Error.Validation(new Dictionary<string, string[]> { ["status"] = [$"Choose one of: {string.Join(", ", WebhookStatus.All)}."] });
        }

        var (take, after) = paging.Value;
        var query = db.WebhookDeliveries.AsNoTracking();
        if (!string.IsNullOrEmpty(provider)) query = query.Where(d => d.Provider == provider);
        if (status is not null) query = query.Where(d => d.Status == status);
        if (after is not null) query = query.Where(d => string.Compare(d.Id, after) < 0);
        var rows = await query.OrderByDescending(d => d.Id).Take(take + 1)
            .Select(d => new WebhookDeliveryView(d.Id, d.Provider, d.EventId, d.EventType, d.Status, d.ReceivedAt, d.Attempts, d.Redeliveries,
                d.Status == WebhookStatus.Failed ? d.NextAttemptAt : null, d.ProcessedAt, d.Outcome, d.LastError, d.BodySize, null))
            .ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, d => d.Id, d => d);
    }

    public async Task<Result<WebhookDeliveryView>> ViewAsync(string id, bool withBody, CancellationToken ct)
    {
        var d = await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct).ConfigureAwait(false);
        if (d is null) return NotFound;
        return new WebhookDeliveryView(d.Id, d.Provider, d.EventId, d.EventType, d.Status, d.ReceivedAt, d.Attempts, d.Redeliveries,
            d.Status == WebhookStatus.Failed ? d.NextAttemptAt : null, d.ProcessedAt, d.Outcome, d.LastError, d.BodySize, withBody ? BodyText(d.Body) : null);
    }

    /// <summary>30 s, 1 min, 2 min … capped at an hour: eight attempts span about an hour and a half.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Math.Clamp(attempts - 1, 0, 16))));

    private async Task<Result<string>> HandleAsync(WebhookSubscription subscription, WebhookEvent webhookEvent, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handlerOp = scope.ServiceProvider.GetRequiredService<OperationContext>();
        handlerOp.ActorId = "webhook:" + webhookEvent.Provider;
        handlerOp.ActorRole = "system";
        handlerOp.Channel = "webhook";
        var handler = (IWebhookHandler)scope.ServiceProvider.GetRequiredService(subscription.HandlerType);
        return await transactions.RunAsync<string>(db, async c =>
        {
            var earlier = await db.WebhookHandled.AsNoTracking().Where(h => h.DeliveryId == webhookEvent.DeliveryId && h.Handler == subscription.Name)
                .Select(h => new { h.Outcome }).SingleOrDefaultAsync(c).ConfigureAwait(false);
            if (earlier is not null) return (earlier.Outcome ?? "done") + " (already applied)";
            var result = await handler.HandleAsync(webhookEvent, c).ConfigureAwait(false);
            if (!result.IsSuccess) return result.Error!;
            db.WebhookHandled.Add(new WebhookHandled { DeliveryId = webhookEvent.DeliveryId, Handler = subscription.Name, HandledAt = time.UtcNowStored(), Outcome = Truncate(result.Value, 500) });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return result.Value!;
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores the delivery unless its event is already here, in one unit (on SQLite it sees a concurrent request's row
    /// in the same write group); for a redelivery it counts it and answers the first delivery's id.
    /// </summary>
    private Task<string?> StoreOnceAsync(WebhookDelivery delivery, CancellationToken ct) =>
        transactions.WriteBookkeepingAsync(db, async c =>
        {
            var id = await db.WebhookDeliveries.Where(d => d.Provider == delivery.Provider && d.EventId == delivery.EventId).Select(d => d.Id).SingleOrDefaultAsync(c).ConfigureAwait(false);
            if (id is not null)
            {
                await db.WebhookDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Redeliveries, d => d.Redeliveries + 1), c).ConfigureAwait(false);
                return id;
            }

            db.WebhookDeliveries.Add(delivery);
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return (string?)null;
        }, ct);

    private static string? BodyText(byte[]? body)
    {
        if (body is null) return null;
        try
        {
            var text = new UTF8Encoding(false, true).GetString(body);
            using var doc = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(doc.RootElement, IndentedJson);
        }
        catch (Exception ex) when (ex is JsonException or DecoderFallbackException or ArgumentException)
        {
            return body.Length == 0 ? "" : "(" + body.Length + " bytes that are not JSON text)";
        }
    }

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook from {Provider} received: {EventType}, delivery {DeliveryId}")]
    private static partial void LogReceived(ILogger logger, string provider, string eventType, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook from {Provider} refused: {Code}")]
    private static partial void LogRejected(ILogger logger, string provider, string code);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook subscriber {Handler} failed on delivery {DeliveryId}")]
    private static partial void LogHandlerFailed(ILogger logger, Exception ex, string handler, string deliveryId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} from {Provider} failed on attempt {Attempts}: now {Status}")]
    private static partial void LogFailed(ILogger logger, string provider, string deliveryId, int attempts, string status);
}
