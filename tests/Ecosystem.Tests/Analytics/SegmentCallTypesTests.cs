using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Ecosystem.Tests.Analytics.AnalyticsTestKit;

namespace Ecosystem.Tests.Analytics;

/// <summary>
/// Segment's other three call types (issue 16, part 7): screen (a page for apps), group (a person's company, kept on
/// their Customer 360) and alias (two ids become one person: their events, journeys and 360 merge, and a rebuild from
/// the log gives the same one person).
/// </summary>
public abstract class SegmentCallTypesTests(Db db) : AppTest(db)
{
    private static string Unique(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_screen_call_is_stored_as_a_screen_view_with_its_name_alone_or_in_a_batch()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var user = Unique("usr_app");
        var single = await source.PostAsJsonAsync("/v1/screen", new { userId = user, name = "Home", category = "Main", properties = new { variant = "b" }, messageId = Unique("scr") });
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.True((await single.Json()).GetProperty("success").GetBoolean());
        var batch = await (await source.PostAsJsonAsync("/v1/batch", new { batch = new object[] { new { type = "screen", userId = user, name = "Settings", messageId = Unique("scr") } } })).Json();
        Assert.Equal(1, batch.GetProperty("accepted").GetInt32());

        var screens = (await EventsAsync(await App.AdminAsync(), $"userEcosystemId={user}&eventName=com.ecosystem.app.screen.viewed"))
            .Select(e => e.GetProperty("metadata")).ToList();
        Assert.Equal(["Home", "Settings"], screens.Select(m => m.GetProperty("name").GetString()).Order());
        var home = screens.Single(m => m.GetProperty("name").GetString() == "Home");
        Assert.Equal("Main", home.GetProperty("category").GetString());
        Assert.Equal("b", home.GetProperty("variant").GetString());
        Assert.False(home.TryGetProperty("url", out _));
    }

