using System.Net;
using System.Net.Http.Json;
using Ecosystem.Tests.Infrastructure;
using static Ecosystem.Tests.Analytics.AnalyticsTestKit;

namespace Ecosystem.Tests.Analytics;

public abstract class SegmentAndJourneyTests(Db db) : AppTest(db)
{
    [Theory]
    [InlineData(null)]
    [InlineData("application/octet-stream")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")] // what RudderStack's Node SDK really sends (axios's default for a byte body)
    public async Task A_gzipped_batch_without_a_JSON_content_type_is_accepted_as_RudderStacks_Node_SDK_sends_it(string? contentType)
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var id = Guid.NewGuid().ToString("N");
        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            batch = new object[]
            {
                new { type = "track", userId = "usr_rs_1", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "gz" }, messageId = "rs-gz-1-" + id },
                new { type = "track", userId = "usr_rs_1", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "gz" }, messageId = "rs-gz-2-" + id },
            },
        });
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(json);
        var body = new ByteArrayContent(compressed.ToArray());
        body.Headers.ContentEncoding.Add("gzip");
        body.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        var response = await source.PostAsync("/v1/batch", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(System.Text.Json.JsonDocument.Parse(answer).RootElement.GetProperty("accepted").GetInt32() == 2, answer);
        var admin = await App.AdminAsync();
        Assert.Equal(2, (await EventsAsync(admin, "userEcosystemId=usr_rs_1")).Count);
    }

    [Fact]
    public async Task A_Segment_SDK_can_track_page_identify_and_batch_with_its_write_key()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var segment = Source(App, key);
        var now = DateTimeOffset.UtcNow;
        var track = await segment.PostAsJsonAsync("/v1/track", new
        {
            userId = "usr_seg_1", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "pricing" },
            context = new { library = new { name = "analytics-node", version = "2.0" } }, timestamp = now.AddSeconds(-5), messageId = "seg-msg-1",
        });
        Assert.Equal(HttpStatusCode.OK, track.StatusCode);
        Assert.True((await track.Json()).GetProperty("success").GetBoolean());
        await segment.PostAsJsonAsync("/v1/track", new { userId = "usr_seg_1", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "pricing" }, messageId = "seg-msg-1" });
        await segment.PostAsJsonAsync("/v1/page", new { userId = "usr_seg_1", name = "Pricing", properties = new { url = "https://example.com/pricing" }, messageId = "seg-page-1" });

        var batch = await (await segment.PostAsJsonAsync("/v1/batch", new
        {
            batch = new object[]
            {
                new { type = "track", userId = "usr_seg_1", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "docs" }, messageId = "seg-b-1" },
                new { type = "merge", userId = "usr_seg_1", previousId = "x" }, // not one of Segment's six call types
                new { type = "track", userId = "usr_seg_1", @event = "Signed Up", messageId = "seg-b-2" },
            },
        })).Json();
        Assert.Equal(1, batch.GetProperty("accepted").GetInt32());
        Assert.Equal(2, batch.GetProperty("rejected").GetArrayLength());

        var admin = await App.AdminAsync();
        var stored = await EventsAsync(admin, "userEcosystemId=usr_seg_1");
        Assert.Equal(3, stored.Count);
        var first = stored.Single(e => e.GetProperty("eventId").GetString() == "seg-msg-1");
        Assert.Equal("pricing", first.GetProperty("metadata").GetProperty("target").GetString());
        Assert.Equal("analytics-node", first.GetProperty("context").GetProperty("library").GetProperty("name").GetString());
        Assert.Contains(stored, e => e.GetProperty("eventName").GetString() == "com.ecosystem.web.page.viewed" && e.GetProperty("metadata").GetProperty("name").GetString() == "Pricing");

        var user = await App.UserAsync();
        var withSession = await user.PostAsJsonAsync("/v1/track", new { userId = "x", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "x" } });
        Assert.Equal(HttpStatusCode.Unauthorized, withSession.StatusCode);
        Assert.Contains("Basic", withSession.Headers.WwwAuthenticate.ToString());
        var anonymous = await App.CreateClient().PostAsJsonAsync("/v1/track", new { userId = "x" });
        Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, await anonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_journey_becomes_the_persons_journey_after_identify()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var segment = Source(App, key);
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        const string journey = "jny_segment_journey_1";
        await segment.PostAsJsonAsync("/v1/page", new { anonymousId = "anon-42", name = "Landing", context = new { journeyId = journey }, timestamp = start, messageId = "j-1" });
        await segment.PostAsJsonAsync("/v1/track", new { anonymousId = "anon-42", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "signup" }, context = new { journeyId = journey }, timestamp = start.AddMinutes(1), messageId = "j-2" });
        await segment.PostAsJsonAsync("/v1/identify", new { anonymousId = "anon-42", userId = "usr_journey_1", traits = new { plan = "gold" }, context = new { journeyId = journey }, timestamp = start.AddMinutes(2), messageId = "j-3" });
        await segment.PostAsJsonAsync("/v1/track", new { anonymousId = "anon-42", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "card" }, context = new { journeyId = journey }, timestamp = start.AddMinutes(3), messageId = "j-4" });

        var admin = await App.AdminAsync();
        var j = await (await admin.GetAsync($"/api/journeys/{journey}")).Json();
        Assert.Equal("usr_journey_1", j.GetProperty("userEcosystemId").GetString());
        Assert.Equal(["j-1", "j-2", "j-3", "j-4"], j.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, j.GetProperty("endedAt").ValueKind);
        var after = j.GetProperty("events")[3];
        Assert.Equal("usr_journey_1", after.GetProperty("userEcosystemId").GetString());

        var list = await (await admin.GetAsync("/api/journeys?userEcosystemId=usr_journey_1")).Json();
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("journeyId").GetString() == journey && s.GetProperty("eventCount").GetInt32() == 4);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/journeys/jny_missing_journey")).StatusCode);
    }

    [Fact]
    public async Task Events_without_a_journey_id_are_split_into_journeys_by_30_minutes_of_inactivity()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var t0 = DateTimeOffset.UtcNow.AddHours(-5);
        await PostBatchAsync(source,
        [
            Nav("s-1", "usr_sess", t0), Nav("s-2", "usr_sess", t0.AddMinutes(10)), Nav("s-3", "usr_sess", t0.AddMinutes(35)),
            Nav("s-4", "usr_sess", t0.AddMinutes(120)),
        ]);
        var admin = await App.AdminAsync();
        var journeys = (await (await admin.GetAsync("/api/journeys?userEcosystemId=usr_sess")).Json()).EnumerateArray().ToList();
        Assert.Equal([1, 3], journeys.Select(j => j.GetProperty("eventCount").GetInt32()));
        var older = await (await admin.GetAsync($"/api/journeys/{journeys[1].GetProperty("journeyId").GetString()}")).Json();
        Assert.Equal(["s-1", "s-2", "s-3"], older.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal(t0.AddMinutes(35), older.GetProperty("endedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Logging_in_links_the_browsers_anonymous_id_to_the_person()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        await Source(App, key).PostAsJsonAsync("/v1/track", new { anonymousId = "anon-web-7", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "login" }, context = new { journeyId = "jny_web_before_login" }, messageId = "w-1" });
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Anonymous-Id", "anon-web-7");
        var login = await (await client.PostAsJsonAsync("/api/auth/login", new { username = "user", password = "user" })).Json();
        var id = login.GetProperty("user").GetProperty("userEcosystemId").GetString();

        var admin = await App.AdminAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? person = null;
        while (person is null && DateTime.UtcNow < deadline)
        {
            await Source(App, key).PostAsJsonAsync("/v1/track", new { anonymousId = "anon-web-7", @event = "com.ecosystem.shell.navigation.clicked", properties = new { target = "after" }, context = new { journeyId = "jny_web_before_login" }, messageId = "w-2-" + DateTime.UtcNow.Ticks });
            var j = await (await admin.GetAsync("/api/journeys/jny_web_before_login")).Json();
            person = j.GetProperty("userEcosystemId").GetString();
            if (person is null) await Task.Delay(100);
        }

        Assert.Equal(id, person);
    }
}

public sealed class SegmentAndJourneyTests_Sqlite() : SegmentAndJourneyTests(Db.Sqlite);

public sealed class SegmentAndJourneyTests_Postgres() : SegmentAndJourneyTests(Db.Postgres);
