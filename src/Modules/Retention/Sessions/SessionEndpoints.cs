using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Ecosystem.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention;

internal static class RetentionEndpoints
{
    public static RouteGroupBuilder MapRetentionApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/retention").WithTags("Retention").RequireAuthorization(Policies.RetentionManage);

        admin.MapGet("/customers", async Task<Results<Ok<Page<CustomerResponse>>, ProblemHttpResult>> (string? status, string? riskCategory, string? riskSeverity, int? limit, string? cursor, RetentionService retention, CancellationToken ct) =>
            (await retention.ListCustomersAsync(status, riskCategory, riskSeverity, limit, cursor, ct).ConfigureAwait(false)).ToOk()).WithName("ListRetentionCustomers");

        admin.MapPost("/customers", async Task<Results<Created<CustomerDetailResponse>, ProblemHttpResult>> (CreateCustomerRequest request, RetentionService retention, CancellationToken ct) =>
        {
            var result = await retention.CreateCustomerAsync(request, ct).ConfigureAwait(false);
            return result.IsSuccess ? TypedResults.Created($"/api/retention/customers/{result.Value!.Customer.CustomerId}", result.Value) : Problems.For(result.Error!);
        }).WithIdempotency().WithName("CreateRetentionCustomer");

        admin.MapGet("/customers/{customerId}", async Task<Results<Ok<CustomerDetailResponse>, ProblemHttpResult>> (string customerId, RetentionService retention, CancellationToken ct) =>
            (await retention.GetCustomerAsync(customerId, ct).ConfigureAwait(false)).ToOk()).WithName("GetRetentionCustomer");

        admin.MapPost("/customers/{customerId}/interventions", async Task<Results<Created<InterventionResponse>, ProblemHttpResult>> (string customerId, HttpRequest http, OperationContext op, RetentionOptions options, RetentionService retention, CancellationToken ct) =>
        {
            var result = await retention.StartInterventionAsync(customerId, op.ActorId, options.PublicBaseUrl ?? $"{http.Scheme}://{http.Host}", ct).ConfigureAwait(false);
            return result.IsSuccess ? TypedResults.Created($"/api/retention/sessions/{result.Value!.SessionId}", result.Value) : Problems.For(result.Error!);
        }).WithName("StartRetentionIntervention");

        admin.MapPost("/customers/{customerId}/payment-failures", async Task<Results<Created<PaymentFailureResponse>, ProblemHttpResult>> (string customerId, PaymentFailureRequest request, RetentionService retention, CancellationToken ct) =>
        {
            var result = await retention.RecordPaymentFailureAsync(customerId, request, ct).ConfigureAwait(false);
            return result.IsSuccess ? TypedResults.Created($"/api/retention/customers/{customerId}", result.Value) : Problems.For(result.Error!);
        }).WithIdempotency().WithName("RecordRetentionPaymentFailure");

        admin.MapPost("/risk-scan", async Task<Ok<RiskScanResponse>> (RetentionService retention, CancellationToken ct) =>
            TypedResults.Ok(await retention.ScanAsync(ct).ConfigureAwait(false))).WithName("RunRetentionRiskScan");

        admin.MapGet("/sessions/{sessionId}", async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> (string sessionId, RetentionService retention, CancellationToken ct) =>
            (await retention.GetSessionAsync(sessionId, ct).ConfigureAwait(false)).ToOk()).WithName("GetRetentionSession");

        admin.MapGet("/sessions/{sessionId}/events", async Task<Results<ServerSentEventsResult<SessionResponse>, ProblemHttpResult>> (string sessionId, RetentionService retention, TimeProvider time, CancellationToken ct) =>
        {
            var first = await retention.GetSessionAsync(sessionId, ct).ConfigureAwait(false);
            if (!first.IsSuccess) return Problems.For(first.Error!);
            return TypedResults.ServerSentEvents(Stream(first.Value!, retention, time, ct));
        }).WithName("StreamRetentionSession").ExcludeFromDescription();

        admin.MapGet("/metrics", async Task<Results<Ok<MetricsResponse>, ProblemHttpResult>> (DateTimeOffset? from, DateTimeOffset? to, RetentionService retention, CancellationToken ct) =>
            (await retention.MetricsAsync(from, to, ct).ConfigureAwait(false)).ToOk()).WithName("GetRetentionMetrics");

        admin.MapGet("/notifications", async Task<Results<Ok<Page<NotificationResponse>>, ProblemHttpResult>> (int? limit, string? cursor, RetentionService retention, CancellationToken ct) =>
            (await retention.ListNotificationsAsync(limit, cursor, ct).ConfigureAwait(false)).ToOk()).WithName("ListRetentionNotifications");

        // The customer's chat: no login by design; the signed link's token authorizes every call (checked in ChatService).
        // Anonymous by design (the token is checked on every call), so limited per address like every public endpoint.
        var chat = api.MapGroup("/chat").WithTags("Retention chat").AllowAnonymous().RequireRateLimiting(RateLimits.Public);
        chat.MapGet("/{token}", async Task<Results<Ok<ChatView>, ProblemHttpResult>> (string token, ChatService chats, CancellationToken ct) =>
            (await chats.GetAsync(token, ct).ConfigureAwait(false)).ToOk()).WithName("GetChat");
        chat.MapPost("/{token}/messages", async Task<Results<Ok<ChatView>, ProblemHttpResult>> (string token, ChatMessageRequest request, ChatService chats, CancellationToken ct) =>
            (await chats.SendAsync(token, request.Content, ct).ConfigureAwait(false)).ToOk()).WithName("SendChatMessage");
        chat.MapPost("/{token}/payment-method", async Task<Results<Ok<ChatView>, ProblemHttpResult>> (string token, CardRequest request, ChatService chats, CancellationToken ct) =>
            (await chats.SubmitCardAsync(token, request, ct).ConfigureAwait(false)).ToOk()).WithName("SubmitChatPaymentMethod");
        return admin;
    }

    /// <summary>The live view: the session now, then again whenever its version or message count changes, until it ends.</summary>
    private static async IAsyncEnumerable<SseItem<SessionResponse>> Stream(SessionResponse first, RetentionService retention, TimeProvider time, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new SseItem<SessionResponse>(first, "session");
        var seen = (first.Version, first.Messages.Count);
        var open = first.Session.EndTime is null;
        var ticks = 0;
        while (open && !ct.IsCancellationRequested && ticks++ < 900)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { yield break; }
            var marker = await retention.SessionMarkerAsync(first.Session.SessionId, ct).ConfigureAwait(false);
            if (marker is not { } m) yield break;
            if ((m.Version, m.Messages) == seen) continue;
            var now = await retention.GetSessionAsync(first.Session.SessionId, ct).ConfigureAwait(false);
            if (!now.IsSuccess) yield break;
            seen = (now.Value!.Version, now.Value.Messages.Count);
            open = now.Value.Session.EndTime is null;
            yield return new SseItem<SessionResponse>(now.Value, "session");
        }
    }
}