    [Fact]
    public async Task A_group_call_puts_the_company_on_the_persons_360_with_its_latest_traits()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var user = Unique("usr_grp");
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await source.PostAsJsonAsync("/v1/group", new { userId = user, groupId = "acme", traits = new { name = "ACME Inc", plan = "pro" }, timestamp = now.AddMinutes(-2), messageId = Unique("g") })).StatusCode);
        // An older call arriving later does not win over the newer traits.
        var batch = await (await source.PostAsJsonAsync("/v1/batch", new
        {
            batch = new object[]
            {
                new { type = "group", userId = user, groupId = "acme", traits = new { name = "ACME (old name)" }, timestamp = now.AddMinutes(-5), messageId = Unique("g") },
                new { type = "group", userId = user, groupId = "globex", traits = new { name = "Globex" }, timestamp = now.AddMinutes(-1), messageId = Unique("g") },
                new { type = "group", userId = user, traits = new { name = "no id" }, messageId = Unique("g") },
            },
        })).Json();
        Assert.Equal(2, batch.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(batch.GetProperty("rejected").EnumerateArray());
        Assert.Equal(2, rejected.GetProperty("index").GetInt32());
        Assert.Contains("groupId", rejected.GetProperty("reason").GetString());

        var admin = await App.AdminAsync();
        var view = await WaitFor360Async(admin, user, v => v.GetProperty("groups").GetArrayLength() == 2);
        var groups = view.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["acme", "globex"], groups.Select(g => g.GetProperty("groupId").GetString()));
        Assert.Equal("ACME Inc", groups[0].GetProperty("name").GetString());
        Assert.Equal("pro", groups[0].GetProperty("traits").GetProperty("plan").GetString());
        Assert.Equal(now.AddMinutes(-5), groups[0].GetProperty("firstSeenAt").GetDateTimeOffset(), TimeSpan.FromSeconds(5));

        var missing = await source.PostAsJsonAsync("/v1/group", new { userId = user, traits = new { name = "x" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("groupId", (await missing.Json()).GetProperty("detail").GetString());

        // The 360 page shows the company.
        var page = await (await admin.GetAsync($"/admin/analytics/customers/{user}")).Content.ReadAsStringAsync();
        Assert.Contains("ACME Inc", page);
        Assert.Contains("Globex", page);
    }

    [Fact]
    public async Task Alias_without_userId_or_previousId_is_refused_like_Segment_with_the_reason()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var noPrevious = await source.PostAsJsonAsync("/v1/alias", new { userId = "usr_alias_x" });
        Assert.Equal(HttpStatusCode.BadRequest, noPrevious.StatusCode);
        Assert.Contains("previousId", (await noPrevious.Json()).GetProperty("detail").GetString());
        var noUser = await source.PostAsJsonAsync("/v1/alias", new { previousId = "anon-x" });
        Assert.Equal(HttpStatusCode.BadRequest, noUser.StatusCode);
        Assert.Contains("userId", (await noUser.Json()).GetProperty("detail").GetString());
        var inBatch = await (await source.PostAsJsonAsync("/v1/batch", new { batch = new object[] { new { type = "alias", userId = "usr_alias_x" } } })).Json();
        Assert.Equal(0, inBatch.GetProperty("accepted").GetInt32());
        Assert.Contains("previousId", inBatch.GetProperty("rejected")[0].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Alias_of_an_anonymous_id_gives_the_person_the_visitors_events_and_journey()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var anonymous = Unique("anon");
        var user = Unique("usr_signup");
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        await source.PostAsJsonAsync("/v1/page", new { anonymousId = anonymous, name = "Landing", timestamp = start, messageId = Unique("p") });
        await source.PostAsJsonAsync("/v1/track", new { anonymousId = anonymous, @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "signup" }, timestamp = start.AddMinutes(1), messageId = Unique("t") });
        Assert.Equal(HttpStatusCode.OK, (await source.PostAsJsonAsync("/v1/alias", new { previousId = anonymous, userId = user, timestamp = start.AddMinutes(2), messageId = Unique("a") })).StatusCode);
        // After the alias, what the app still sends under the anonymous id is the person's.
        await source.PostAsJsonAsync("/v1/track", new { anonymousId = anonymous, @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "after" }, timestamp = start.AddMinutes(3), messageId = Unique("t") });

        var admin = await App.AdminAsync();
        var events = await EventsAsync(admin, "userEcosystemId=" + user);
        Assert.Equal(4, events.Count);
        var journeys = (await (await admin.GetAsync("/api/journeys?userEcosystemId=" + user)).Json()).EnumerateArray().ToList();
        var journey = Assert.Single(journeys);
        Assert.Equal(4, journey.GetProperty("eventCount").GetInt32());
        var detail = await (await admin.GetAsync("/api/journeys/" + Uri.EscapeDataString(journey.GetProperty("journeyId").GetString()!))).Json();
        Assert.Equal(user, detail.GetProperty("userEcosystemId").GetString());
        Assert.Equal(4, detail.GetProperty("events").GetArrayLength());
        Assert.Equal("com.ecosystem.web.page.viewed", detail.GetProperty("events")[0].GetProperty("eventName").GetString());
    }

    [Fact]
    public async Task Alias_of_an_older_user_id_merges_the_two_people_into_one_in_events_journeys_360_and_a_rebuild()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var old = Unique("usr_old");
        var user = Unique("usr_new");
        var t0 = DateTimeOffset.UtcNow.AddHours(-3);
        await PostBatchAsync(source, [Nav(Unique("o"), old, t0), Nav(Unique("o"), old, t0.AddMinutes(5))]);
        await source.PostAsJsonAsync("/v1/group", new { userId = old, groupId = "initech", traits = new { name = "Initech" }, timestamp = t0.AddMinutes(6), messageId = Unique("g") });
        await PostBatchAsync(source, [Nav(Unique("n"), user, t0.AddHours(1))]);
        var admin = await App.AdminAsync();
        Assert.Equal(3, (await WaitFor360Async(admin, old, v => v.GetProperty("counters").GetProperty("events").GetInt64() == 3)).GetProperty("counters").GetProperty("events").GetInt64());

        var messageId = Unique("alias");
        var alias = new { type = "alias", previousId = old, userId = user, timestamp = t0.AddHours(2), messageId };
        Assert.Equal(HttpStatusCode.OK, (await source.PostAsJsonAsync("/v1/alias", alias)).StatusCode);
        var once = await (await admin.GetAsync($"/api/customers/{user}/360")).Json();
        // The SDK retries (same messageId): the same result as once.
        var again = await (await source.PostAsJsonAsync("/v1/batch", new { batch = new[] { alias } })).Json();
        Assert.Equal(1, again.GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await source.PostAsJsonAsync("/v1/alias", alias)).StatusCode);
        Assert.Equal(once.ToString(), (await (await admin.GetAsync($"/api/customers/{user}/360")).Json()).ToString());

        // One person: the older id's 360 is gone, the survivor's holds everything (4 events + the alias itself).
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/customers/{old}/360")).StatusCode);
        Assert.Equal(5, once.GetProperty("counters").GetProperty("events").GetInt64());
        Assert.Equal(t0, once.GetProperty("firstSeenAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal("Initech", once.GetProperty("groups")[0].GetProperty("name").GetString());

        // Later events under the older id are the survivor's.
        await PostBatchAsync(source, [Nav(Unique("late"), old, t0.AddHours(2).AddMinutes(1))]);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/customers/{old}/360")).StatusCode);
        Assert.Equal(6, (await WaitFor360Async(admin, user, v => v.GetProperty("counters").GetProperty("events").GetInt64() == 6)).GetProperty("counters").GetProperty("events").GetInt64());

        var events = await EventsAsync(admin, "userEcosystemId=" + user);
        Assert.Equal(6, events.Count);
        var journeys = (await (await admin.GetAsync("/api/journeys?userEcosystemId=" + user)).Json()).EnumerateArray().ToList();
        Assert.Equal(6, journeys.Sum(j => j.GetProperty("eventCount").GetInt32()));
        var first = journeys.OrderBy(j => j.GetProperty("startedAt").GetDateTimeOffset()).First();
        var detail = await (await admin.GetAsync("/api/journeys/" + Uri.EscapeDataString(first.GetProperty("journeyId").GetString()!))).Json();
        Assert.Equal(user, detail.GetProperty("userEcosystemId").GetString());
        Assert.Equal(3, detail.GetProperty("events").GetArrayLength());

        // A rebuild from the event log yields the same single person, byte for byte.
        IReadOnlyList<string> incremental, rebuilt;
        await using (var scope = App.Services.CreateAsyncScope())
        {
            incremental = await scope.ServiceProvider.GetRequiredService<Customer360Queries>().CanonicalAsync(CancellationToken.None);
        }

        Assert.Equal(0, await Ecosystem.Host.Cli.RunAsync(App.Services, ["customer360", "rebuild"], new StringWriter()));
        await using (var scope = App.Services.CreateAsyncScope())
        {
            rebuilt = await scope.ServiceProvider.GetRequiredService<Customer360Queries>().CanonicalAsync(CancellationToken.None);
        }

        Assert.Equal(incremental, rebuilt);
        Assert.DoesNotContain(rebuilt, r => r.StartsWith(old + "|", StringComparison.Ordinal));
        Assert.Single(rebuilt, r => r.StartsWith(user + "|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Aliases_in_a_chain_end_at_one_person()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var (a, b, c) = (Unique("usr_a"), Unique("usr_b"), Unique("usr_c"));
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await PostBatchAsync(source, [Nav(Unique("e"), a, t0), Nav(Unique("e"), b, t0.AddMinutes(1)), Nav(Unique("e"), c, t0.AddMinutes(2))]);
        await source.PostAsJsonAsync("/v1/alias", new { previousId = a, userId = b, messageId = Unique("a") });
        await source.PostAsJsonAsync("/v1/alias", new { previousId = b, userId = c, messageId = Unique("a") });
        // Pointing back at an id already merged changes nothing: the first link of an id wins.
        await source.PostAsJsonAsync("/v1/alias", new { previousId = c, userId = a, messageId = Unique("a") });
        await PostBatchAsync(source, [Nav(Unique("e"), a, t0.AddMinutes(3))]);

        var admin = await App.AdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/customers/{a}/360")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/customers/{b}/360")).StatusCode);
        var view = await (await admin.GetAsync($"/api/customers/{c}/360")).Json();
        Assert.Equal(7, view.GetProperty("counters").GetProperty("events").GetInt64()); // 4 navigations + 3 aliases
        Assert.Equal(7, (await EventsAsync(admin, "userEcosystemId=" + c)).Count);
    }
}

public sealed class SegmentCallTypesTests_Sqlite() : SegmentCallTypesTests(Db.Sqlite);

public sealed class SegmentCallTypesTests_Postgres() : SegmentCallTypesTests(Db.Postgres);
