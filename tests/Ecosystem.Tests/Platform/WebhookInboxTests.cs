using System.Net;
using System.Text;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Webhooks;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Platform;

/// <summary>
/// The shared webhook inbox with a module subscribed to a Standard Webhooks provider ("acme"): whatever arrives —
/// the same event ten times at once, a forged or stale one, a replay, a failing subscriber — the effect happens once.
/// </summary>
public abstract class WebhookInboxTests(Db db) : AppTest(db)
{
    private static readonly string Secret = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("acme-endpoint-secret-24b"));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db,
        settings: new() { ["Webhooks:Hmac:acme:Secrets:0"] = Secret },
        services: s =>
        {
            s.AddSingleton<SubscriberSwitch>();
            s.AddModule("hooktest", typeof(WebhookInboxTests)).WebhookHandler<OrderPaidHandler>("acme", "order.paid");
        });

    private SubscriberSwitch Switch => App.Services.GetRequiredService<SubscriberSwitch>();

    private Task<HttpResponseMessage> SendAsync(string id, string body, DateTimeOffset? signedAt = null, string? secret = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/acme") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in HmacWebhookVerifier.CreateHeaders(id, (signedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(), bytes, secret ?? Secret))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return App.CreateClient().SendAsync(request);
    }

    private async Task<int> EffectsAsync(string eventId)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().AuditLog.CountAsync(a => a.Action == "test.order.paid" && a.TargetId == eventId);
    }

    [Fact]
    public async Task The_same_event_delivered_ten_times_at_once_has_one_effect()
    {
        const string body = """{"type":"order.paid","data":{"order":"o_1"}}""";
        var responses = await Concurrency.RunParallelAsync(10, _ => SendAsync("msg_parallel", body));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var answers = await Task.WhenAll(responses.Select(r => r.Json()));
        Assert.Single(answers, a => !a.GetProperty("duplicate").GetBoolean());
        Assert.Single(answers.Select(a => a.GetProperty("id").GetString()).Distinct());
        Assert.Equal(1, await EffectsAsync("msg_parallel"));

        var admin = await App.AdminAsync();
        var listed = await (await admin.GetAsync("/api/admin/webhooks?provider=acme")).Json();
        var delivery = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(("processed", "order.paid", 1, 9), (delivery.GetProperty("status").GetString(), delivery.GetProperty("eventType").GetString(),
            delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("redeliveries").GetInt32()));
        Assert.Equal("order marked paid", delivery.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_forged_or_stale_delivery_is_refused_with_400_has_no_effect_and_is_listed_as_rejected()
    {
        const string body = """{"type":"order.paid"}""";
        var forged = await SendAsync("msg_forged", body, secret: "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("someone-else")));
        Assert.Equal((HttpStatusCode.BadRequest, "WEBHOOK_SIGNATURE_INVALID"), (forged.StatusCode, await forged.Code()));
        var stale = await SendAsync("msg_stale", body, signedAt: DateTimeOffset.UtcNow.AddSeconds(-301));
        Assert.Equal((HttpStatusCode.BadRequest, "WEBHOOK_SIGNATURE_EXPIRED"), (stale.StatusCode, await stale.Code()));
        Assert.Equal(0, await EffectsAsync("msg_forged") + await EffectsAsync("msg_stale"));

        var admin = await App.AdminAsync();
        var rejected = (await (await admin.GetAsync("/api/admin/webhooks?status=rejected")).Json()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, r => Assert.True(r.GetProperty("eventId").ValueKind == System.Text.Json.JsonValueKind.Null));
        var replay = await admin.PostAsync($"/api/admin/webhooks/{rejected[0].GetProperty("id").GetString()}/replay", null);
        Assert.Equal((HttpStatusCode.Conflict, "WEBHOOK_NOT_REPLAYABLE"), (replay.StatusCode, await replay.Code()));

        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().PostAsync("/api/webhooks/nobody", new StringContent("{}"))).StatusCode);
        // Stripe is known but has no signing secret here: as unknown.
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().PostAsync("/api/webhooks/stripe", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task A_failing_subscriber_leaves_the_delivery_failed_with_its_error_and_a_replay_applies_it_once()
    {
        Switch.Failing = true;
        var first = await (await SendAsync("msg_flaky", """{"type":"order.paid"}""")).Json();
        Assert.Equal(("failed", 1), (first.GetProperty("status").GetString(), first.GetProperty("attempts").GetInt32()));
        Assert.Contains("The order service is down.", first.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, first.GetProperty("nextAttemptAt").ValueKind);
        Assert.Equal(0, await EffectsAsync("msg_flaky"));

        // The provider redelivers while we are failing: still one delivery, still failed, nothing applied.
        var again = await (await SendAsync("msg_flaky", """{"type":"order.paid"}""")).Json();
        Assert.True(again.GetProperty("duplicate").GetBoolean());

        Switch.Failing = false;
        var admin = await App.AdminAsync();
        var id = first.GetProperty("id").GetString();
        var replays = await Concurrency.RunParallelAsync(10, _ => admin.PostAsync($"/api/admin/webhooks/{id}/replay", null));
        Assert.Contains(replays, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(replays, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Equal(1, await EffectsAsync("msg_flaky"));

        // Replaying a processed delivery runs nothing again.
        var replayed = await (await admin.PostAsync($"/api/admin/webhooks/{id}/replay", null)).Json();
        Assert.Equal("processed", replayed.GetProperty("status").GetString());
        Assert.Contains("already applied", replayed.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await EffectsAsync("msg_flaky"));

        var detail = await (await admin.GetAsync($"/api/admin/webhooks/{id}")).Json();
        Assert.Contains("order.paid", detail.GetProperty("body").GetString(), StringComparison.Ordinal);
        await using var scope = App.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().AuditLog.AnyAsync(a => a.Action == "platform.webhook.replayed" && a.TargetId == id && a.ActorId != "anonymous"));
    }

    [Fact]
    public async Task After_every_attempt_fails_the_delivery_is_dead_until_an_operator_replays_it()
    {
        Switch.Failing = true;
        var id = (await (await SendAsync("msg_dead", """{"type":"order.paid"}""")).Json()).GetProperty("id").GetString();
        var admin = await App.AdminAsync();
        string? status = null;
        for (var attempt = 2; attempt <= WebhookInbox.MaxAttempts; attempt++)
        {
            status = (await (await admin.PostAsync($"/api/admin/webhooks/{id}/replay", null)).Json()).GetProperty("status").GetString();
        }

        Assert.Equal("dead", status);
        Assert.Single((await (await admin.GetAsync("/api/admin/webhooks?status=dead")).Json()).GetProperty("items").EnumerateArray());
        // The retry worker leaves a dead delivery alone.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WebhookInbox>().ProcessDueAsync(50, CancellationToken.None);
        }

        Switch.Failing = false;
        Assert.Equal(0, await EffectsAsync("msg_dead"));
        Assert.Equal("processed", (await (await admin.PostAsync($"/api/admin/webhooks/{id}/replay", null)).Json()).GetProperty("status").GetString());
        Assert.Equal(1, await EffectsAsync("msg_dead"));
    }

    [Fact]
    public async Task Only_webhook_managers_see_deliveries_and_an_event_type_nobody_subscribes_to_is_kept_as_ignored()
    {
        var ignored = await (await SendAsync("msg_other", """{"type":"order.refunded"}""")).Json();
        Assert.Equal("ignored", ignored.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.UserAsync()).GetAsync("/api/admin/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/admin/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await App.AdminAsync()).GetAsync("/api/admin/webhooks/whk_missing")).StatusCode);
    }
}

public sealed class WebhookInboxTests_Sqlite() : WebhookInboxTests(Db.Sqlite);

public sealed class WebhookInboxTests_Postgres() : WebhookInboxTests(Db.Postgres);

/// <summary>Makes the test subscriber fail, as a module whose dependency is down.</summary>
public sealed class SubscriberSwitch
{
    public volatile bool Failing;
}

/// <summary>A module's subscriber: its effect is one audit row per order event, written in the inbox's unit of work.</summary>
internal sealed class OrderPaidHandler(PlatformDbContext db, Transactions transactions, OperationContext op, TimeProvider time, SubscriberSwitch subscriber) : IWebhookHandler
{
    public async Task<Result<string>> HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        if (subscriber.Failing) throw new InvalidOperationException("The order service is down.");
        return await transactions.RunAsync<string>(db, async c =>
        {
            db.AuditLog.Add(AuditEntry.Create(op, time, "test.order.paid", "order", webhookEvent.EventId, null, new { webhookEvent.EventType }));
            await db.SaveChangesAsync(c);
            return "order marked paid";
        }, cancellationToken);
    }
}
