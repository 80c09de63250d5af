using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Bench;

/// <summary>
/// The bare HTTP ceiling: a minimal-API Kestrel server, run as a separate process (this program with
/// <c>--serve-http-ceiling PORT</c>) so it competes for the 2 cores the way the product does. Endpoints:
/// <c>POST /batch</c> reads the whole body and answers a small JSON; <c>POST /batch-json</c> also parses it with
/// JsonDocument and reads every event's fields, as the product's endpoint does before validation; <c>POST /event</c>
/// reads one event body.
/// </summary>
internal static class HttpCeilingServer
{
    public const string Flag = "--serve-http-ceiling";

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/batch", async (HttpRequest request) =>
        {
            var bytes = await ReadAllAsync(request).ConfigureAwait(false);
            return Results.Json(new SmallAnswer(true, bytes.Length, 0), CeilingJson.Default.SmallAnswer);
        });
        app.MapPost("/batch-json", async (HttpRequest request) =>
        {
            var bytes = await ReadAllAsync(request).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(bytes);
            var count = 0;
            foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.String) _ = p.Value.GetString();
                    else _ = p.Value.GetRawText();
                }

                count++;
            }

            return Results.Json(new SmallAnswer(true, bytes.Length, count), CeilingJson.Default.SmallAnswer);
        });
        app.MapPost("/event", async (HttpRequest request) =>
        {
            var bytes = await ReadAllAsync(request).ConfigureAwait(false);
            return Results.Json(new SmallAnswer(true, bytes.Length, 1), CeilingJson.Default.SmallAnswer, statusCode: 202);
        });
        app.MapGet("/ready", () => "ok");
        await app.StartAsync().ConfigureAwait(false);
        // Runs until the harness kills it or closes our standard input (the harness died), whichever comes first.
        var stdinClosed = Task.Run(() => Console.In.ReadToEnd());
        await stdinClosed.ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        using var ms = new MemoryStream(request.ContentLength is > 0 and < 4_000_000 ? (int)request.ContentLength.Value : 16 * 1024);
        await request.Body.CopyToAsync(ms).ConfigureAwait(false);
        return ms.ToArray();
    }

    public static async Task<CeilingProcess> StartAsync(CancellationToken ct)
    {
        var port = ChildProcesses.FreePort();
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { typeof(HttpCeilingServer).Assembly.Location, Flag, port.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        // The product's runtime settings (src/Ecosystem.Host/Ecosystem.Host.csproj): workstation GC, dynamic PGO off.
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        var log = new StringBuilder();
        var p = ChildProcesses.Start(start, line => { lock (log) log.AppendLine(line); });
        var url = $"http://127.0.0.1:{port}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var r = await http.GetAsync(url + "/ready", ct).ConfigureAwait(false);
                if (r.IsSuccessStatusCode) return new CeilingProcess(p, url);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (p.HasExited || sw.Elapsed > TimeSpan.FromSeconds(60))
            {
                await ChildProcesses.StopAsync(p).ConfigureAwait(false);
                lock (log) throw new InvalidOperationException("The HTTP ceiling server did not start:\n" + log);
            }

            await Task.Delay(50, ct).ConfigureAwait(false);
        }
    }
}

internal sealed record SmallAnswer(bool Ok, int Bytes, int Events);

[System.Text.Json.Serialization.JsonSerializable(typeof(SmallAnswer))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class CeilingJson : System.Text.Json.Serialization.JsonSerializerContext;

internal sealed class CeilingProcess(Process process, string baseUrl) : IAsyncDisposable
{
    public string BaseUrl { get; } = baseUrl;
    public int Pid { get; } = process.Id;

    public ValueTask DisposeAsync() => new(ChildProcesses.StopAsync(process));
}
