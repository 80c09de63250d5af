using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.Sessions;

internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/sessions/{sessionId}", GetRetentionSession).WithName("GetRetentionSession");
        admin.MapGet("/sessions/{sessionId}/events", StreamRetentionSession).WithName("StreamRetentionSession").ExcludeFromDescription();
        return admin;
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetRetentionSession(string sessionId, SessionViewService sessions, CancellationToken ct) =>
        (await sessions.GetSessionAsync(sessionId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<ServerSentEventsResult<SessionResponse>, ProblemHttpResult>> StreamRetentionSession(string sessionId, SessionViewService sessions, TimeProvider time, CancellationToken ct)
    {
        var first = await sessions.GetSessionAsync(sessionId, ct).ConfigureAwait(false);
        if (!first.IsSuccess) return Problems.For(first.Error!);
        return TypedResults.ServerSentEvents(Stream(first.Value!, sessions, time, ct));
    }

    /// <summary>The live view: the session now, then again whenever its version or message count changes, until it ends.</summary>
    private static async IAsyncEnumerable<SseItem<SessionResponse>> Stream(SessionResponse first, SessionViewService sessions, TimeProvider time, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new SseItem<SessionResponse>(first, "session");
        var seen = (first.Version, first.Messages.Count);
        var open = first.Session.EndTime is null;
        var ticks = 0;
        while (open && !ct.IsCancellationRequested && ticks++ < 900)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { yield break; }
            var marker = await sessions.SessionMarkerAsync(first.Session.SessionId, ct).ConfigureAwait(false);
            if (marker is not { } m) yield break;
            if ((m.Version, m.Messages) == seen) continue;
            var now = await sessions.GetSessionAsync(first.Session.SessionId, ct).ConfigureAwait(false);
            if (!now.IsSuccess) yield break;
            seen = (now.Value!.Version, now.Value.Messages.Count);
            open = now.Value.Session.EndTime is null;
            yield return new SseItem<SessionResponse>(now.Value, "session");
        }
    }
}
