using Ecosystem.Analytics.Ingestion;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ecosystem.Analytics.Customers;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Export;
using Ecosystem.Host;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Tests.Analytics;

/// <summary><c>ecosystem export events|customer360</c>: layout, content, order, resumability, argument checks.</summary>
public abstract class ExportTests(Db db) : AppTest(db)
{
    // "Today" is 2026-11-22 (UTC); the events below fall on the 19th, 20th and 21st, one on the 22nd (still open).
    private readonly TestClock clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s => EcosystemApp.UseClock(s, clock));

    private const string ReceivedAt = "2026-11-22T12:00:00.000000Z";

    // Sent in this order on purpose: the export must sort by (occurredAt, eventId) with ordinal comparison.
    private const string Batch = """
        {"events": [
          {"eventId": "evt-19-b", "eventName": "com.ecosystem.shell.navigation.clicked", "occurredAt": "2026-11-19T09:00:00Z",
           "userEcosystemId": "usr_lake_a", "journeyId": "jrn_lake_0001", "channel": "web", "metadata": {"target": "/app/card"}},
          {"eventId": "evt-19-a", "eventName": "com.ecosystem.web.page.viewed", "occurredAt": "2026-11-19T08:00:00.123456Z",
           "anonymousId": "anon-lake-1", "metadata": {
              "url": "/café",
              "title": "a \"quoted\", title"
           }, "context": {"page": {"path": "/café"}, "locale": "de-CH"}},
          {"eventId": "evt-19-c", "eventName": "com.ecosystem.credit-card.offer.viewed", "occurredAt": "2026-11-19T23:59:59.999999Z",
           "userEcosystemId": "usr_lake_a", "metadata": {}},
          {"eventId": "a-20", "eventName": "com.ecosystem.shell.navigation.clicked", "occurredAt": "2026-11-20T10:00:00Z",
           "userEcosystemId": "usr_lake_a", "metadata": {"target": "/app"}},
          {"eventId": "B-20", "eventName": "com.ecosystem.shell.navigation.clicked", "occurredAt": "2026-11-20T10:00:00Z",
           "userEcosystemId": "usr_lake_a", "metadata": {"target": "/app"}},
          {"eventId": "evt-20-early", "eventName": "com.ecosystem.credit-card.offer.viewed", "occurredAt": "2026-11-20T00:00:00Z",
           "userEcosystemId": "usr_lake_b", "metadata": {}},
          {"eventId": "evt-21-a", "eventName": "com.ecosystem.credit-card.offer.viewed", "occurredAt": "2026-11-21T07:30:00Z",
           "userEcosystemId": "usr_lake_b", "metadata": {}},
          {"eventId": "evt-22-a", "eventName": "com.ecosystem.shell.navigation.clicked", "occurredAt": "2026-11-22T00:00:00Z",
           "userEcosystemId": "usr_lake_c", "metadata": {"target": "/"}}
        ]}
        """;

    private async Task IngestAsync()
    {
        var admin = await App.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/write-keys", new { name = "lake test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = App.CreateClient();
        source.DefaultRequestHeaders.Add("X-Write-Key", (await created.Json()).GetProperty("writeKey").GetString());
        var response = await source.PostAsync("/api/events/batch", new StringContent(Batch, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Json();
        Assert.Equal(0, result.GetProperty("rejected").GetArrayLength());
        Assert.Equal(8, result.GetProperty("accepted").GetInt32());
    }

    private async Task<(int Exit, string Output)> ExportAsync(params string[] args)
    {
        var output = new StringWriter();
        var exit = await Cli.RunAsync(App.Services, ["export", .. args], output);
        return (exit, output.ToString());
    }

    private static List<string> ReadLines(string path, string separator = "\n")
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var text = reader.ReadToEnd();
        Assert.EndsWith(separator, text);
        return text[..^separator.Length].Split(separator).ToList();
    }

    private static List<JsonElement> ReadJson(string path) =>
        ReadLines(path).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private static string Partition(TempDir lake, string dataset, string day) => Path.Combine(lake.Path, dataset, "dt=" + day);

    private static Dictionary<string, DateTime> WriteTimes(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), File.GetLastWriteTimeUtc);

    [Fact]
    public async Task Events_are_exported_per_UTC_day_as_gzipped_JSON_lines_in_occurredAt_eventId_order()
    {
        await IngestAsync();
        using var lake = new TempDir();

        var (exit, output) = await ExportAsync("events", "--from", "2026-11-19", "--to", "2026-11-22", "--out", lake.Path);

        Assert.Equal(0, exit);
        Assert.Contains($"Exported 7 events in 3 partitions to {lake.Path} (0 skipped, already complete)", output);
        Assert.Contains("[##############################] 100%  3/3", output);
        Assert.Equal(["dt=2026-11-19", "dt=2026-11-20", "dt=2026-11-21"], Directory.GetDirectories(Path.Combine(lake.Path, "events")).Select(Path.GetFileName).Order());
        foreach (var day in new[] { "2026-11-19", "2026-11-20", "2026-11-21" })
        {
            Assert.Equal(["_SUCCESS", "part-00000.jsonl.gz"], Directory.GetFiles(Partition(lake, "events", day)).Select(Path.GetFileName).Order());
        }

        var day19 = ReadJson(Path.Combine(Partition(lake, "events", "2026-11-19"), "part-00000.jsonl.gz"));
        Assert.Equal(["evt-19-a", "evt-19-b", "evt-19-c"], day19.Select(e => e.GetProperty("eventId").GetString()));
        var page = day19[0];
        Assert.Equal(
            ["eventId", "eventName", "occurredAt", "receivedAt", "userEcosystemId", "anonymousId", "journeyId", "channel", "actorRole", "source", "metadata", "context"],
            page.EnumerateObject().Select(p => p.Name));
        Assert.Equal("com.ecosystem.web.page.viewed", page.GetProperty("eventName").GetString());
        Assert.Equal("2026-11-19T08:00:00.123456Z", page.GetProperty("occurredAt").GetString());
        Assert.Equal(ReceivedAt, page.GetProperty("receivedAt").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("userEcosystemId").ValueKind);
        Assert.Equal("anon-lake-1", page.GetProperty("anonymousId").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("journeyId").ValueKind);
        Assert.Equal("server", page.GetProperty("channel").GetString());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("actorRole").ValueKind);
        Assert.Equal("source", page.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Object, page.GetProperty("metadata").ValueKind);
        Assert.Equal("/café", page.GetProperty("metadata").GetProperty("url").GetString());
        Assert.Equal("a \"quoted\", title", page.GetProperty("metadata").GetProperty("title").GetString());
        Assert.Equal("de-CH", page.GetProperty("context").GetProperty("locale").GetString());

        var nav = day19[1];
        Assert.Equal("usr_lake_a", nav.GetProperty("userEcosystemId").GetString());
        Assert.Equal("jrn_lake_0001", nav.GetProperty("journeyId").GetString());
        Assert.Equal("web", nav.GetProperty("channel").GetString());
        Assert.Equal("/app/card", nav.GetProperty("metadata").GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, nav.GetProperty("context").ValueKind);
        Assert.Equal("2026-11-19T23:59:59.999999Z", day19[2].GetProperty("occurredAt").GetString());

        // Same occurredAt: ordinal event id order ('B' < 'a'), on both providers.
        var day20 = ReadJson(Path.Combine(Partition(lake, "events", "2026-11-20"), "part-00000.jsonl.gz"));
        Assert.Equal(["evt-20-early", "B-20", "a-20"], day20.Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal(["evt-21-a"], ReadJson(Path.Combine(Partition(lake, "events", "2026-11-21"), "part-00000.jsonl.gz")).Select(e => e.GetProperty("eventId").GetString()));

        // One compact object per line, even where the sender's metadata spanned several lines.
        Assert.Equal(3, ReadLines(Path.Combine(Partition(lake, "events", "2026-11-19"), "part-00000.jsonl.gz")).Count);

        using var marker = JsonDocument.Parse(File.ReadAllText(Path.Combine(Partition(lake, "events", "2026-11-20"), "_SUCCESS")));
        Assert.Equal("events", marker.RootElement.GetProperty("dataset").GetString());
        Assert.Equal("2026-11-20", marker.RootElement.GetProperty("dt").GetString());
        Assert.Equal(3, marker.RootElement.GetProperty("rows").GetInt64());
        var file = Assert.Single(marker.RootElement.GetProperty("files").EnumerateArray().ToList());
        Assert.Equal("part-00000.jsonl.gz", file.GetProperty("name").GetString());
        Assert.Equal(LakePartition.Sha256Of(Path.Combine(Partition(lake, "events", "2026-11-20"), "part-00000.jsonl.gz")), file.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task A_rerun_skips_complete_partitions_and_redoes_only_the_broken_one()
    {
        await IngestAsync();
        using var lake = new TempDir();
        string[] args = ["events", "--from", "2026-11-19", "--to", "2026-11-22", "--out", lake.Path];
        Assert.Equal(0, (await ExportAsync(args)).Exit);
        var before = new[] { "2026-11-19", "2026-11-20", "2026-11-21" }.ToDictionary(d => d, d => WriteTimes(Partition(lake, "events", d)));

        var (exit, output) = await ExportAsync(args);
        Assert.Equal(0, exit);
        Assert.Contains($"Exported 0 events in 0 partitions to {lake.Path} (3 skipped, already complete)", output);
        foreach (var (day, times) in before) Assert.Equal(times, WriteTimes(Partition(lake, "events", day)));

        // A corrupted marker, plus the leftovers of an interrupted run, in one partition only.
        var day20 = Partition(lake, "events", "2026-11-20");
        File.WriteAllText(Path.Combine(day20, "_SUCCESS"), "{\"dataset\": \"events\", \"dt\": \"2026-11-20\", \"rows\": 3, \"files\": [");
        File.WriteAllText(Path.Combine(day20, ".part-00001.jsonl.gz.tmp"), "half a file");
        File.WriteAllText(Path.Combine(day20, "part-00001.jsonl.gz"), "not listed anywhere");
        (exit, output) = await ExportAsync(args);
        Assert.Equal(0, exit);
        Assert.Contains("dt=2026-11-20: _SUCCESS is not valid JSON; removed 4 leftover file(s) and exporting it again", output);
        Assert.Contains($"Exported 3 events in 1 partition to {lake.Path} (2 skipped, already complete)", output);
        Assert.Equal(["_SUCCESS", "part-00000.jsonl.gz"], Directory.GetFiles(day20).Select(Path.GetFileName).Order());
        Assert.Equal(3, ReadJson(Path.Combine(day20, "part-00000.jsonl.gz")).Count);
        Assert.Equal(before["2026-11-19"], WriteTimes(Partition(lake, "events", "2026-11-19")));
        Assert.Equal(before["2026-11-21"], WriteTimes(Partition(lake, "events", "2026-11-21")));

        // A deleted marker: only that partition again.
        File.Delete(Path.Combine(Partition(lake, "events", "2026-11-21"), "_SUCCESS"));
        (exit, output) = await ExportAsync(args);
        Assert.Contains($"Exported 1 event in 1 partition to {lake.Path} (2 skipped, already complete)", output);
        Assert.Equal(before["2026-11-19"], WriteTimes(Partition(lake, "events", "2026-11-19")));

        // A data file that no longer matches its marker's SHA-256: only that partition again.
        var data19 = Path.Combine(Partition(lake, "events", "2026-11-19"), "part-00000.jsonl.gz");
        var bytes = File.ReadAllBytes(data19);
        bytes[^5] ^= 0xFF;
        File.WriteAllBytes(data19, bytes);
        (exit, output) = await ExportAsync(args);
        Assert.Equal(0, exit);
        Assert.Contains("dt=2026-11-19: part-00000.jsonl.gz has another SHA-256 than _SUCCESS records", output);
        Assert.Contains($"Exported 3 events in 1 partition to {lake.Path} (2 skipped, already complete)", output);
        Assert.Equal(3, ReadJson(data19).Count);
    }

    [Fact]
    public async Task A_day_that_has_not_ended_is_written_without_SUCCESS_and_redone_by_the_next_run()
    {
        await IngestAsync();
        using var lake = new TempDir();
        string[] args = ["events", "--from", "2026-11-21", "--to", "2026-11-23", "--out", lake.Path];

        var (exit, output) = await ExportAsync(args);
        Assert.Equal(0, exit);
        Assert.Contains("Not closed yet (the UTC day has not ended): dt=2026-11-22.", output);
        var today = Partition(lake, "events", "2026-11-22");
        Assert.False(File.Exists(Path.Combine(today, "_SUCCESS")));
        Assert.Contains("evt-22-a", ReadJson(Path.Combine(today, "part-00000.jsonl.gz")).Select(e => e.GetProperty("eventId").GetString()));
        Assert.True(File.Exists(Path.Combine(Partition(lake, "events", "2026-11-21"), "_SUCCESS")));

        (exit, output) = await ExportAsync(args);
        Assert.Equal(0, exit);
        Assert.Contains("dt=2026-11-22: no _SUCCESS marker; removed 1 leftover file(s) and exporting it again", output);
        Assert.Contains("in 1 partition to " + lake.Path + " (1 skipped, already complete)", output);

        clock.Advance(TimeSpan.FromDays(1));
        (exit, output) = await ExportAsync(args);
        Assert.Equal(0, exit);
        Assert.DoesNotContain("Not closed yet", output);
        Assert.True(File.Exists(Path.Combine(today, "_SUCCESS")));
    }

    [Fact]
    public async Task Days_without_events_get_no_partition()
    {
        await IngestAsync();
        using var lake = new TempDir();
        var (exit, output) = await ExportAsync("events", "--from=2026-11-15", "--to=2026-11-20", "--out=" + lake.Path);
        Assert.Equal(0, exit);
        Assert.Contains($"Exported 3 events in 1 partition to {lake.Path} (0 skipped, already complete)", output);
        Assert.Contains("4 days had no rows and got no partition.", output);
        Assert.Equal(["dt=2026-11-19"], Directory.GetDirectories(Path.Combine(lake.Path, "events")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_partition_rolls_to_the_next_part_file_after_RowsPerFile_rows()
    {
        await IngestAsync();
        using var lake = new TempDir();
        await using var scope = App.Services.CreateAsyncScope();
        var exporter = new LakeExporter(scope.ServiceProvider.GetRequiredService<AnalyticsDbContext>(), scope.ServiceProvider.GetRequiredService<EventInbox>(), clock) { RowsPerFile = 2 };
        var request = new ExportRequest(ExportDataset.Events, new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 20), lake.Path);

        var summary = await exporter.RunAsync(request, null, CancellationToken.None);

        Assert.Equal(3, summary.Rows);
        var day = Partition(lake, "events", "2026-11-19");
        Assert.Equal(["_SUCCESS", "part-00000.jsonl.gz", "part-00001.jsonl.gz"], Directory.GetFiles(day).Select(Path.GetFileName).Order());
        Assert.Equal(["evt-19-a", "evt-19-b"], ReadJson(Path.Combine(day, "part-00000.jsonl.gz")).Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal(["evt-19-c"], ReadJson(Path.Combine(day, "part-00001.jsonl.gz")).Select(e => e.GetProperty("eventId").GetString()));
        Assert.Null(LakePartition.Verify(day, "events", new DateOnly(2026, 11, 19), ["jsonl.gz"], out var rows));
        Assert.Equal(3, rows);
        Assert.Equal("_SUCCESS names another data set or day", LakePartition.Verify(day, "events", new DateOnly(2026, 11, 20), ["jsonl.gz"], out _));
        Assert.Equal("_SUCCESS does not list the expected files", LakePartition.Verify(day, "events", new DateOnly(2026, 11, 19), ["jsonl.gz", "csv.gz"], out _));

        // A marker that lists no files does not make a partition complete.
        var marker = Path.Combine(day, "_SUCCESS");
        var original = File.ReadAllText(marker);
        File.WriteAllText(marker, "{\"dataset\": \"events\", \"dt\": \"2026-11-19\", \"rows\": 3, \"files\": []}");
        Assert.Equal("_SUCCESS does not list the expected files", LakePartition.Verify(day, "events", new DateOnly(2026, 11, 19), ["jsonl.gz"], out _));
        File.WriteAllText(marker, original);
        Assert.Equal(1, (await exporter.RunAsync(request, null, CancellationToken.None)).Skipped);
    }

    [Fact]
    public async Task Customer360_is_exported_by_lastSeenAt_day_as_JSON_lines_and_CSV()
    {
        await IngestAsync();
        using var lake = new TempDir();

        var (exit, output) = await ExportAsync("customer360", "--from", "2026-11-19", "--to", "2026-11-22", "--out", lake.Path);

        Assert.Equal(0, exit);
        Assert.Contains($"Exported 2 customers in 2 partitions to {lake.Path} (0 skipped, already complete)", output);
        Assert.Equal(["dt=2026-11-20", "dt=2026-11-21"], Directory.GetDirectories(Path.Combine(lake.Path, "customer360")).Select(Path.GetFileName).Order());
        var day20 = Partition(lake, "customer360", "2026-11-20");
        Assert.Equal(["_SUCCESS", "part-00000.csv.gz", "part-00000.jsonl.gz"], Directory.GetFiles(day20).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var a = Assert.Single(ReadJson(Path.Combine(day20, "part-00000.jsonl.gz")));
        Assert.Equal("usr_lake_a", a.GetProperty("userEcosystemId").GetString());
        Assert.Equal("2026-11-19T09:00:00.000000Z", a.GetProperty("firstSeenAt").GetString());
        Assert.Equal("2026-11-20T10:00:00.000000Z", a.GetProperty("lastSeenAt").GetString());
        Assert.Equal(["credit-card"], a.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(JsonValueKind.Null, a.GetProperty("creditCardCurrentLimit").ValueKind);
        Assert.Equal("2026-11-20T10:00:00.000000Z", a.GetProperty("lastNavigationAt").GetString());
        Assert.Equal(4, a.GetProperty("counters").GetProperty("events").GetInt64());
        Assert.Equal(3, a.GetProperty("counters").GetProperty("navigations").GetInt64());

        var csv = ReadLines(Path.Combine(day20, "part-00000.csv.gz"), "\r\n");
        Assert.Equal(
            "userEcosystemId,firstSeenAt,lastSeenAt,products,creditCardStatus,creditCardCurrentLimit,creditCardAvailableLimit,creditCardCurrency," +
            "shopOrders,shopRevenue,shopCurrency,shopSubscriptionStatus,walletBalance,walletCurrency,vouchersHeld,vouchersRedeemed," +
            "marketplaceIntents,marketplacePurchases,marketplaceSpent,marketplaceCurrency,campaignsOptOut," +
            "engagementScore,lastNavigationAt,lastTransactionAt,lastOrderAt,lastTopUpAt,lastRedemptionAt,lastMarketplacePurchaseAt,lastCampaignMessageAt," +
            "countersEvents,countersLogins,countersNavigations,countersPurchases,countersApprovedPurchases,countersShopPayments,countersWalletTopUps,countersCampaignMessages",
            csv[0]);
        Assert.Equal(2, csv.Count);
        Assert.Equal(
            $"usr_lake_a,2026-11-19T09:00:00.000000Z,2026-11-20T10:00:00.000000Z,credit-card,none,,,,,,,none,,,,,,,,,,{a.GetProperty("engagementScore").GetInt32()}," +
            "2026-11-20T10:00:00.000000Z,,,,,,,4,0,3,0,0,0,0,0",
            csv[1]);
        using var marker = JsonDocument.Parse(File.ReadAllText(Path.Combine(day20, "_SUCCESS")));
        Assert.Equal(1, marker.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal(["part-00000.jsonl.gz", "part-00000.csv.gz"], marker.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));

        (exit, output) = await ExportAsync("customer360", "--from", "2026-11-19", "--to", "2026-11-22", "--out", lake.Path);
        Assert.Contains($"Exported 0 customers in 0 partitions to {lake.Path} (2 skipped, already complete)", output);
    }

    [Fact]
    public async Task Bad_arguments_exit_with_2_print_the_error_and_the_usage_and_write_nothing()
    {
        using var lake = new TempDir();
        foreach (var (args, message) in new (string[], string)[]
        {
            (["events", "--from", "2026-11-02", "--to", "2026-11-02", "--out", lake.Path], "--from must be before --to; --to is exclusive"),
            (["events", "--from", "2016-11-13", "--to", "2026-11-22", "--out", lake.Path], "the range spans 3661 days; one run exports at most 3660."),
            (["events", "--from", "2026-11-01", "--to", "2026-11-02"], "--out is required."),
            (["customers", "--from", "2026-11-01", "--to", "2026-11-02", "--out", lake.Path], "unknown data set 'customers': use events or customer360."),
        })
        {
            var (exit, output) = await ExportAsync(args);
            Assert.Equal(2, exit);
            Assert.StartsWith("error: " + message, output);
            Assert.Contains("usage: ecosystem export events|customer360 --from YYYY-MM-DD --to YYYY-MM-DD --out DIR", output);
        }

        Assert.False(Directory.Exists(lake.Path));
    }

    [Fact]
    public async Task A_second_export_into_the_same_folder_at_the_same_time_is_refused()
    {
        using var lake = new TempDir();
        Directory.CreateDirectory(Path.Combine(lake.Path, "events"));
        using (new FileStream(Path.Combine(lake.Path, "events", LakeExporter.LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (exit, output) = await ExportAsync("events", "--from", "2026-11-19", "--to", "2026-11-20", "--out", lake.Path);
            Assert.Equal(1, exit);
            Assert.Contains("error: another export is writing to " + Path.Combine(lake.Path, "events"), output);
        }

        Assert.Equal(0, (await ExportAsync("events", "--from", "2026-11-19", "--to", "2026-11-20", "--out", lake.Path)).Exit);
    }
}

/// <summary>Argument parsing and row formats, without a database.</summary>
public sealed class ExportFormatTests
{
    [Theory]
    [InlineData(new string[0], "say what to export: events or customer360.")]
    [InlineData(new[] { "--from", "2026-11-01" }, "say what to export: events or customer360.")]
    [InlineData(new[] { "orders", "--from", "2026-11-01", "--to", "2026-11-02", "--out", "x" }, "unknown data set 'orders': use events or customer360.")]
    [InlineData(new[] { "events", "--to", "2026-11-02", "--out", "x" }, "--from is required.")]
    [InlineData(new[] { "events", "--out", "x" }, "--from, --to are required.")]
    [InlineData(new[] { "events", "--from", "2026-11-01", "--to", "2026-11-02", "--out", "x", "--force" }, "unknown argument '--force'.")]
    [InlineData(new[] { "events", "--from", "2026-11-01", "--from", "2026-11-01", "--to", "2026-11-02", "--out", "x" }, "--from is given twice.")]
    [InlineData(new[] { "events", "--from", "2026-11-01", "--to", "2026-11-02", "--out" }, "--out needs a value.")]
    [InlineData(new[] { "events", "--from=", "--to", "2026-11-02", "--out", "x" }, "--from needs a value.")]
    [InlineData(new[] { "events", "--from", "11/01/2026", "--to", "2026-11-02", "--out", "x" }, "--from must be a date YYYY-MM-DD, not '11/01/2026'.")]
    [InlineData(new[] { "events", "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02", "--out", "x" }, "--from must be a date YYYY-MM-DD, not '2026-11-01T00:00:00Z'.")]
    [InlineData(new[] { "events", "--from", "2026-11-01", "--to", "2026-02-30", "--out", "x" }, "--to must be a date YYYY-MM-DD, not '2026-02-30'.")]
    [InlineData(new[] { "events", "--from", "2026-11-02", "--to", "2026-11-01", "--out", "x" }, "--from must be before --to; --to is exclusive (--from 2026-11-01 --to 2026-11-02 exports one day).")]
    [InlineData(new[] { "events", "--from", "2016-11-13", "--to", "2026-11-22", "--out", "x" }, "the range spans 3661 days; one run exports at most 3660.")]
    public void Bad_arguments_are_explained(string[] args, string message)
    {
        Assert.Null(ExportRequest.Parse(args, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Good_arguments_in_either_spelling_give_UTC_days_from_inclusive_to_exclusive()
    {
        var request = ExportRequest.Parse(["customer360", "--from=2016-11-14", "--to", "2026-11-22", "--out=lake"], out _)!;
        Assert.Equal(ExportDataset.Customer360, request.Dataset);
        Assert.Equal(3660, request.DayCount);
        Assert.Equal(new DateOnly(2016, 11, 14), request.Days().First());
        Assert.Equal(new DateOnly(2026, 11, 21), request.Days().Last());
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "lake"), request.OutputDirectory);

        var oneDay = ExportRequest.Parse(["events", "--out", "/tmp/x", "--to", "2026-11-02", "--from", "2026-11-01"], out _)!;
        Assert.Equal([new DateOnly(2026, 11, 1)], oneDay.Days());
        Assert.Equal("events", oneDay.DatasetName);
    }

    [Fact]
    public void CSV_fields_are_quoted_as_RFC_4180_says_and_products_are_joined_with_semicolons()
    {
        var line = new StringBuilder();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        string[] columns =
        [
            "userEcosystemId", "firstSeenAt", "lastSeenAt", "products", "creditCardStatus", "creditCardCurrentLimit", "creditCardAvailableLimit",
            "creditCardCurrency", "engagementScore", "lastNavigationAt", "lastTransactionAt", "counters.events", "counters.logins", "counters.navigations",
            "counters.purchases", "counters.approvedPurchases",
        ];
        static Customer360 Row(string[] columns, params object?[] values)
        {
            // Fields as the layout nests them: counters.x inside counters.
            var fields = new List<KeyValuePair<string, object?>>();
            var counters = new List<KeyValuePair<string, object?>>();
            foreach (var (name, value) in columns.Zip(values))
            {
                if (!name.StartsWith("counters.", StringComparison.Ordinal)) fields.Add(new(name, value));
                else if (counters.Count == 0) fields.Add(new("counters", counters));
                if (name.StartsWith("counters.", StringComparison.Ordinal)) counters.Add(new(name["counters.".Length..], value));
            }

            return new(fields);
        }
        RowFormats.WriteCustomerCsv(line, buffer, Row(columns,
            "usr_\"odd\",id", at, at, new[] { "credit-card", "growth-shop" }, "onboarded", 500_000L, 12_345L, "USD", 42, null, at.AddHours(-1), 9L, 1L, 2L, 3L, 2L), columns);
        RowFormats.WriteCustomerCsv(line, buffer, Row(columns,
            "usr_line\nbreak", at, at, Array.Empty<string>(), "none", null, null, null, 0, null, null, 1L, 0L, 0L, 0L, 0L), columns);
        Assert.Equal(
            "\"usr_\"\"odd\"\",id\",2026-11-20T10:00:00.000000Z,2026-11-20T10:00:00.000000Z,credit-card;growth-shop,onboarded,500000,12345,USD,42,," +
            "2026-11-20T09:00:00.000000Z,9,1,2,3,2\r\n" +
            "\"usr_line\nbreak\",2026-11-20T10:00:00.000000Z,2026-11-20T10:00:00.000000Z,,none,,,,0,,,1,0,0,0,0\r\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}

public sealed class ExportTests_Sqlite() : ExportTests(Db.Sqlite);

public sealed class ExportTests_Postgres() : ExportTests(Db.Postgres);

/// <summary>A fresh directory under the system temp folder, deleted afterwards.</summary>
internal sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ecosystem-lake-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
