using Ecosystem.Campaigns.Sending;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>
/// Sends template messages over WhatsApp: the simulated WhatsApp (default, offline) or the Cloud API. Delivery and read
/// statuses come back through the shared webhook inbox (<c>/api/webhooks/whatsapp</c>), never from here.
/// </summary>
internal interface IWhatsAppSender
{
    string Name { get; }

    /// <summary>Sends each message once (no retry inside: the dispatcher decides); one outcome per message, in order.</summary>
    Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct);

    /// <summary>After the dispatcher recorded the outcomes: a simulated provider delivers the status webhooks it owes now.</summary>
    Task ReportAsync(CancellationToken ct);
}
