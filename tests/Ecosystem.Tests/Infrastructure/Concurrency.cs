using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecosystem.Tests.Infrastructure;

/// <summary>
/// Fires requests truly in parallel: every request is created first and released together, so they overlap on the
/// server rather than trickle in. <see cref="RequestsSent"/> counts what all harnesses sent in this test run.
/// </summary>
public static class Concurrency
{
    private static long sent;

    public static long RequestsSent => Interlocked.Read(ref sent);

    public static async Task<HttpResponseMessage[]> RunParallelAsync(int n, Func<int, Task<HttpResponseMessage>> request)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, n).Select(async i =>
        {
            await start.Task;
            Interlocked.Increment(ref sent);
            return await request(i);
        }).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    public static void CountSent(int n) => Interlocked.Add(ref sent, n);
}

/// <summary>One idempotent call: who sends it, where, the body, and a different body for the key-reuse check.</summary>
public sealed record IdempotentCall(HttpClient Client, HttpMethod Method, string Path, string Body, string OtherBody, string Key = "idem-harness-1")
{
    public Task<HttpResponseMessage> SendAsync(string? body = null)
    {
        var request = new HttpRequestMessage(Method, Path) { Content = new StringContent(body ?? Body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", Key);
        return Client.SendAsync(request);
    }
}

/// <summary>
/// Stripe-style Idempotency-Key semantics, checked for any endpoint with <c>WithIdempotency()</c>: N parallel identical
/// requests with one key make exactly one effect (the others are the same answer or 409 in progress), a later replay
/// returns the first answer, and the same key with another body is 422 <c>IDEMPOTENCY_KEY_REUSED</c>.
/// </summary>
public static class IdempotencyHarness
{
    /// <param name="countEffects">Reads how many effects exist (rows, ledger entries…); must grow by exactly one.</param>
    /// <returns>The first successful answer.</returns>
    public static async Task<JsonElement> AssertOneEffectAsync(IdempotentCall call, int parallel, Func<Task<long>> countEffects)
    {
        var before = await countEffects();
        var responses = await Concurrency.RunParallelAsync(parallel, _ => call.SendAsync());
        var succeeded = responses.Where(r => r.IsSuccessStatusCode).ToList();
        Assert.NotEmpty(succeeded);
        Assert.Single(succeeded.Select(r => r.StatusCode).Distinct());
        foreach (var other in responses.Where(r => !r.IsSuccessStatusCode))
        {
            Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
            Assert.Equal("IDEMPOTENCY_REQUEST_IN_PROGRESS", await other.Code());
        }

        var bodies = await Task.WhenAll(succeeded.Select(r => r.Json()));
        var first = bodies[0];
        Assert.All(bodies, b => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(first.GetRawText()), JsonNode.Parse(b.GetRawText())), $"different answers for one key: {first} vs {b}"));

        var replay = await call.SendAsync();
        Concurrency.CountSent(1);
        Assert.Equal(succeeded[0].StatusCode, replay.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(first.GetRawText()), JsonNode.Parse((await replay.Json()).GetRawText())), "the replay differs from the first answer");

        var reused = await call.SendAsync(call.OtherBody);
        Concurrency.CountSent(1);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("IDEMPOTENCY_KEY_REUSED", await reused.Code());

        Assert.Equal(before + 1, await countEffects());
        return first;
    }
}

/// <summary>What a never-overspend run saw.</summary>
public sealed record SpendOutcome(int Requests, int Approved, int Declined, long ApprovedTotal, long Remaining);

/// <summary>
/// "Never overspend" for any money path: N parallel spends against one budget; the approved total never exceeds the
/// budget and the balance afterwards is exactly budget − approved (no lost or double update).
/// </summary>
public static class SpendHarness
{
    /// <param name="spend">Sends the i-th spend.</param>
    /// <param name="approvedAmount">The amount a response approved, or null when it was declined; throws (fails) on an unexpected answer.</param>
    /// <param name="readRemaining">Reads what is left of the budget afterwards.</param>
    public static async Task<SpendOutcome> AssertNeverOverspendAsync(int parallel, long budget, Func<int, Task<HttpResponseMessage>> spend, Func<HttpResponseMessage, Task<long?>> approvedAmount, Func<Task<long>> readRemaining)
    {
        var responses = await Concurrency.RunParallelAsync(parallel, spend);
        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"a spend answered {(int)r.StatusCode}"));
        var amounts = new List<long?>();
        foreach (var r in responses) amounts.Add(await approvedAmount(r));
        var approved = amounts.Where(a => a is not null).Select(a => a!.Value).ToList();
        var total = approved.Sum();
        Assert.True(total <= budget, $"approved {total} exceeds the budget {budget}");
        var remaining = await readRemaining();
        Assert.Equal(budget - total, remaining);
        return new SpendOutcome(parallel, approved.Count, parallel - approved.Count, total, remaining);
    }
}
