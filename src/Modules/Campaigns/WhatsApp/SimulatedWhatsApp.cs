using System.Security.Cryptography;
using System.Text;
using Ecosystem.Campaigns.Data;
using Ecosystem.Campaigns.Sending;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Webhooks;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>
/// The embedded WhatsApp (default): every message is stored as the recipient's phone shows it (the phone-inbox page,
/// <c>GET /api/admin/whatsapp/inbox</c>), and its statuses (sent, then delivered or failed with 131026, then read, at the
/// configured rates, chosen by the message id so a run is reproducible) come back as WhatsApp notifications through
/// the shared webhook inbox, exactly as the Cloud API's would.
/// </summary>
internal sealed class SimulatedWhatsApp(CampaignsDbContext db, PlatformDbContext platform, Transactions transactions, WebhookInbox inbox, WhatsAppOptions options, TimeProvider time) : IWhatsAppSender
{
    private readonly List<(string MessageId, string RecipientId, string Status, long Timestamp, string? ErrorCode)> owed = [];

    public string Name => "simulated";

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0) return [];
        var now = time.UtcNowStored();
        var outcomes = new List<SendOutcome>(messages.Count);
        var rows = new List<WhatsApp.SimulatedMessage>(messages.Count);
        foreach (var m in messages)
        {
            var id = "wamid.sim." + Ids.New("msg", time)[4..];
            var (delivered, read, failed) = Fate(id);
            var final = failed ? "failed" : read ? "read" : delivered ? "delivered" : "sent";
            rows.Add(new WhatsApp.SimulatedMessage { MessageId = id, Msisdn = m.To, Direction = "out", Body = m.Text, TemplateId = m.Template.Id, Status = final, CreatedAt = now });
            var ts = now.ToUnixTimeSeconds();
            var recipient = m.To.TrimStart('+');
            owed.Add((id, recipient, "sent", ts, null));
            if (failed) owed.Add((id, recipient, "failed", ts, "131026"));
            else if (delivered) owed.Add((id, recipient, "delivered", ts, null));
            if (!failed && read) owed.Add((id, recipient, "read", ts, null));
            outcomes.Add(SendOutcome.Sent(id));
        }

        await transactions.WriteBookkeepingAsync(db, async c =>
        {
            db.SimulatedMessages.AddRange(rows);
            return await db.SaveChangesAsync(c).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return outcomes;
    }

    public async Task ReportAsync(CancellationToken ct)
    {
        if (owed.Count == 0) return;
        var body = StatusPayloads.Statuses(owed);
        owed.Clear();
        var id = await StageAsync(body, "statuses", ct).ConfigureAwait(false);
        await inbox.ProcessAsync(id, ct).ConfigureAwait(false);
    }

    /// <summary>A number writes to us (simulated only): shown in its inbox, delivered as a <c>messages</c> notification.</summary>
    public async Task<string> ReceiveAsync(string e164, string text, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var messageId = "wamid.sim." + Ids.New("msg", time)[4..];
        var body = StatusPayloads.Inbound(messageId, e164.TrimStart('+'), text, now.ToUnixTimeSeconds());
        await transactions.WriteBookkeepingAsync(db, async c =>
        {
            db.SimulatedMessages.Add(new WhatsApp.SimulatedMessage { MessageId = messageId, Msisdn = e164, Direction = "in", Body = text, Status = "received", CreatedAt = now });
            return await db.SaveChangesAsync(c).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        var deliveryId = await StageAsync(body, "messages", ct).ConfigureAwait(false);
        await inbox.ProcessAsync(deliveryId, ct).ConfigureAwait(false);
        return messageId;
    }

    private async Task<string> StageAsync(byte[] body, string type, CancellationToken ct)
    {
        var id = "";
        await transactions.WriteBookkeepingAsync(platform, async c =>
        {
            id = inbox.Stage("whatsapp", "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)), type, body);
            return await platform.SaveChangesAsync(c).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        platform.ChangeTracker.Clear();
        return id;
    }

    private (bool Delivered, bool Read, bool Failed) Fate(string messageId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(messageId));
        double Roll(int i) => BitConverter.ToUInt32(hash, i * 4) / (double)uint.MaxValue;
        var failed = Roll(0) < options.FailedRate;
        var delivered = !failed && Roll(1) < options.DeliveredRate;
        return (delivered, delivered && Roll(2) < options.ReadRate, failed);
    }
}
