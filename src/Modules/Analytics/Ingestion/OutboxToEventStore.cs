using Ecosystem.Platform.Outbox;

namespace Ecosystem.Analytics.Ingestion;

/// <summary>Delivers the outbox's server events into the event store (and so into Customer 360).</summary>
internal sealed class OutboxToEventStore(IngestionService ingestion) : IOutboxConsumer
{
    public Task ConsumeAsync(IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken) =>
        ingestion.IngestServerEventsAsync(events, cancellationToken);
}
