using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>The simulated WhatsApp's phone inbox (messages a number received) and its "the number writes to us" (simulated provider only).</summary>
internal static class WhatsAppEndpoints
{
    public static readonly Error NotSimulated = Error.Conflict("WHATSAPP_NOT_SIMULATED", "Inbound messages can be simulated only with the simulated WhatsApp.");

    public static void Map(RouteGroupBuilder targets)
    {
        targets.MapGet("/inbox", GetWhatsAppInbox).WithName("GetWhatsAppInbox");
        targets.MapPost("/inbound", SimulateWhatsAppInbound).WithIdempotency().WithName("SimulateWhatsAppInbound").Answers(NotSimulated);
    }

    internal static async Task<Result<List<InboxMessage>>> InboxAsync(CampaignsDbContext db, string? msisdn, CancellationToken ct)
    {
        var (e164, _, problem) = E164.Read(msisdn, "RW");
        if (problem is not null) return Error.Validation(new Dictionary<string, string[]> { ["msisdn"] = [$"The number: {problem}."] });
        var rows = await db.SimulatedMessages.AsNoTracking().Where(m => m.Msisdn == e164).OrderBy(m => m.CreatedAt).ThenBy(m => m.MessageId).Take(500).ToListAsync(ct).ConfigureAwait(false);
        return rows.Select(m => new InboxMessage(m.MessageId, m.Msisdn, m.Direction, m.Body, m.TemplateId, m.Status, m.CreatedAt)).ToList();
    }

    private static async Task<Results<Ok<List<InboxMessage>>, ProblemHttpResult>> GetWhatsAppInbox(string? msisdn, CampaignsDbContext db, CancellationToken ct) =>
        (await InboxAsync(db, msisdn, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<InboxMessage>, ProblemHttpResult>> SimulateWhatsAppInbound(InboundRequest request, IServiceProvider services, CancellationToken ct)
    {
        var v = new Validator();
        var (e164, _, problem) = E164.Read(request.From, "RW");
        if (problem is not null) v.Add("from", $"The number: {problem}.");
        v.Text(request.Text, "text", 1000);
        if (!v.IsValid) return Problems.For(v.ToError());
        if (services.GetRequiredService<IWhatsAppSender>() is not SimulatedWhatsApp simulated) return Problems.For(NotSimulated);
        var id = await simulated.ReceiveAsync(e164!, request.Text!.Trim(), ct).ConfigureAwait(false);
        return TypedResults.Ok(new InboxMessage(id, e164!, "in", request.Text.Trim(), null, "received", services.GetRequiredService<TimeProvider>().GetUtcNow()));
    }
}
