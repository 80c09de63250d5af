namespace Ecosystem.Platform.Webhooks;

/// <summary>
/// A module's subscriber to provider events (<see cref="ModuleBuilder.WebhookHandler{T}"/>). It runs inside the
/// inbox's unit of work: its writes (through <c>Transactions</c>, which joins that unit) commit together with the
/// record that it handled the delivery, so a redelivery, a replay or a second instance never applies it twice.
/// Return a failure or throw to have the delivery retried; return success (with a short outcome) when there is
/// nothing to do, e.g. an event about an object this module does not know.
/// </summary>
public interface IWebhookHandler
{
    Task<Result<string>> HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
