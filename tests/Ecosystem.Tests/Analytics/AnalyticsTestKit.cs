using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Analytics;

/// <summary>Helpers shared by the analytics tests: write keys, batches, reading events and 360 rows.</summary>
internal static class AnalyticsTestKit
{
    /// <summary>Polls a person's Customer 360 until <paramref name="ready"/> holds (or 15 s pass, then returns the last view).</summary>
    public static async Task<JsonElement> WaitFor360Async(HttpClient client, string id, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var response = await client.GetAsync($"/api/customers/{id}/360");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var view = await response.Json();
                if (ready(view) || DateTime.UtcNow > deadline) return view;
            }
            else if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no 360 for {id}: {(int)response.StatusCode}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task<(string Id, string Key)> CreateWriteKeyAsync(EcosystemApp app, string policy = "reject")
    {
        var admin = await app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/admin/write-keys", new { name = "test source " + policy, policy })).Json();
        return (created.GetProperty("id").GetString()!, created.GetProperty("writeKey").GetString()!);
    }

    public static HttpClient Source(EcosystemApp app, string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
        return client;
    }

    public static Task<HttpResponseMessage> PostBatchAsync(HttpClient client, IEnumerable<object> events) =>
        client.PostAsJsonAsync("/api/events/batch", new { events });

    public static object Nav(string id, string user, DateTimeOffset at, string? journey = null) =>
        new { eventId = id, eventName = "com.ecosystem.shell.navigation.clicked", occurredAt = at, userEcosystemId = user, journeyId = journey, metadata = new { target = "home" } };

    public static async Task<List<JsonElement>> EventsAsync(HttpClient admin, string query)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/events?limit=200&{query}{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return all;
    }
}
