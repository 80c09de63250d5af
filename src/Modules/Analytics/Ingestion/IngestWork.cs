using Ecosystem.Analytics.Data;

namespace Ecosystem.Analytics.Ingestion;

internal sealed record IngestWork(IReadOnlyList<IncomingEvent> Events, IReadOnlyList<QuarantinedEvent> Quarantine, IReadOnlyList<IdentityLinkRequest> Links);
