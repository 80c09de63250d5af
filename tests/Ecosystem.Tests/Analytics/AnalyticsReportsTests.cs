using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Ecosystem.Analytics.Reports;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Analytics;

/// <summary>
/// Event volume per bucket and the card funnel, computed in the database, for a known set of events sent through
/// the batch API with a write key, at a fixed clock.
/// </summary>
public abstract class AnalyticsReportsTests(Db db) : AppTest(db)
{
    private const string Viewed = "com.ecosystem.credit-card.offer.viewed";
    private const string Signed = "com.ecosystem.credit-card.onboarding.signed";
    private const string Purchased = "com.ecosystem.credit-card.purchase.simulated";
    private const string Clicked = "com.ecosystem.shell.navigation.clicked";

    /// <summary>Now: hourly window [Nov 20 11:00, Nov 22 11:00), daily window [Oct 24, Nov 23).</summary>
    private static readonly DateTimeOffset Now = At(11, 22, 10, 30);

    private readonly TestClock clock = new(Now);

    private static readonly (string User, string Name, DateTimeOffset At)[] Events =
    [
        // A: every step, in order.
        ("usr_a", Viewed, At(11, 22, 9)), ("usr_a", Signed, At(11, 22, 9, 5)), ("usr_a", Purchased, At(11, 22, 9, 10)),
        // B: signed at the very same time as viewed: counts at step 2.
        ("usr_b", Viewed, At(11, 22, 9)), ("usr_b", Signed, At(11, 22, 9)),
        // C: signed before viewing, so neither step 2 nor (without step 2) step 3.
        ("usr_c", Signed, At(11, 22, 8)), ("usr_c", Viewed, At(11, 22, 9)), ("usr_c", Purchased, At(11, 22, 9, 30)),
        // D: skipped signing.
        ("usr_d", Viewed, At(11, 22, 9)), ("usr_d", Purchased, At(11, 22, 9, 20)),
        // E: viewed before the 48 h window, signed inside it: only in the 30-day funnel.
        ("usr_e", Viewed, At(11, 20, 10, 15)), ("usr_e", Signed, At(11, 22, 9)),
        // F: purchase only.
        ("usr_f", Purchased, At(11, 22, 9)),
        // G: a purchase before signing does not count, the one after does.
        ("usr_g", Viewed, At(11, 22, 9)), ("usr_g", Purchased, At(11, 22, 9, 5)), ("usr_g", Signed, At(11, 22, 9, 10)), ("usr_g", Purchased, At(11, 22, 9, 15)),
        // H: viewed twice; the first view counts.
        ("usr_h", Viewed, At(11, 22, 8)), ("usr_h", Signed, At(11, 22, 9)), ("usr_h", Viewed, At(11, 22, 9, 50)),
        // Volume only: bucket edges of both windows.
        ("usr_v", Clicked, At(11, 22, 8, 10)), ("usr_v", Clicked, At(11, 22, 8, 59)), ("usr_v", Clicked, At(11, 21, 12)),
        ("usr_v", Clicked, At(11, 21, 12, 30)), ("usr_v", Clicked, At(11, 21, 23, 59)),
        ("usr_v", Clicked, At(11, 20, 11)),         // the first hourly bucket
        ("usr_v", Clicked, At(11, 20, 10, 59)),     // just before the hourly window
        ("usr_v", Clicked, At(11, 1, 12)),
        ("usr_v", Clicked, At(10, 24, 0)),          // the first daily bucket
        ("usr_v", Clicked, At(10, 23, 12)),         // less than 30 days old, so accepted, but before the daily window
        ("usr_v", Clicked, At(11, 22, 10, 5)),      // the current bucket
    ];

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => EcosystemApp.UseClock(s, clock));

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    private static object Metadata(string name) => name switch
    {
        Signed => new { signatureId = "sig_test", card = new { status = "onboarded" } },
        Purchased => new { purchaseId = "pur_test", amount = 100, approved = true, card = new { status = "onboarded" } },
        _ => new { target = "x" },
    };

    private async Task SendEventsAsync()
    {
        var admin = await App.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/write-keys", new { name = "Reports test", policy = "reject" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Json()).GetProperty("writeKey").GetString()!;

        var source = App.CreateClient();
        source.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        var response = await source.PostAsJsonAsync("/api/events/batch", new
        {
            events = Events.Select(e => new { eventName = e.Name, occurredAt = e.At, userEcosystemId = e.User, metadata = Metadata(e.Name) }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Json();
        Assert.Equal(0, result.GetProperty("rejected").GetArrayLength());
        Assert.Equal(Events.Length, result.GetProperty("stored").GetInt32());
    }

    private async Task<T> ReportAsync<T>(Func<AnalyticsReports, Task<T>> run)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<AnalyticsReports>());
    }

    [Theory]
    [InlineData("48h")]
    [InlineData("30d")]
    public async Task Volume_counts_each_bucket_in_the_database_with_empty_buckets_as_zero(string key)
    {
        await SendEventsAsync();
        var range = ReportRange.Parse(key);
        var series = await ReportAsync(r => r.VolumeAsync(range, CancellationToken.None));

        var (from, to) = key == "48h" ? (At(11, 20, 11), At(11, 22, 11)) : (At(10, 24, 0), At(11, 23, 0));
        Assert.Equal(from, series.From);
        Assert.Equal(to, series.To);
        Assert.Equal(range.Buckets, series.Buckets.Count);
        for (var i = 0; i < series.Buckets.Count; i++)
        {
            var bucket = series.Buckets[i];
            Assert.Equal(from + (range.BucketSize * i), bucket.Start);
            var expected = Events.LongCount(e => e.At >= bucket.Start && e.At < bucket.Start + range.BucketSize);
            if (bucket.Start + range.BucketSize == to)
            {
                // The current bucket also holds the server's own events (demo seed, the admin's login) at the clock's now.
                Assert.True(bucket.Count >= expected, $"current bucket: {bucket.Count} < {expected}");
            }
            else
            {
                Assert.True(expected == bucket.Count, $"bucket {bucket.Start:u}: expected {expected}, got {bucket.Count}");
            }
        }

        if (key == "48h")
        {
            Assert.Equal(4, series.Buckets.Single(b => b.Start == At(11, 22, 8)).Count);
            Assert.Equal(1, series.Buckets[0].Count);
            Assert.Equal(17, series.Buckets.Single(b => b.Start == At(11, 22, 9)).Count);
        }
        else
        {
            Assert.Equal(1, series.Buckets[0].Count);
            Assert.Equal(3, series.Buckets.Single(b => b.Start == At(11, 21, 0)).Count);
            Assert.Equal(3, series.Buckets.Single(b => b.Start == At(11, 20, 0)).Count);
        }
    }

    /// <summary>The funnel the Cards module declares for the overview: offer viewed, agreement signed, purchase made.</summary>
    private IReadOnlyList<string> CardFunnel => [.. App.Services.GetServices<Ecosystem.Platform.FunnelDefinition>().Single(f => f.Module == "cards").Steps.Select(s => s.EventName)];

    [Theory]
    [InlineData("48h", new long[] { 6, 4, 2 })]
    [InlineData("30d", new long[] { 7, 5, 2 })]
    public async Task Funnel_counts_distinct_people_who_reached_each_step_after_the_previous_one(string key, long[] expected)
    {
        await SendEventsAsync();
        var (from, to) = ReportRange.Parse(key).Window(Now);
        var funnel = await ReportAsync(r => r.FunnelAsync(CardFunnel, from, to, CancellationToken.None));
        Assert.Equal(CardFunnel, funnel.Select(s => s.EventName));
        Assert.Equal(expected, funnel.Select(s => s.People));
    }

    [Fact]
    public async Task Funnel_is_bounded_by_the_window_at_both_ends()
    {
        await SendEventsAsync();
        var funnel = await ReportAsync(r => r.FunnelAsync(CardFunnel, At(11, 22, 9), At(11, 22, 9, 6), CancellationToken.None));

        // From 09:00 to 09:06: A, B, C, D and G viewed; A and B signed in time; nobody purchased before 09:06 after signing.
        Assert.Equal([5L, 2L, 0L], funnel.Select(s => s.People));
    }

    [Fact]
    public async Task The_overview_page_renders_the_charts_from_the_reports()
    {
        await SendEventsAsync();
        var admin = await App.AdminAsync();
        var page = await admin.GetAsync("/admin/analytics?range=30d");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-step=\"1\" data-count=\"7\"", html, StringComparison.Ordinal);
        Assert.Contains("data-step=\"3\" data-count=\"2\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart chart-bars\"", html, StringComparison.Ordinal);
    }
}

