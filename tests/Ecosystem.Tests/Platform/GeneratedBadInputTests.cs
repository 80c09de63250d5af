using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Tests.Platform;

/// <summary>
/// Generated from the live route table: every endpoint that accepts a JSON body gets a valid-looking body (from its
/// request type, or an example for hand-parsed bodies) and then hundreds of mutations of it, sent by a caller its
/// policy admits. Never a 500; a 4xx is a problem with a code and leaves the database unchanged (row counts and a
/// checksum over every table); a 2xx is allowed only for inputs a user may legitimately send (text with unicode or
/// injection strings, optional fields left out), and then the value is stored verbatim and every page escapes it.
/// </summary>
public abstract class GeneratedBadInputTests(Db db) : AppTest(db)
{
    /// <summary>Shown on pages only escaped; its raw form on any page is a stored XSS.</summary>
    private const string ScriptProbe = "<script>alert('xss-probe')</script>";

    /// <summary>Values the domain needs for a body to get past validation; everything else is generated from the type.</summary>
    private static readonly Dictionary<string, JsonNode> FieldHints = new(StringComparer.OrdinalIgnoreCase)
    {
        ["signatureText"] = "I agree",
        ["username"] = "user",
        ["password"] = "user",
        ["policy"] = "reject",
        ["amount"] = 100,
    };

