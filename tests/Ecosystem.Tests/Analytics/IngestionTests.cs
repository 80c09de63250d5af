using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ecosystem.Tests.Infrastructure;
using static Ecosystem.Tests.Analytics.AnalyticsTestKit;

namespace Ecosystem.Tests.Analytics;

public abstract class IngestionTests(Db db) : AppTest(db)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Segment_calls_are_read_as_JSON_whatever_their_content_type_says_and_a_body_that_is_not_JSON_is_400()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        const string Track = """{"userId":"usr_plain","event":"com.ecosystem.shell.navigation.clicked","properties":{"target":"x"}}""";
        var plain = await Source(App, key).PostAsync("/v1/track", new StringContent(Track, System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(System.Net.HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(1, (await plain.Json()).GetProperty("accepted").GetInt32());
        // RudderStack's Node SDK (axios) labels its gzip batches application/x-www-form-urlencoded.
        var labelledForm = await Source(App, key).PostAsync("/v1/track", new StringContent(Track, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(System.Net.HttpStatusCode.OK, labelledForm.StatusCode);
        Assert.Equal(1, (await labelledForm.Json()).GetProperty("accepted").GetInt32());
        var form = await Source(App, key).PostAsync("/v1/track", new StringContent("a=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal("MALFORMED_REQUEST", await form.Code());
    }

    [Theory]
    [InlineData("/v1/page", """{"anonymousId":"anon-1","name":42}""")]
    [InlineData("/v1/page", """{"anonymousId":"anon-1","properties":"text"}""")]
    [InlineData("/v1/page", """{"anonymousId":"anon-1","properties":{"url":"\ud800"}}""")]
    [InlineData("/v1/track", """{"userId":"\ud800","event":"com.ecosystem.shell.navigation.clicked","properties":{"target":"x"}}""")]
    [InlineData("/v1/identify", """{"userId":"usr_1","anonymousId":"\udfff"}""")]
    [InlineData("/v1/identify", """{"userId":"usr_1","anonymousId":"a\u0000b"}""")]
    [InlineData("/v1/batch", """{"batch":[{"type":"\ud800"}]}""")]
    [InlineData("/v1/batch", """{"sentAt":"\ud800","batch":[{"type":"track","userId":"usr_1","event":"com.ecosystem.shell.navigation.clicked","properties":{"target":"x"}}]}""")]
    public async Task A_Segment_call_with_a_non_text_field_is_rejected_not_stored_and_never_a_500(string path, string body)
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var response = await Source(App, key).PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var result = await response.Json();
        Assert.Equal(0, result.GetProperty("accepted").GetInt32());
        Assert.Equal("VALIDATION_FAILED", result.GetProperty("rejected")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_batch_stores_the_good_events_and_reports_each_bad_one_by_index()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        object[] events =
        [
            Nav("b1-ok-1", "usr_batch_a", Now.AddMinutes(-2)),
            new { eventName = "Order Completed", userEcosystemId = "usr_batch_a" },
            new { eventName = "com.ecosystem.shell.navigation.clicked", userEcosystemId = "usr_batch_a", occurredAt = Now.AddHours(2), metadata = new { target = "x" } },
            new { eventName = "com.ecosystem.shell.navigation.clicked", userEcosystemId = "usr_batch_a", occurredAt = Now.AddDays(-45), metadata = new { target = "x" } },
            new { eventName = "com.ecosystem.shell.navigation.clicked", userEcosystemId = "usr_batch_a", metadata = new { wrong = 1 } },
            new { eventName = 42, userEcosystemId = "usr_batch_a" },
            new { eventName = "com.ecosystem.shell.navigation.clicked", metadata = new { target = "x" } },
            new { eventName = "com.ecosystem.shell.navigation.clicked", userEcosystemId = "usr_batch_a", metadata = new { target = new string('x', 40_000) } },
            "not an object",
            Nav("b1-ok-2", "usr_batch_b", Now.AddMinutes(-1)),
        ];
        var response = await PostBatchAsync(source, events);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Json();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.GetProperty("stored").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.GetProperty("code").GetString());
        Assert.Equal(new Dictionary<int, string?>
        {
            [1] = "EVENT_NAME_INVALID", [2] = "TIMESTAMP_IN_FUTURE", [3] = "TIMESTAMP_TOO_OLD", [4] = "EVENT_NOT_IN_CATALOG",
            [5] = "VALIDATION_FAILED", [6] = "MISSING_IDENTITY", [7] = "EVENT_TOO_LARGE", [8] = "VALIDATION_FAILED",
        }, rejected);

        var admin = await App.AdminAsync();
        var stored = await EventsAsync(admin, "eventName=com.ecosystem.shell.navigation.clicked");
        Assert.Equal(["b1-ok-2", "b1-ok-1"], stored.Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal("source", stored[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Oversized_or_malformed_requests_are_4xx_and_store_nothing()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var tooMany = Enumerable.Range(0, 2_501).Select(i => Nav($"many-{i}", "usr_x", Now));
        var many = await PostBatchAsync(source, tooMany);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, many.StatusCode);
        Assert.Contains(await many.Code(), new[] { "BATCH_TOO_LARGE", "PAYLOAD_TOO_LARGE" });

        var big = await source.PostAsync("/api/events/batch", new StringContent("{\"events\":[" + string.Join(",", Enumerable.Repeat("{\"eventName\":\"" + new string('a', 1000) + "\"}", 600)) + "]}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal("PAYLOAD_TOO_LARGE", await big.Code());

        var malformed = await source.PostAsync("/api/events/batch", new StringContent("{\"events\":[{", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("MALFORMED_REQUEST", await malformed.Code());

        var wrongShape = await source.PostAsync("/api/events/batch", new StringContent("{\"events\":5}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongShape.StatusCode);

        var admin = await App.AdminAsync();
        Assert.Empty(await EventsAsync(admin, "userEcosystemId=usr_x"));
    }

    [Fact]
    public async Task A_resent_event_is_accepted_and_stored_once()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        object[] events = [Nav("dup-1", "usr_dup", Now.AddMinutes(-3)), Nav("dup-2", "usr_dup", Now.AddMinutes(-2)), Nav("dup-1", "usr_dup", Now.AddMinutes(-3))];
        var first = await (await PostBatchAsync(source, events)).Json();
        Assert.Equal(3, first.GetProperty("accepted").GetInt32());
        Assert.Equal(2, first.GetProperty("stored").GetInt32());
        var again = await (await PostBatchAsync(source, events)).Json();
        Assert.Equal(3, again.GetProperty("accepted").GetInt32());
        Assert.Equal(0, again.GetProperty("stored").GetInt32());

        var admin = await App.AdminAsync();
        Assert.Equal(2, (await EventsAsync(admin, "userEcosystemId=usr_dup")).Count);
        var view = await (await admin.GetAsync("/api/customers/usr_dup/360")).Json();
        Assert.Equal(2, view.GetProperty("counters").GetProperty("events").GetInt64());
    }

    [Fact]
    public async Task Parallel_batches_with_overlapping_ids_store_each_event_once_and_count_it_once()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var source = Source(App, key);
        var batches = Enumerable.Range(0, 20).Select(b =>
            Enumerable.Range(0, 100).Select(i => Nav($"par-{(b * 50) + i}", $"usr_par_{((b * 50) + i) % 7}", Now.AddSeconds(-((b * 50) + i)))).ToList()).ToList();
        var responses = await Task.WhenAll(batches.Select(b => PostBatchAsync(source, b)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var stored = (await Task.WhenAll(responses.Select(r => r.Json()))).Sum(j => j.GetProperty("stored").GetInt32());
        var distinct = batches.SelectMany(b => b).Select(e => ((dynamic)e).eventId).Distinct().Count();
        Assert.Equal(1_050, distinct);
        Assert.Equal(distinct, stored);

        var admin = await App.AdminAsync();
        long total = 0;
        for (var u = 0; u < 7; u++) total += (await (await admin.GetAsync($"/api/customers/usr_par_{u}/360")).Json()).GetProperty("counters").GetProperty("events").GetInt64();
        Assert.Equal(distinct, total);
    }

    [Fact]
    public async Task Write_keys_authenticate_sources_and_a_revoked_or_unknown_key_is_401()
    {
        var (id, key) = await CreateWriteKeyAsync(App);
        Assert.Equal(HttpStatusCode.OK, (await PostBatchAsync(Source(App, key), [Nav("wk-1", "usr_wk", Now)])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostBatchAsync(Source(App, "wk_not-a-real-key-000000000000"), [Nav("wk-2", "usr_wk", Now)])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostBatchAsync(App.CreateClient(), [Nav("wk-3", "usr_wk", Now)])).StatusCode);

        var admin = await App.AdminAsync();
        var keys = await (await admin.GetAsync("/api/admin/write-keys")).Json();
        Assert.DoesNotContain(key, keys.GetRawText());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/write-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostBatchAsync(Source(App, key), [Nav("wk-4", "usr_wk", Now)])).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/admin/write-keys/wkey_missing")).StatusCode);

        var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsJsonAsync("/api/admin/write-keys", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.PostAsJsonAsync("/api/admin/write-keys", new { name = "", policy = "drop" })).StatusCode);
    }

    [Fact]
    public async Task A_quarantine_key_keeps_events_the_catalog_does_not_know_out_of_the_store()
    {
        var (_, key) = await CreateWriteKeyAsync(App, "quarantine");
        var response = await (await PostBatchAsync(Source(App, key),
        [
            new { eventId = "q-1", eventName = "com.ecosystem.garden.plant.watered", userEcosystemId = "usr_q", metadata = new { orderId = "o1" } },
            new { eventId = "q-2", eventName = "com.ecosystem.shell.navigation.clicked", userEcosystemId = "usr_q" },
            Nav("q-3", "usr_q", Now),
        ])).Json();
        Assert.True(response.TryGetProperty("accepted", out _), response.GetRawText());
        Assert.Equal(1, response.GetProperty("accepted").GetInt32());
        Assert.Equal(2, response.GetProperty("quarantined").GetInt32());
        Assert.Empty(response.GetProperty("rejected").EnumerateArray());

        var admin = await App.AdminAsync();
        var quarantine = (await (await admin.GetAsync("/api/admin/quarantine")).Json()).EnumerateArray().ToList();
        Assert.Contains(quarantine, q => q.GetProperty("eventName").GetString() == "com.ecosystem.garden.plant.watered" && q.GetProperty("reason").GetString()!.Contains("unknown event name"));
        Assert.Contains(quarantine, q => q.GetProperty("reason").GetString() == "missing property 'target'");
        Assert.Single(await EventsAsync(admin, "userEcosystemId=usr_q"));

        var catalog = (await (await admin.GetAsync("/api/admin/event-catalog")).Json()).EnumerateArray().ToList();
        var nav = catalog.Single(c => c.GetProperty("name").GetString() == "com.ecosystem.shell.navigation.clicked");
        Assert.Equal(1, nav.GetProperty("count").GetInt64());
        Assert.Equal("string", nav.GetProperty("required").GetProperty("target").GetString());
        Assert.Contains(catalog, c => c.GetProperty("name").GetString() == "com.ecosystem.credit-card.purchase.simulated" && c.GetProperty("registered").GetBoolean());
    }

    [Fact]
    public async Task A_signed_in_person_sends_only_their_own_events()
    {
        var user = await App.UserAsync();
        var me = (await (await user.GetAsync("/api/me")).Json()).GetProperty("userEcosystemId").GetString();
        var body = await (await PostBatchAsync(user,
        [
            new { eventName = "com.ecosystem.shell.navigation.clicked", metadata = new { target = "a" } },
            new { eventName = "com.ecosystem.shell.navigation.clicked", userEcosystemId = me, metadata = new { target = "b" } },
            new { eventName = "com.ecosystem.shell.navigation.clicked", userEcosystemId = "usr_someone_else", metadata = new { target = "c" } },
        ])).Json();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal("USER_MISMATCH", body.GetProperty("rejected")[0].GetProperty("code").GetString());
        Assert.Equal(2, body.GetProperty("rejected")[0].GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task Client_clock_skew_is_corrected_from_sentAt_the_way_Segment_does()
    {
        var (_, key) = await CreateWriteKeyAsync(App);
        var clientClockAhead = TimeSpan.FromHours(3);
        var clientNow = DateTimeOffset.UtcNow + clientClockAhead;
        var response = await Source(App, key).PostAsJsonAsync("/api/events/batch", new
        {
            sentAt = clientNow,
            events = new[] { new { eventId = "skew-1", eventName = "com.ecosystem.shell.navigation.clicked", occurredAt = clientNow.AddSeconds(-20), userEcosystemId = "usr_skew", metadata = new { target = "x" } } },
        });
        Assert.Equal(1, (await response.Json()).GetProperty("stored").GetInt32());
        var admin = await App.AdminAsync();
        var stored = (await EventsAsync(admin, "userEcosystemId=usr_skew")).Single();
        var occurred = stored.GetProperty("occurredAt").GetDateTimeOffset();
        var received = stored.GetProperty("receivedAt").GetDateTimeOffset();
        Assert.InRange((received - occurred).TotalSeconds, 19, 25);
    }
}

public sealed class IngestionTests_Sqlite() : IngestionTests(Db.Sqlite);

public sealed class IngestionTests_Postgres() : IngestionTests(Db.Postgres);
