using System.Text.Json;
using Ecosystem.Campaigns.Contracts;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.OptOuts;
using Ecosystem.Campaigns.Targets;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>
/// WhatsApp notifications from the shared inbox (signed with <c>X-Hub-Signature-256</c>, or staged by the simulator):
/// statuses move a target forward only (sent → delivered → read; failed only from sent), as a conditional update from
/// the statuses below, so a late "delivered" never undoes "read" and an unknown message id changes nothing; inbound
/// texts STOP / UNSUBSCRIBE / HAGARIKA opt the number out.
/// </summary>
internal sealed class WhatsAppWebhookHandler(CampaignsDbContext db, Transactions transactions, CampaignsJournal journal, OptOutService optOuts, TimeProvider time) : IWebhookHandler
{
    public async Task<Result<string>> HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var root = webhookEvent.Payload;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array) return "Not a WhatsApp notification.";
        int moved = 0, unknown = 0, stale = 0, optedOut = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            if (!entry.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array) continue;
            foreach (var change in changes.EnumerateArray())
            {
                if (!change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object) continue;
                if (value.TryGetProperty("statuses", out var statuses) && statuses.ValueKind == JsonValueKind.Array)
                {
                    foreach (var status in statuses.EnumerateArray())
                    {
                        switch (await ApplyStatusAsync(status, cancellationToken).ConfigureAwait(false))
                        {
                            case 1: moved++; break;
                            case 0: stale++; break;
                            default: unknown++; break;
                        }
                    }
                }

                if (value.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
                {
                    foreach (var message in messages.EnumerateArray())
                    {
                        var from = message.TryGetProperty("from", out var f) ? f.GetString() : null;
                        var text = message.TryGetProperty("text", out var t) && t.TryGetProperty("body", out var b) ? b.GetString() : null;
                        if (from is null || !OptOutService.IsOptOutText(text)) continue;
                        var (e164, _, problem) = E164.Read("+" + from.TrimStart('+'), "RW");
                        if (problem is not null) continue;
                        var result = await optOuts.OptOutAsync(e164!, "whatsapp: " + text!.Trim().ToUpperInvariant(), cancellationToken).ConfigureAwait(false);
                        if (!result.IsSuccess) return result.Error!;
                        optedOut++;
                    }
                }
            }
        }

        return $"statuses applied {moved}, out of order {stale}, unknown message {unknown}; opt-outs {optedOut}";
    }

    /// <summary>1 when the target moved, 0 when it is already further (or final), -1 when no target has that message id.</summary>
    private async Task<int> ApplyStatusAsync(JsonElement status, CancellationToken ct)
    {
        var id = status.TryGetProperty("id", out var i) ? i.GetString() : null;
        var to = status.TryGetProperty("status", out var s) ? s.GetString() : null;
        if (string.IsNullOrEmpty(id) || id.Length > 100 || id.Contains('\0')) return -1;
        string[] from = to switch
        {
            TargetStatus.Sent => [TargetStatus.Sending],
            TargetStatus.Delivered => [TargetStatus.Sending, TargetStatus.Sent],
            TargetStatus.Read => [TargetStatus.Sending, TargetStatus.Sent, TargetStatus.Delivered],
            TargetStatus.Failed => [TargetStatus.Sending, TargetStatus.Sent],
            _ => [],
        };
        var code = to == TargetStatus.Failed && status.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0
            && errors[0].TryGetProperty("code", out var c) ? c.ToString() : null;
        var target = await db.Targets.AsNoTracking().Where(t => t.MessageId == id).Select(t => new { t.TargetId, t.Status, t.UserEcosystemId, t.CampaignId }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (target is null) return -1;
        if (from.Length == 0 || !from.Contains(target.Status)) return 0;
        var result = await transactions.RunAsync<int>(db, async c =>
        {
            var now = time.UtcNowStored();
            var changed = await db.Targets.Where(t => t.TargetId == target.TargetId && from.Contains(t.Status))
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, to!).SetProperty(t => t.ErrorCode, t => code ?? t.ErrorCode).SetProperty(t => t.LastUpdateAt, now), c).ConfigureAwait(false);
            if (changed == 0) return 0;
            journal.Audit("campaigns.target." + to, "campaign-target", target.TargetId, new { status = target.Status }, new { status = to, errorCode = code });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return 1;
        }, ct).ConfigureAwait(false);
        return result.Value;
    }
}
