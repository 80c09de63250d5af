using System.Net;
using System.Net.Http.Json;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Ecosystem.Tests.Vouchers.VoucherTestKit;

namespace Ecosystem.Tests.Vouchers;

/// <summary>Vouchers on both databases: redeemed once under a race with the ledger moved once, the station scope, refusals by policy, code-guess throttling.</summary>
public abstract class VoucherRedemptionTests(Db db) : AppTest(db)
{
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));

    private readonly CapturingLoggerProvider logs = new();

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, settings: new() { ["Ecosystem:RateLimits:LoginPerMinute"] = "100000" }, services: s =>
    {
        EcosystemApp.UseClock(s, clock);
        s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
    });

    [Fact]
    public async Task Two_hundred_operators_redeem_one_code_at_once_and_exactly_one_wins_with_the_ledger_moved_once()
    {
        var admin = await App.AdminAsync();
        var station = await StationAsync(admin, "RACE-1");
        await PersonAsync(App, admin, "race-op", station);
        var holder = await PersonAsync(App, admin, "race-holder");
        var voucher = await IssueAsync(admin, holder, amount: 7_500);
        var code = voucher.GetProperty("code").GetString()!;

        const int racers = 200;
        var sessions = new HttpClient[racers];
        for (var batch = 0; batch < racers; batch += 20)
            await Task.WhenAll(Enumerable.Range(batch, 20).Select(async i => sessions[i] = await LoginAsync(App, "race-op")));

        var answers = await Concurrency.RunParallelAsync(racers, i => RedeemAsync(sessions[i], code));
        var outcomes = string.Join(", ", (await Task.WhenAll(answers.Select(async a => (int)a.StatusCode + " " + await a.Content.ReadAsStringAsync()))).GroupBy(x => x.Length > 160 ? x[..160] : x).Select(g => g.Count() + "× " + g.Key));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Created) == 1, outcomes);
        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        var losers = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        Assert.True(losers.All(a => a.StatusCode == HttpStatusCode.Conflict), outcomes + "\n" + string.Join("\n", logs.Lines.Where(l => l.Contains("at Ecosystem.")).Take(1).Select(l => string.Join("\n", l.Split("\n").Where(x => x.Contains("Ecosystem.") || x.Contains("Exception")).Take(25)))));
        foreach (var loser in losers) Assert.Equal("VOUCHER_ALREADY_REDEEMED", await loser.Code());

        var won = await answers.Single(a => a.StatusCode == HttpStatusCode.Created).Json();
        var transferId = won.GetProperty("ledgerTransactionId").GetString()!;
        Assert.Equal("redeemed", won.GetProperty("voucher").GetProperty("status").GetString());
        Assert.Equal(7_500, await StationBalanceAsync(admin, transferId));

        var stored = await (await admin.GetAsync($"/api/vouchers/{voucher.GetProperty("voucherId").GetString()}")).Json();
        Assert.Equal(("redeemed", transferId, station), (stored.GetProperty("status").GetString(), stored.GetProperty("ledgerTransactionId").GetString(), stored.GetProperty("redeemedStationId").GetString()));
        var events = await EventsAsync(admin, voucher.GetProperty("voucherId").GetString()!);
        Assert.Equal(["issued", "sent", "redeemed"], events.Select(e => e.GetProperty("eventType").GetString()));
        Assert.Equal(station, events[2].GetProperty("stationId").GetString());

        var trial = await (await admin.GetAsync("/api/wallet/trial-balance")).Json();
        Assert.True(trial.GetProperty("balanced").GetBoolean(), trial.ToString());
        var reconciliation = await (await admin.GetAsync("/api/wallet/reconciliation")).Json();
        Assert.True(reconciliation.GetProperty("ok").GetBoolean(), reconciliation.ToString());
        var today = await (await sessions[0].GetAsync("/api/station/redemptions/today")).Json();
        Assert.Equal(1, today.GetProperty("count").GetInt32());
        Assert.Equal(7_500, today.GetProperty("totals")[0].GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task Another_stations_voucher_is_not_found_and_leaves_a_policy_blocked_event_and_expired_or_void_ones_are_refused()
    {
        var admin = await App.AdminAsync();
        var a = await StationAsync(admin, "SCOPE-A");
        var b = await StationAsync(admin, "SCOPE-B");
        await PersonAsync(App, admin, "op-a", a);
        await PersonAsync(App, admin, "op-b", b);
        var holder = await PersonAsync(App, admin, "holder-scope", displayName: "Jean Bosco Habimana");
        var opA = await LoginAsync(App, "op-a");
        var opB = await LoginAsync(App, "op-b");

        var scoped = await IssueAsync(admin, holder, scope: a);
        var code = scoped.GetProperty("code").GetString()!;
        var id = scoped.GetProperty("voucherId").GetString()!;
        var look = await opB.GetAsync($"/api/station/vouchers/{code}");
        Assert.Equal((HttpStatusCode.NotFound, "VOUCHER_NOT_FOUND"), (look.StatusCode, await look.Code()));
        var redeem = await RedeemAsync(opB, code);
        Assert.Equal((HttpStatusCode.NotFound, "VOUCHER_NOT_FOUND"), (redeem.StatusCode, await redeem.Code()));
        var blocked = (await EventsAsync(admin, id)).Where(e => e.GetProperty("eventType").GetString() == "policy_blocked").ToList();
        Assert.Equal(2, blocked.Count);
        Assert.All(blocked, e => Assert.Equal(("wrong-station", b), (e.GetProperty("reason").GetString(), e.GetProperty("stationId").GetString())));
        Assert.Equal("sent", (await (await admin.GetAsync($"/api/vouchers/{id}")).Json()).GetProperty("status").GetString());

        // The right station sees the holder's first name and a masked phone, and redeems it (typed in lower case with a space).
        var seen = await (await opA.GetAsync($"/api/station/vouchers/{code.ToLowerInvariant()}")).Json();
        Assert.Equal(("Jean", "+250 ••• ••• 456", true), (seen.GetProperty("holderFirstName").GetString(), seen.GetProperty("holderPhone").GetString(), seen.GetProperty("redeemable").GetBoolean()));
        Assert.Equal(HttpStatusCode.Created, (await RedeemAsync(opA, code[..2] + " " + code[2..].ToLowerInvariant())).StatusCode);
        var again = await RedeemAsync(opA, code);
        Assert.Equal((HttpStatusCode.Conflict, "VOUCHER_ALREADY_REDEEMED"), (again.StatusCode, await again.Code()));

        // Void: refused, with the reason; an issued (unsent) voucher too; an expired one too, before and after the expiry job.
        var voided = await IssueAsync(admin, holder);
        var voidedId = voided.GetProperty("voucherId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/vouchers/{voidedId}/void", new { reason = "Sent to the wrong person" })).StatusCode);
        var refused = await RedeemAsync(opA, voided.GetProperty("code").GetString()!);
        Assert.Equal((HttpStatusCode.Conflict, "VOUCHER_VOID"), (refused.StatusCode, await refused.Code()));
        Assert.Equal("void", (await EventsAsync(admin, voidedId)).Last().GetProperty("reason").GetString());
        var voidAgain = await admin.PostAsJsonAsync($"/api/vouchers/{voidedId}/void", new { reason = "again" });
        Assert.Equal((HttpStatusCode.Conflict, "VOUCHER_VOID"), (voidAgain.StatusCode, await voidAgain.Code()));

        var unsent = await IssueAsync(admin, holder, send: false);
        var notSent = await RedeemAsync(opA, unsent.GetProperty("code").GetString()!);
        Assert.Equal((HttpStatusCode.Conflict, "VOUCHER_NOT_SENT"), (notSent.StatusCode, await notSent.Code()));

        var expiring = await IssueAsync(admin, holder, expiresAt: clock.GetUtcNow().AddHours(1));
        clock.Advance(TimeSpan.FromHours(2));
        opA = await LoginAsync(App, "op-a");
        admin = await App.AdminAsync();
        var late = await RedeemAsync(opA, expiring.GetProperty("code").GetString()!);
        Assert.Equal((HttpStatusCode.Conflict, "VOUCHER_EXPIRED"), (late.StatusCode, await late.Code()));
        Assert.Equal("expired", (await EventsAsync(admin, expiring.GetProperty("voucherId").GetString()!)).Last().GetProperty("reason").GetString());
        using (var scope = App.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<Ecosystem.Vouchers.Vouchers.VoucherService>().ExpireDueAsync(100, CancellationToken.None) >= 1);
        Assert.Equal("expired", (await (await admin.GetAsync($"/api/vouchers/{expiring.GetProperty("voucherId").GetString()}")).Json()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await RedeemAsync(opA, expiring.GetProperty("code").GetString()!)).StatusCode);

        // Void and expiry gave the money back: the liability holds nothing, the ledger balances.
        var trial = await (await admin.GetAsync("/api/wallet/trial-balance")).Json();
        Assert.True(trial.GetProperty("balanced").GetBoolean(), trial.ToString());
    }

    [Fact]
    public async Task Guessing_codes_is_throttled_per_operator_after_ten_misses()
    {
        var admin = await App.AdminAsync();
        var station = await StationAsync(admin, "GUESS-1");
        await PersonAsync(App, admin, "guesser", station);
        await PersonAsync(App, admin, "honest", station);
        var holder = await PersonAsync(App, admin, "holder-guess");
        var voucher = await IssueAsync(admin, holder);
        var guesser = await LoginAsync(App, "guesser");
        var codes = new[] { "22222", "33333", "44444", "55555", "66666", "77777", "88888", "99999", "AAAAA", "BBBBB" }.Where(c => c != voucher.GetProperty("code").GetString()).Take(10).ToList();
        foreach (var c in codes.Take(9)) Assert.Equal(HttpStatusCode.NotFound, (await guesser.GetAsync($"/api/station/vouchers/{c}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RedeemAsync(guesser, "0O1IL")).StatusCode);
        var throttled = await guesser.GetAsync($"/api/station/vouchers/{voucher.GetProperty("code").GetString()}");
        Assert.Equal((HttpStatusCode.TooManyRequests, "CODE_GUESSES_THROTTLED"), (throttled.StatusCode, await throttled.Code()));
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RedeemAsync(guesser, voucher.GetProperty("code").GetString()!)).StatusCode);

        // Another operator at the same address is not blocked by those 10 misses (the per-IP limit is 30).
        var honest = await LoginAsync(App, "honest");
        Assert.Equal(HttpStatusCode.OK, (await honest.GetAsync($"/api/station/vouchers/{voucher.GetProperty("code").GetString()}")).StatusCode);

        clock.Advance(TimeSpan.FromMinutes(16));
        guesser = await LoginAsync(App, "guesser");
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync($"/api/station/vouchers/{voucher.GetProperty("code").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task Stations_have_unique_engencodes_e164_owner_numbers_and_are_listed_nearest_first()
    {
        var admin = await App.AdminAsync();
        var kigali = await StationAsync(admin, "KGL-01", -1.9441, 30.0619, phone: "0788 123 456");
        var huye = await StationAsync(admin, "HUY-01", -2.70, 29.80);
        await StationAsync(admin, "MUS-01", -1.4995, 29.6347);
        var station = await (await admin.GetAsync($"/api/stations/{kigali}")).Json();
        Assert.Equal("+250788123456", station.GetProperty("ownerContact").GetString());

        var dup = await admin.PostAsJsonAsync("/api/stations", new { name = "Again", engencode = "kgl-01" });
        Assert.Equal((HttpStatusCode.Conflict, "ENGENCODE_TAKEN"), (dup.StatusCode, await dup.Code()));
        var bad = await admin.PostAsJsonAsync("/api/stations", new { name = "Bad", engencode = "BAD-1", ownerContact = "12", latitude = 95.0, longitude = 30.0 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var fields = (await bad.Json()).GetProperty("errors");
        Assert.True(fields.TryGetProperty("ownerContact", out _) && fields.TryGetProperty("latitude", out _), fields.ToString());

        var user = await App.UserAsync();
        var near = (await (await user.GetAsync("/api/stations?near=-2.70,29.805")).Json()).EnumerateArray().ToList();
        Assert.Equal(huye, near[0].GetProperty("stationId").GetString());
        Assert.True(near[0].GetProperty("distanceKm").GetDouble() < 1);
        Assert.Equal(JsonValueKindNull, near[0].GetProperty("ownerContact").ValueKind);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await user.GetAsync("/api/stations?near=north")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsJsonAsync("/api/stations", new { name = "Mine", engencode = "MINE" })).StatusCode);

        // An operator's own stations; someone else's user id is a 404 for binding.
        await PersonAsync(App, admin, "kgl-op", kigali);
        var op = await LoginAsync(App, "kgl-op");
        var me = await (await op.GetAsync("/api/station/me")).Json();
        Assert.Equal([kigali], me.GetProperty("stations").EnumerateArray().Select(s => s.GetProperty("stationId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/stations/{kigali}/operators", new { username = "nobody-here" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/station/me")).StatusCode);
    }

    [Fact]
    public async Task Metrics_count_issued_sent_and_redeemed_per_day_station_and_campaign_and_rank_stations()
    {
        var admin = await App.AdminAsync();
        var station = await StationAsync(admin, "METRIC-1");
        await StationAsync(admin, "METRIC-2");
        await PersonAsync(App, admin, "metric-op", station);
        var holder = await PersonAsync(App, admin, "metric-holder");
        var first = await IssueAsync(admin, holder, amount: 4_000, scope: station);
        await IssueAsync(admin, holder, amount: 6_000, scope: station);
        await IssueAsync(admin, holder, amount: 1_000, scope: station, send: false);
        var op = await LoginAsync(App, "metric-op");
        Assert.Equal(HttpStatusCode.Created, (await RedeemAsync(op, first.GetProperty("code").GetString()!)).StatusCode);

        await PersonAsync(App, admin, "metric-reader");
        var metrics = await (await admin.GetAsync("/api/vouchers/metrics?from=2026-11-22&to=2026-11-22")).Json();
        // Demo data is there too (same day): this station's row is ours alone.
        var day = Assert.Single(metrics.GetProperty("days").EnumerateArray(), d => d.GetProperty("stationId").GetString() == station);
        Assert.Equal(("2026-11-22", 3L, 2L, 1L, 4_000L), (day.GetProperty("day").GetString(), day.GetProperty("issued").GetInt64(), day.GetProperty("sent").GetInt64(), day.GetProperty("redeemed").GetInt64(), day.GetProperty("redeemedAmount").GetInt64()));
        Assert.Equal(metrics.GetProperty("days").EnumerateArray().Sum(d => d.GetProperty("redeemed").GetInt64()), metrics.GetProperty("redeemed").GetInt64());
        var board = metrics.GetProperty("stations").EnumerateArray().ToList();
        var ours = Assert.Single(board, s => s.GetProperty("stationId").GetString() == station);
        Assert.Equal((1L, 4_000L), (ours.GetProperty("redemptions").GetInt64(), ours.GetProperty("redeemedAmount").GetInt64()));
        Assert.Equal(board.Select(s => s.GetProperty("redemptions").GetInt64()).OrderByDescending(x => x), board.Select(s => s.GetProperty("redemptions").GetInt64()));
        Assert.Empty((await (await admin.GetAsync("/api/vouchers/metrics?from=2026-11-23&to=2026-11-30")).Json()).GetProperty("days").EnumerateArray());
        var bad = await admin.GetAsync("/api/vouchers/metrics?from=yesterday");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await LoginAsync(App, "metric-reader")).GetAsync("/api/vouchers/metrics")).StatusCode);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}

public sealed class VoucherRedemptionTests_Sqlite() : VoucherRedemptionTests(Db.Sqlite);

public sealed class VoucherRedemptionTests_Postgres() : VoucherRedemptionTests(Db.Postgres);