public sealed class AnalyticsReportsTests_Sqlite() : AnalyticsReportsTests(Db.Sqlite);

public sealed class AnalyticsReportsTests_Postgres() : AnalyticsReportsTests(Db.Postgres);

/// <summary>Who may open which analytics page: readers see the reports, only analytics managers see write keys.</summary>
public sealed class AnalyticsPageAccessTests() : AppTest(Db.Sqlite)
{
    private async Task<HttpClient> WithRoleAsync(string role)
    {
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var identity = scope.ServiceProvider.GetRequiredService<Ecosystem.Identity.Users.UserService>();
            var created = await identity.CreateAsync(role.Replace('_', '-'), role + "@example.test", null, "password-" + role, [role], CancellationToken.None);
            Assert.True(created.IsSuccess);
        }

        return await App.LoginAsync(role.Replace('_', '-'), "password-" + role);
    }

    [Theory]
    [InlineData("readonly", false)]
    [InlineData("support", false)]
    [InlineData("data_ops", true)]
    public async Task Analytics_readers_open_the_reports_and_only_managers_open_write_keys(string role, bool manages)
    {
        var client = await WithRoleAsync(role);
        foreach (var path in new[] { "/admin/analytics", "/admin/analytics/catalog", "/admin/analytics/customers" })
        {
            var page = await client.GetAsync(path);
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{role} {path}: {page.StatusCode}");
        }

        var keys = await client.GetAsync("/admin/analytics/write-keys");
        if (manages)
        {
            Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
            Assert.Contains("data-nav=\"analytics-write-keys\"", await keys.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal("/error/403", keys.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.DoesNotContain("data-nav=\"analytics-write-keys\"", await (await client.GetAsync("/admin/analytics")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_people_and_journeys_get_404_with_an_empty_state()
    {
        var admin = await App.AdminAsync();
        var person = await admin.GetAsync("/admin/analytics/customers/usr_nobody");
        Assert.Equal(HttpStatusCode.NotFound, person.StatusCode);
        Assert.Contains("data-testid=\"person-not-found\"", await person.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var journey = await admin.GetAsync("/admin/analytics/journeys/auto~usr_nobody~123");
        Assert.Equal(HttpStatusCode.NotFound, journey.StatusCode);
        Assert.Contains("data-testid=\"journey-not-found\"", await journey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_cannot_open_the_analytics_pages()
    {
        var user = await App.UserAsync();
        var page = await user.GetAsync("/admin/analytics/customers");
        Assert.Equal("/error/403", page.RequestMessage!.RequestUri!.AbsolutePath);
    }
}