    /// <summary>Valid bodies for endpoints that read their JSON by hand (request type <see cref="JsonElement"/>), by endpoint name.</summary>
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["TrackEvent"] = """{"eventName":"com.ecosystem.shell.navigation.clicked","channel":"web","metadata":{"target":"card"}}""",
        ["TrackEventBatch"] = """{"events":[{"eventName":"com.ecosystem.shell.navigation.clicked","channel":"web","metadata":{"target":"card"}}]}""",
        ["Segment_track"] = """{"event":"com.ecosystem.shell.navigation.clicked","userId":"usr_bad_input","properties":{"target":"card"}}""",
        ["Segment_page"] = """{"name":"Home","anonymousId":"anon-bad-input","properties":{"url":"https://example.com/"}}""",
        ["Segment_identify"] = """{"userId":"usr_bad_input","traits":{"plan":"gold"}}""",
        ["Segment_batch"] = """{"batch":[{"type":"track","event":"com.ecosystem.shell.navigation.clicked","userId":"usr_bad_input","properties":{"target":"card"}}]}""",
    };

    /// <summary>Free-form property bags of hand-parsed bodies: any JSON value is allowed inside unless the event catalog types it.</summary>
    private static readonly string[] Bags = ["metadata.", "properties.", "traits.", "context."];

    private static readonly string[] MassAssignment = ["role", "roles", "status", "availableLimit", "currentLimit", "userEcosystemId", "id", "version", "approved", "isAdmin", "__proto__"];

    private static readonly string[] TextProbes =
    [
        "", "   ", "名前 עברית العربية Ελληνικά", "\u202Egnp.exe\u202C", "😀👍🏽🇵🇹", "a\u0000b", "bell\u0007esc\u001b[31m", "line1\r\nline2",
        "'; DROP TABLE users; --", "' OR '1'='1", "1; SELECT pg_sleep(5)--", ScriptProbe, "\"><img src=x onerror=alert(1)>", "{{7*7}}${7*7}", "../../etc/passwd",
        new string('x', 10_000),
    ];

    private enum Kind
    {
        /// <summary>Must be refused (or, for batch endpoints, reported as rejected) without writing anything.</summary>
        Reject,

        /// <summary>May be accepted; then stored verbatim.</summary>
        MayAccept,
    }

    private sealed record Input(string What, string Body, Kind Kind, string? Field = null, JsonNode? Value = null, string ContentType = "application/json");

    [Fact]
    public async Task Every_JSON_endpoint_refuses_bad_input_with_a_problem_and_writes_nothing()
    {
        var clients = await Callers.ForEveryRoleAsync(App);
        var admin = await App.AdminAsync();
        clients["admin"] = admin;
        clients["user"] = await App.UserAsync();
        clients[Callers.Source] = Ecosystem.Tests.Analytics.AnalyticsTestKit.Source(App, (await Ecosystem.Tests.Analytics.AnalyticsTestKit.CreateWriteKeyAsync(App)).Key);
        Assert.True((await clients["user"].PostAsync("/api/cards/me/signature", Body("""{"signatureText":"I agree"}"""))).IsSuccessStatusCode);
        var me = await (await clients["user"].GetAsync("/api/me")).Json();
        var userId = me.GetProperty("userEcosystemId").GetString()!;

        var endpoints = RouteTable.Endpoints(App.Services)
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { } a && a.ContentTypes.Any(t => t.StartsWith("application/json", StringComparison.Ordinal)))
            .Where(e => RouteTable.MethodsOf(e).Any(m => m is "POST" or "PUT" or "PATCH"))
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)
            .ToList();
        Assert.True(endpoints.Count >= 10, $"only {endpoints.Count} JSON endpoints found");

        var failures = new List<string>();
        var tried = 0;
        var accepted = 0;
        var baseline = await DatabaseSnapshot.SettledAsync(App.ConnectionString);
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.RoutePattern.RawText!;
            var path = RouteTable.PathOf(endpoint, p => p == "userEcosystemId" ? userId : null);
            var method = new HttpMethod(RouteTable.MethodsOf(endpoint).First(m => m is "POST" or "PUT" or "PATCH"));
            var client = clients[Callers.AdmittedCaller(App, endpoint)];
            var requestType = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType;
            var handParsed = requestType is null || requestType == typeof(JsonElement);
            var valid = handParsed ? JsonNode.Parse(Examples.GetValueOrDefault(name, "{}"))! : Sample(requestType!, "", 0)!;

            foreach (var input in Inputs(valid, handParsed))
            {
                tried++;
                using var request = new HttpRequestMessage(method, path) { Content = new StringContent(input.Body, Encoding.UTF8, input.ContentType) };
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request);
                }
                catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
                {
                    failures.Add($"{name} {input.What}: the server broke the connection ({ex.Message})");
                    continue;
                }

                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                var where = $"{method} {path} ({name}) {input.What}";
                if (status >= 500)
                {
                    failures.Add($"{where}: {status} {Cut(text)}");
                    baseline = await DatabaseSnapshot.SettledAsync(App.ConnectionString);
                    continue;
                }

                if (status is >= 400 and < 500)
                {
                    if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add($"{where}: {status} without a problem ({response.Content.Headers.ContentType})");
                    else if (JsonNode.Parse(text)?["code"]?.GetValue<string>() is not { Length: > 0 }) failures.Add($"{where}: {status} problem without a code");
                    var after = await DatabaseSnapshot.TakeAsync(App.ConnectionString);
                    if (after.Checksum != baseline.Checksum)
                    {
                        failures.Add($"{where}: {status} but the database changed ({baseline.Diff(after)})");
                        baseline = await DatabaseSnapshot.SettledAsync(App.ConnectionString);
                    }

                    continue;
                }

                if (status is < 200 or >= 300)
                {
                    failures.Add($"{where}: unexpected {status}");
                    continue;
                }

                var settled = await DatabaseSnapshot.SettledAsync(App.ConnectionString);
                if (settled.Checksum == baseline.Checksum) continue; // answered 2xx but wrote nothing (e.g. a batch that reports every event rejected)
                accepted++;
                if (input.Kind == Kind.Reject) failures.Add($"{where}: accepted ({status}) and wrote ({baseline.Diff(settled)})");
                else if (input is { Field: { } field, Value: JsonValue value } && value.TryGetValue<string>(out var sent)
                    && text.Length > 0 && JsonNode.Parse(text) is JsonObject echo && echo[field] is JsonValue back && back.TryGetValue<string>(out var stored) && stored != sent)
                {
                    failures.Add($"{where}: stored {Cut(stored)} for {Cut(sent)}");
                }

                baseline = settled;
            }
        }

        // Whatever was accepted is shown escaped: no page of the product renders the probe raw.
        var pages = RouteTable.Endpoints(App.Services)
            .Where(e => !Ecosystem.Platform.Http.ApiPaths.IsApi(new PathString(RouteTable.PathOf(e))) && e.RoutePattern.Parameters.Count == 0 && RouteTable.MethodsOf(e).Contains("GET"))
            .Select(e => RouteTable.PathOf(e)).Where(p => !p.Contains("logout", StringComparison.Ordinal)).Distinct().ToList();
        var escapedSeen = false;
        foreach (var page in pages)
        {
            foreach (var who in new[] { "user", "admin" })
            {
                var html = await (await clients[who].GetAsync(page)).Content.ReadAsStringAsync();
                if (html.Contains(ScriptProbe, StringComparison.Ordinal)) failures.Add($"GET {page} as {who} renders the script probe unescaped");
                escapedSeen |= html.Contains("&lt;script&gt;alert(", StringComparison.Ordinal);
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{tried} bad inputs over {endpoints.Count} JSON endpoints ({accepted} legitimately accepted), {pages.Count} pages checked for escaping");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} inputs mishandled:\n" + string.Join("\n", failures.Take(60)));
        Assert.True(escapedSeen, "no page showed an accepted script probe (escaped) — the stored-XSS check proved nothing");
        Assert.True(tried > 1000, $"only {tried} inputs tried");
    }

    private static IEnumerable<Input> Inputs(JsonNode valid, bool handParsed)
    {
        var text = valid.ToJsonString();
        yield return new Input("as is", text, Kind.MayAccept);
        foreach (var bad in new[] { "{", "not json", "null", "\"text\"", "12", "", text[..^1], text + "}", "{\"a\":1,}", "{'a':1}", "\uFEFF{\"a\"", new string('[', 500) + new string(']', 500), string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200) })
        {
            yield return new Input($"malformed {Cut(bad, 20)}", bad, Kind.Reject);
        }

        yield return new Input("form content type", "a=1", Kind.Reject, ContentType: "application/x-www-form-urlencoded");
        if (!handParsed) yield return new Input("array instead of object", "[" + text + "]", Kind.Reject);

        var oversized = valid.DeepClone();
        var firstText = Leaves(oversized).FirstOrDefault(l => l.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String);
        if (firstText is { Parent: not null }) Set(firstText, new string('o', 5 * 1024 * 1024));
        else if (oversized is JsonObject o) o["padding"] = new string('o', 5 * 1024 * 1024);
        yield return new Input("oversized body (5 MB)", oversized.ToJsonString(), Kind.Reject);

        if (valid is JsonObject)
        {
            foreach (var extra in MassAssignment)
            {
                foreach (var value in new JsonNode?[] { "admin", 99_999_999, true })
                {
                    var copy = (JsonObject)valid.DeepClone();
                    copy[extra] = value?.DeepClone();
                    yield return new Input($"extra field {extra}={value?.ToJsonString()}", copy.ToJsonString(), handParsed ? Kind.MayAccept : Kind.Reject);
                }
            }
        }

        foreach (var leaf in Leaves(valid))
        {
            var kind = leaf.Node?.GetValueKind() ?? JsonValueKind.Null;
            JsonNode?[] wrong = kind switch
            {
                JsonValueKind.String => [12345, true, new JsonObject(), new JsonArray()],
                JsonValueKind.Number => ["100", true, new JsonObject(), new JsonArray(), 1.5],
                JsonValueKind.True or JsonValueKind.False => ["true", 1],
                JsonValueKind.Object => ["text", 1, new JsonArray()],
                JsonValueKind.Array => ["text", new JsonObject()],
                _ => [],
            };
            var inBag = handParsed && Bags.Any(b => leaf.Path.Contains(b, StringComparison.Ordinal));
            foreach (var w in wrong) yield return Mutate(valid, leaf, w, $"{leaf.Path} wrong type {w?.ToJsonString()}", inBag ? Kind.MayAccept : Kind.Reject);
            yield return Mutate(valid, leaf, null, $"{leaf.Path} null", Kind.MayAccept);
            yield return Remove(valid, leaf);

            if (kind == JsonValueKind.String)
            {
                yield return Mutate(valid, leaf, new string('h', 1024 * 1024), $"{leaf.Path} 1 MB string", Kind.Reject);
                foreach (var probe in TextProbes) yield return Mutate(valid, leaf, probe, $"{leaf.Path} = {Cut(JsonSerializer.Serialize(probe), 30)}", Kind.MayAccept);
                yield return Raw(valid, leaf, "\"\\ud800 lone surrogate\"", $"{leaf.Path} lone surrogate", Kind.MayAccept);
            }

            if (kind == JsonValueKind.Number)
            {
                foreach (var huge in new[] { "1e309", "9223372036854775808", "-9223372036854775809", "1e400", "-1e309", "123456789012345678901234567890" })
                {
                    yield return Raw(valid, leaf, huge, $"{leaf.Path} = {huge}", Kind.Reject);
                }

                var isAmount = leaf.Path.Contains("amount", StringComparison.OrdinalIgnoreCase);
                foreach (var n in new long[] { -1, 0, long.MinValue })
                {
                    yield return Mutate(valid, leaf, n, $"{leaf.Path} = {n}", isAmount || n == long.MinValue ? Kind.Reject : Kind.MayAccept);
                }

                yield return Mutate(valid, leaf, long.MaxValue, $"{leaf.Path} = long.MaxValue", Kind.MayAccept);
            }
        }
    }

    private sealed record Leaf(JsonNode? Parent, object Key, JsonNode? Node, string Path);

    /// <summary>Every property and array element below the root, depth first.</summary>
    private static IEnumerable<Leaf> Leaves(JsonNode node, string path = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o.ToList())
                {
                    var p = path.Length == 0 ? k : path + "." + k;
                    yield return new Leaf(o, k, v, p);
                    if (v is not null) foreach (var l in Leaves(v, p)) yield return l;
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var p = $"{path}[{i}]";
                    yield return new Leaf(a, i, a[i], p);
                    if (a[i] is { } v) foreach (var l in Leaves(v, p)) yield return l;
                }

                break;
        }
    }

    private static Leaf Find(JsonNode root, Leaf leaf) => Leaves(root).First(l => l.Path == leaf.Path);

    private static void Set(Leaf at, JsonNode? value)
    {
        if (at.Parent is JsonObject o) o[(string)at.Key] = value;
        else if (at.Parent is JsonArray a) a[(int)at.Key] = value;
    }

    private static Input Mutate(JsonNode valid, Leaf leaf, JsonNode? value, string what, Kind kind)
    {
        var copy = valid.DeepClone();
        Set(Find(copy, leaf), value?.DeepClone());
        return new Input(what, copy.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), kind, leaf.Key as string, value);
    }

    /// <summary>Puts raw JSON text (numbers too big for any .NET type, lone surrogates) at a leaf.</summary>
    private static Input Raw(JsonNode valid, Leaf leaf, string raw, string what, Kind kind)
    {
        const string Marker = "\"__raw_marker__\"";
        var withMarker = Mutate(valid, leaf, "__raw_marker__", what, kind);
        return withMarker with { Body = withMarker.Body.Replace(Marker, raw, StringComparison.Ordinal), Value = null };
    }

    private static Input Remove(JsonNode valid, Leaf leaf)
    {
        var copy = valid.DeepClone();
        var at = Find(copy, leaf);
        if (at.Parent is JsonObject o) o.Remove((string)at.Key);
        else if (at.Parent is JsonArray a) a.RemoveAt((int)at.Key);
        return new Input($"{leaf.Path} missing", copy.ToJsonString(), Kind.MayAccept);
    }

    /// <summary>A valid-looking JSON value for a request type: records by their constructor, then hints, then a value per type.</summary>
    private static JsonNode? Sample(Type type, string name, int depth)
    {
        if (FieldHints.TryGetValue(name, out var hint)) return hint.DeepClone();
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return "sample " + name;
        if (t == typeof(bool)) return false;
        if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(decimal)) return 1;
        if (t == typeof(double) || t == typeof(float)) return 1.0;
        if (t == typeof(DateTimeOffset) || t == typeof(DateTime)) return "2026-01-01T00:00:00Z";
        if (t == typeof(Guid)) return Guid.Empty.ToString();
        if (t.IsEnum) return JsonNamingPolicy.SnakeCaseLower.ConvertName(Enum.GetNames(t)[0]);
        if (depth > 4) return null;
        var element = t.IsArray ? t.GetElementType() : t.IsGenericType && t.GetGenericArguments() is [var e] && typeof(System.Collections.IEnumerable).IsAssignableFrom(t) ? e : null;
        if (element is not null) return new JsonArray(Sample(element, name, depth + 1));
        var ctor = t.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var o = new JsonObject();
        foreach (var p in ctor?.GetParameters() ?? [])
        {
            var field = JsonNamingPolicy.CamelCase.ConvertName(p.Name!);
            o[field] = Sample(p.ParameterType, field, depth + 1);
        }

        return o;
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Cut(string s, int max = 300) => s.Length <= max ? s : s[..max] + "…";
}

public sealed class GeneratedBadInputTests_Sqlite() : GeneratedBadInputTests(Db.Sqlite);

public sealed class GeneratedBadInputTests_Postgres() : GeneratedBadInputTests(Db.Postgres);
