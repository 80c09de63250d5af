using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace Ecosystem.EndToEnd;

/// <summary>
/// The real RudderStack (<c>@rudderstack/rudder-sdk-node</c> 3.0.13, gzip on, its default) and Segment
/// (<c>@segment/analytics-node</c> 3.1.0) Node SDKs against the running product: each sends a person's calls in two
/// flushes (a track under an older user id, a page and a screen while anonymous; then identify, track, group and alias)
/// and the test reads what landed through the API: every call under the right person, the company on their Customer
/// 360, and the older id merged into them in their events, journey and 360.
/// </summary>
public abstract class SdkCompatibilityTests
{
    protected abstract Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync();

    [Theory]
    [InlineData("rudderstack")]
    [InlineData("segment")]
    public async Task A_real_SDKs_calls_land_under_the_right_person_and_alias_merges_the_older_id(string sdk)
    {
        if (await SdkPackages.EnsureRestoredAsync() is { } missing)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException("CI=true requires node: " + missing);
            Assert.Skip(missing);
        }

        var (connectionString, drop) = await CreateDatabaseAsync();
        try
        {
            await using var product = await ProductProcess.StartAsync(connectionString);
            var admin = await AdminAsync(product.BaseUrl);
            var created = await (await admin.PostAsJsonAsync("/api/admin/write-keys", new { name = sdk + " node sdk", policy = "reject" })).Content.ReadFromJsonAsync<JsonElement>();
            var writeKey = created.GetProperty("writeKey").GetString()!;

            var tag = sdk + "-" + Guid.NewGuid().ToString("N")[..8];
            var ids = new { anonymousId = "anon-" + tag, oldUserId = "old-" + tag, userId = "usr-" + tag, groupId = "grp-" + tag, company = "Company " + tag };
            foreach (var phase in new[] { "before", "after" })
            {
                var (code, output) = await SdkPackages.RunAsync("node", ["send.js", sdk, product.BaseUrl, writeKey, phase, JsonSerializer.Serialize(ids)], TimeSpan.FromMinutes(2));
                Assert.True(code == 0, $"{sdk} ({phase}) failed with {code}:\n{output}\nproduct log:\n{product.Log}");
            }

            // Every call is the person's: the track under the older id (merged by alias), page and screen while
            // anonymous (linked by identify), and identify, track, group and alias themselves.
            var events = (await admin.GetFromJsonAsync<JsonElement>($"/api/events?limit=200&userEcosystemId={ids.userId}")).GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(
                new[]
                {
                    "com.ecosystem.analytics.identity.aliased", "com.ecosystem.analytics.identity.grouped", "com.ecosystem.analytics.identity.identified",
                    "com.ecosystem.app.screen.viewed", "com.ecosystem.shell.navigation.clicked", "com.ecosystem.shell.navigation.clicked", "com.ecosystem.web.page.viewed",
                },
                events.Select(e => e.GetProperty("eventName").GetString()).Order(StringComparer.Ordinal));
            var merged = events.Single(e => e.GetProperty("metadata").TryGetProperty("target", out var t) && t.GetString() == "pricing");
            Assert.Equal(ids.oldUserId, merged.GetProperty("userEcosystemId").GetString()); // recorded under the older id, before the alias
            Assert.Equal("Welcome", events.Single(e => e.GetProperty("eventName").GetString() == "com.ecosystem.app.screen.viewed").GetProperty("metadata").GetProperty("name").GetString());

            // One person in Customer 360, with the company; the older id has none of its own.
            var view = await admin.GetFromJsonAsync<JsonElement>($"/api/customers/{ids.userId}/360");
            Assert.Equal(5, view.GetProperty("counters").GetProperty("events").GetInt64()); // page and screen were anonymous: journeys, not 360
            var group = Assert.Single(view.GetProperty("groups").EnumerateArray());
            Assert.Equal(ids.groupId, group.GetProperty("groupId").GetString());
            Assert.Equal(ids.company, group.GetProperty("name").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/customers/{ids.oldUserId}/360")).StatusCode);

            // The person's journey shows the merged event.
            var journeys = (await admin.GetFromJsonAsync<JsonElement>($"/api/journeys?userEcosystemId={ids.userId}")).EnumerateArray().ToList();
            Assert.Equal(7, journeys.Sum(j => j.GetProperty("eventCount").GetInt32()));
            var withMerged = false;
            foreach (var j in journeys)
            {
                var journey = await admin.GetFromJsonAsync<JsonElement>("/api/journeys/" + Uri.EscapeDataString(j.GetProperty("journeyId").GetString()!));
                Assert.Equal(ids.userId, journey.GetProperty("userEcosystemId").GetString());
                withMerged |= journey.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("eventId").GetString() == merged.GetProperty("eventId").GetString());
            }

            Assert.True(withMerged, "no journey of the person shows the event recorded under the older id");

            // A normal start (its readiness polled while the demo data was seeded) and this traffic logged no error.
            Assert.DoesNotContain(product.Log.Split('\n'), line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
        }
        finally
        {
            await drop();
        }
    }

    private static async Task<HttpClient> AdminAsync(string baseUrl)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var login = await (await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "admin" })).Content.ReadFromJsonAsync<JsonElement>();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", login.GetProperty("accessToken").GetString());
        return http;
    }
}

public sealed class SdkCompatibilityTests_Sqlite : SdkCompatibilityTests
{
    protected override Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ecosystem-sdk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Task.FromResult<(string, Func<Task>)>(($"Data Source={Path.Combine(dir, "ecosystem.db")}", () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
            return Task.CompletedTask;
        }));
    }
}

public sealed class SdkCompatibilityTests_Postgres : SdkCompatibilityTests
{
    protected override async Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable("ECOSYSTEM_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres";
        var name = "eco_sdk_" + Guid.NewGuid().ToString("N")[..12];
        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        try
        {
            await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) throw;
            Assert.Skip("PostgreSQL is not reachable: " + ex.Message);
        }

        return (new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
