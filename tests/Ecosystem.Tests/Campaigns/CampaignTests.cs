using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ecosystem.Campaigns.Contracts;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.Sending;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Campaigns;

/// <summary>Campaigns on both databases: the API, the transition table, imports, the dispatcher's rate, quiet hours, opt-out and exactly-once sends, status webhooks.</summary>
public abstract class CampaignTests(Db db) : AppTest(db)
{
    internal const string Secret = "campaign-test-secret";

    // 19:55 UTC = 21:55 in Kigali: five minutes before Rwanda's quiet hours (22:00–06:00).
    private readonly TestClock clock = new(new DateTimeOffset(2026, 12, 3, 19, 55, 0, TimeSpan.Zero));

    protected virtual Dictionary<string, string?> Settings => new()
    {
        ["Campaigns:Dispatcher:Enabled"] = "false",
        ["Webhooks:WhatsApp:AppSecrets"] = Secret,
        ["Webhooks:WhatsApp:VerifyToken"] = "verify-me",
        ["Campaigns:WhatsApp:DeliveredRate"] = "0",
        ["Campaigns:WhatsApp:ReadRate"] = "0",
        ["Campaigns:WhatsApp:FailedRate"] = "0",
    };

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, settings: Settings, services: s => EcosystemApp.UseClock(s, clock));

    private async Task<HttpClient> AdminAsync()
    {
        var admin = await App.AdminAsync();
        // The demo campaign is running; pause it so only the test's campaign sends.
        var list = await (await admin.GetAsync("/api/campaigns")).Json();
        foreach (var c in list.EnumerateArray().Where(c => c.GetProperty("status").GetString() == "running")) await admin.PostAsync($"/api/campaigns/{c.GetProperty("campaignId").GetString()}/pause", null);
        return admin;
    }

    private static async Task<string> CreateAsync(HttpClient admin, string type = "promo", string template = "promo_fuel", object? metadata = null)
    {
        var response = await admin.PostAsJsonAsync("/api/campaigns", new { name = "Test " + Guid.NewGuid().ToString("N")[..6], type, templateId = template, metadata = metadata ?? new { defaultRegion = "RW" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Json()).GetProperty("campaignId").GetString()!;
    }

    private static Task<HttpResponseMessage> CsvAsync(HttpClient admin, string id, string csv) =>
        admin.PostAsync($"/api/campaigns/{id}/targets", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private async Task<DispatchPass> PassAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Dispatcher>().RunOnceAsync(CancellationToken.None);
    }

    private async Task<T> DbAsync<T>(Func<CampaignsDbContext, Task<T>> read)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CampaignsDbContext>());
    }

    /// <summary>Runs passes (with <paramref name="dispatchers"/> at once), moving the clock a second a pass or to the next due time, until nothing is open.</summary>
    private async Task DrainAsync(string campaignId, int dispatchers = 1, int maxPasses = 5_000)
    {
        for (var i = 0; i < maxPasses; i++)
        {
            var passes = await Task.WhenAll(Enumerable.Range(0, dispatchers).Select(_ => PassAsync()));
            var open = await DbAsync(d => d.Targets.CountAsync(t => t.CampaignId == campaignId && (t.Status == TargetStatus.Queued || t.Status == TargetStatus.Throttled || t.Status == TargetStatus.Sending)));
            if (open == 0) return;
            var now = clock.GetUtcNow();
            var next = passes.Select(p => p.NextDueAt).Where(n => n is not null).Select(n => n!.Value).DefaultIfEmpty(now.AddSeconds(1)).Min();
            clock.Advance(passes.Sum(p => p.Sent) == 0 && next > now ? next - now : TimeSpan.FromSeconds(1));
        }

        Assert.Fail("The campaign did not finish.");
    }

    [Fact]
    public async Task Bad_input_is_422_with_the_field_illegal_transitions_are_409_and_change_nothing()
    {
        var admin = await AdminAsync();
        var bad = await admin.PostAsJsonAsync("/api/campaigns", new { name = "", type = "spam", templateId = "nope\u0000", metadata = new { defaultRegion = "XX" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var fields = (await bad.Json()).GetProperty("errors");
        foreach (var f in new[] { "name", "type", "templateId", "metadata.defaultRegion" }) Assert.True(fields.TryGetProperty(f, out _), f);

        var id = await CreateAsync(admin);
        Assert.Equal((HttpStatusCode.Conflict, "CAMPAIGN_HAS_NO_TARGETS"), await Answer(admin.PostAsync($"/api/campaigns/{id}/start", null)));
        foreach (var illegal in new[] { "pause", "resume" }) Assert.Equal((HttpStatusCode.Conflict, "CAMPAIGN_TRANSITION_NOT_ALLOWED"), await Answer(admin.PostAsync($"/api/campaigns/{id}/{illegal}", null)));
        Assert.Equal("draft", (await (await admin.GetAsync($"/api/campaigns/{id}")).Json()).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.OK, (await CsvAsync(admin, id, "number,name,first,discount\n0788 123 456,Aline,Aline,10%\n")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/campaigns/{id}/start", null)).StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "CAMPAIGN_TRANSITION_NOT_ALLOWED"), await Answer(admin.PostAsync($"/api/campaigns/{id}/start", null)));
        Assert.Equal((HttpStatusCode.Conflict, "CAMPAIGN_TRANSITION_NOT_ALLOWED"), await Answer(admin.PostAsync($"/api/campaigns/{id}/resume", null)));
        var paused = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => admin.PostAsync($"/api/campaigns/{id}/pause", null)));
        Assert.Equal(1, paused.Count(p => p.StatusCode == HttpStatusCode.OK));
        Assert.Equal(9, paused.Count(p => p.StatusCode == HttpStatusCode.Conflict));
        var campaign = await (await admin.GetAsync($"/api/campaigns/{id}")).Json();
        Assert.Equal("paused", campaign.GetProperty("status").GetString());
        Assert.True(JsonValueKindNumberOrNull(campaign.GetProperty("legacyId")));

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/campaigns/cmp_0190f3aa00000000000000000000beef")).StatusCode);
        var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/campaigns/{id}/targets")).StatusCode);
    }

    private static bool JsonValueKindNumberOrNull(System.Text.Json.JsonElement e) => e.ValueKind is System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Number;

    private static async Task<(HttpStatusCode, string)> Answer(Task<HttpResponseMessage> call)
    {
        var response = await call;
        return (response.StatusCode, await response.Code());
    }

    [Fact]
    public async Task An_upload_reports_bad_rows_by_line_drops_duplicates_and_keeps_numbers_in_e164()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin);
        var csv = "number,name,first,discount\n0788 123 456,Aline,Aline,10%\n+250 788 123 456,Aline again,Aline,10%\n12345,Bad,x,y\n+356 7912 3456,Maria,Maria,5%\n0788 999 111,Short,OnlyOne\n\n\"0788 555 444\",\"Uwase, Diane\",Diane,20%\n";
        var result = await (await CsvAsync(admin, id, csv)).Json();
        Assert.Equal(6, result.GetProperty("rows").GetInt32());
        Assert.Equal(3, result.GetProperty("imported").GetInt32());
        Assert.Equal(1, result.GetProperty("duplicates").GetInt32());
        var rejected = result.GetProperty("rejectedRows").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([4, 6], rejected);

        var targets = await (await admin.GetAsync($"/api/campaigns/{id}/targets?limit=10")).Json();
        var numbers = targets.GetProperty("items").EnumerateArray().Select(t => (t.GetProperty("msisdn").GetString(), t.GetProperty("country").GetString())).OrderBy(n => n.Item1).ToList();
        Assert.Equal([("+250788123456", "rw"), ("+250788555444", "rw"), ("+35679123456", "mt")], numbers);
        Assert.Equal("Uwase, Diane", targets.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("msisdn").GetString() == "+250788555444").GetProperty("name").GetString());

        var json = await admin.PostAsJsonAsync($"/api/campaigns/{id}/targets", new object?[] { new { msisdn = "0788 123 456", variables = new[] { "A", "B" } }, new { msisdn = "0722 000 000", variables = new[] { "C", "D" } }, null });
        var jsonResult = await json.Json();
        Assert.Equal((1, 1), (jsonResult.GetProperty("duplicates").GetInt32(), jsonResult.GetProperty("rejected").GetInt32()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync($"/api/campaigns/{id}/targets?status=bogus")).StatusCode);
        var preview = await (await admin.PostAsJsonAsync("/api/campaigns/templates/promo_fuel/preview", new { variables = new[] { "Aline" } })).Json();
        Assert.Null(preview.GetProperty("text").GetString());
        Assert.Contains("{{2}}", preview.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task A_template_the_targets_cannot_fill_and_a_voucher_campaign_without_the_vouchers_module_are_refused_before_anything_is_sent()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin);
        await CsvAsync(admin, id, "0788 123 456,Aline,Aline,10%\n");
        var templates = await (await admin.GetAsync("/api/admin/settings/templates")).Json();
        var version = templates.GetProperty("version").GetInt32();
        var changed = await admin.PutAsJsonAsync("/api/admin/settings/templates", new
        {
            value = new[] { new { id = "promo_fuel", name = "weekend_fuel_promo", language = "en", category = "marketing", body = "Hi {{1}}, {{2}} off until {{3}}." } },
            version,
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "TEMPLATE_VARIABLES_MISSING"), await Answer(admin.PostAsync($"/api/campaigns/{id}/start", null)));

        var voucher = await CreateAsync(admin, "voucher", "promo_fuel");
        await CsvAsync(admin, voucher, "0788 123 456,Aline,Aline,10%,Sunday\n");
        Assert.Equal((HttpStatusCode.Conflict, "VOUCHERS_UNAVAILABLE"), await Answer(admin.PostAsync($"/api/campaigns/{voucher}/start", null)));
        Assert.Equal("draft", (await (await admin.GetAsync($"/api/campaigns/{voucher}")).Json()).GetProperty("status").GetString());
        Assert.Equal(0, await DbAsync(d => d.SimulatedMessages.CountAsync(m => m.Msisdn == "+250788123456")));
    }

    [Fact]
    public async Task Settings_keep_the_seed_keys_and_shapes_and_refuse_numbers_in_the_opt_out_list()
    {
        var admin = await AdminAsync();
        var quiet = await (await admin.GetAsync("/api/admin/settings/quiet_hours")).Json();
        Assert.Equal("22:00", quiet.GetProperty("value").GetProperty("rw").GetProperty("start").GetString());
        var throttle = await (await admin.GetAsync("/api/admin/settings/send_throttle")).Json();
        Assert.Equal(600, throttle.GetProperty("value").GetProperty("whatsapp").GetProperty("per_minute").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/settings/revolut_link")).StatusCode);
        var list = await (await admin.GetAsync("/api/admin/settings/opt_out_list")).Json();
        var put = await admin.PutAsJsonAsync("/api/admin/settings/opt_out_list", new { value = new[] { "+250788123456" }, version = list.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, put.StatusCode);
        var badQuiet = await admin.PutAsJsonAsync("/api/admin/settings/quiet_hours", new { value = new { zz = new { start = "25:00", end = "06:00" } }, version = quiet.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badQuiet.StatusCode);
    }

    [Fact]
    public async Task Ten_thousand_targets_go_at_600_a_minute_never_in_quiet_hours_never_to_opted_out_numbers_each_at_most_once_also_after_a_crash()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin);
        var csv = new StringBuilder("number,name,first,discount\n");
        for (var i = 0; i < 10_000; i++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"+25078{8_000_000 + i},P{i},P{i},10%\n");
        var imported = await (await CsvAsync(admin, id, csv.ToString())).Json();
        Assert.Equal(10_000, imported.GetProperty("imported").GetInt32());

        // Opted out: 50 by STOP in the simulated WhatsApp, one through the opt_out_list setting.
        for (var i = 0; i < 50; i++) Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/admin/whatsapp/inbound", new { from = $"+25078{8_000_000 + i * 7}", text = i % 2 == 0 ? "STOP" : "hagarika" })).StatusCode);
        var list = await (await admin.GetAsync("/api/admin/settings/opt_out_list")).Json();
        var hashes = list.GetProperty("value").EnumerateArray().Select(h => h.GetString()!).Append(PhoneHash.Of("+250788009999")).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/settings/opt_out_list", new { value = hashes, version = list.GetProperty("version").GetInt32() })).StatusCode);
        var optedOut = Enumerable.Range(0, 50).Select(i => $"+25078{8_000_000 + i * 7}").Append("+250788009999").ToHashSet();

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/campaigns/{id}/start", null)).StatusCode);
        var estimate = (await (await admin.GetAsync($"/api/campaigns/{id}")).Json()).GetProperty("estimatedFinishAt").GetDateTimeOffset();
        Assert.True(estimate > new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero), estimate.ToString());

        // A dispatcher claims a few targets and dies (kill -9) before recording; one of them had reached WhatsApp.
        await DbAsync(async d =>
        {
            var doomed = await d.Targets.Where(t => t.CampaignId == id && t.Msisdn.EndsWith("9999") == false).OrderByDescending(t => t.Msisdn).Take(3).ToListAsync();
            foreach (var t in doomed) { t.Status = TargetStatus.Sending; t.ClaimToken = "clm_crashed"; t.ClaimedAt = clock.GetUtcNow(); t.Attempts = 1; }
            d.SimulatedMessages.Add(new Ecosystem.Campaigns.WhatsApp.SimulatedMessage { MessageId = "wamid.crashed", Msisdn = doomed[0].Msisdn, Direction = "out", Body = "sent before the crash", Status = "sent", CreatedAt = clock.GetUtcNow() });
            d.AuditLog.Add(Ecosystem.Platform.Audit.AuditEntry.Create(new Ecosystem.Platform.OperationContext(), clock, "test.crash", "campaign", id, null, null));
            return await d.SaveChangesAsync();
        });

        await DrainAsync(id, dispatchers: Db == Db.Postgres ? 3 : 1);

        var targets = await DbAsync(d => d.Targets.AsNoTracking().Where(t => t.CampaignId == id).Select(t => new { t.Msisdn, t.Status, t.SentAt }).ToListAsync());
        Assert.Equal(3, targets.Count(t => t.Status == TargetStatus.Unknown));
        Assert.Equal(optedOut.Count, targets.Count(t => t.Status == TargetStatus.OptedOut));
        Assert.All(targets.Where(t => optedOut.Contains(t.Msisdn)), t => Assert.Equal(TargetStatus.OptedOut, t.Status));
        Assert.Equal(10_000 - 3 - optedOut.Count, targets.Count(t => t.Status == TargetStatus.Sent));

        var messages = await DbAsync(d => d.SimulatedMessages.AsNoTracking().Where(m => m.Direction == "out" && m.Msisdn.StartsWith("+25078")).Select(m => m.Msisdn).ToListAsync());
        Assert.All(messages.GroupBy(m => m), g => Assert.Single(g));
        Assert.DoesNotContain(messages, optedOut.Contains);

        // None inside Rwanda's quiet hours: 20:00–04:00 UTC.
        var times = targets.Where(t => t.SentAt is not null).Select(t => t.SentAt!.Value).OrderBy(t => t).ToList();
        Assert.DoesNotContain(times, t => t.UtcDateTime.TimeOfDay >= TimeSpan.FromHours(20) || t.UtcDateTime.TimeOfDay < TimeSpan.FromHours(4));
        // At 600 a minute (within 2 %) in every full minute of sending, before and after the night.
        foreach (var start in new[] { times.First(), times.First(t => t.UtcDateTime.Hour < 12) })
        {
            for (var m = 0; m < 4; m++)
            {
                var from = start.AddMinutes(m);
                var count = times.Count(t => t >= from && t < from.AddMinutes(1));
                Assert.InRange(count, 588, 612);
            }
        }

        admin = await App.AdminAsync(); // the night's clock jump ended the session
        var done = await (await admin.GetAsync($"/api/campaigns/{id}")).Json();
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, done.GetProperty("finishedAt").ValueKind);
    }

    [Fact]
    public async Task Pausing_stops_sends_at_once_and_resuming_continues()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin, metadata: new { defaultRegion = "RW", quietHours = new { rw = new { start = "03:00", end = "03:01" } } });
        var csv = new StringBuilder();
        for (var i = 0; i < 100; i++) csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"+25078{7_000_000 + i},P{i},P{i},5%\n");
        await CsvAsync(admin, id, csv.ToString());
        await admin.PostAsync($"/api/campaigns/{id}/start", null);
        var first = await PassAsync();
        Assert.Equal(10, first.Sent);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/campaigns/{id}/pause", null)).StatusCode);
        for (var i = 0; i < 5; i++) { clock.Advance(TimeSpan.FromSeconds(1)); Assert.Equal(0, (await PassAsync()).Sent); }
        Assert.Equal(10, await DbAsync(d => d.Targets.CountAsync(t => t.CampaignId == id && t.Status == TargetStatus.Sent)));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/campaigns/{id}/resume", null)).StatusCode);
        await DrainAsync(id);
        Assert.Equal(100, await DbAsync(d => d.Targets.CountAsync(t => t.CampaignId == id && t.Status == TargetStatus.Sent)));
    }

    [Fact]
    public async Task Status_webhooks_move_targets_only_forward_and_unknown_ids_or_bad_signatures_change_nothing()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin);
        await CsvAsync(admin, id, "0788 123 456,Aline,Aline,10%\n0788 123 457,Jean,Jean,10%\n");
        await admin.PostAsync($"/api/campaigns/{id}/start", null);
        await DrainAsync(id);
        var targets = await DbAsync(d => d.Targets.AsNoTracking().Where(t => t.CampaignId == id).OrderBy(t => t.Msisdn).ToListAsync());
        Assert.All(targets, t => Assert.Equal(TargetStatus.Sent, t.Status));
        var inbox = await (await admin.GetAsync("/api/admin/whatsapp/inbox?msisdn=0788123456")).Json();
        Assert.Contains("Hi Aline", inbox.EnumerateArray().Single().GetProperty("body").GetString());

        var client = App.CreateClient();
        async Task<HttpStatusCode> Post(string messageId, string status, string? signatureSecret = Secret)
        {
            var body = Encoding.UTF8.GetBytes($$$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","statuses":[{"id":"{{{messageId}}}","status":"{{{status}}}","timestamp":"{{{Guid.NewGuid():N}}}","recipient_id":"250788123456"}]}}]}]}""");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(signatureSecret!), body)));
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.Equal("4242", await client.GetStringAsync("/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=4242"));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=4242")).StatusCode);
        var aline = targets[0].MessageId!;
        Assert.Equal(HttpStatusCode.BadRequest, await Post(aline, "read", "wrong-secret"));
        Assert.Equal(TargetStatus.Sent, await DbAsync(d => d.Targets.Where(t => t.MessageId == aline).Select(t => t.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, await Post("wamid.unknown", "read"));
        Assert.Equal(HttpStatusCode.OK, await Post(aline, "read"));
        Assert.Equal(HttpStatusCode.OK, await Post(aline, "delivered"));
        Assert.Equal(HttpStatusCode.OK, await Post(aline, "failed"));
        Assert.Equal(TargetStatus.Read, await DbAsync(d => d.Targets.Where(t => t.MessageId == aline).Select(t => t.Status).SingleAsync()));
        Assert.Equal(TargetStatus.Sent, await DbAsync(d => d.Targets.Where(t => t.TargetId == targets[1].TargetId).Select(t => t.Status).SingleAsync()));
    }
}

public sealed class CampaignTests_Sqlite() : CampaignTests(Db.Sqlite);

public sealed class CampaignTests_Postgres() : CampaignTests(Db.Postgres);
