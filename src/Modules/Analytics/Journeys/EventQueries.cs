using System.Globalization;
using System.Text.Json;
using Ecosystem.Analytics.Data;
using Ecosystem.Analytics.Ingestion;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Analytics.Journeys;

/// <summary>
/// Reads stored events and derives journeys. A journey is every event with one journey id (set by the web shell,
/// sent by clients, or <c>context.journeyId</c> from Segment SDKs); a person's events without one are split into
/// journeys by inactivity (<c>Ecosystem:Analytics:JourneyTimeoutMinutes</c>, default 30) with ids
/// <c>auto~{userEcosystemId}~{startMicros}</c>. A journey has ended once it has been inactive that long.
/// </summary>
internal sealed class EventQueries(AnalyticsDbContext db, EventInbox inbox, TimeProvider time, IConfiguration configuration)
{
    private const int MaxJourneyEvents = 5_000;
    public TimeSpan Timeout { get; } = TimeSpan.FromMinutes(configuration.GetValue("Ecosystem:Analytics:JourneyTimeoutMinutes", 30));

    public async Task<Result<Page<StoredEvent>>> ListAsync(string? userEcosystemId, string? eventName, string? journeyId, DateTimeOffset? from, DateTimeOffset? to, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        var (take, after) = paging.Value;
        var query = db.Events.AsNoTracking();
        if (!string.IsNullOrEmpty(userEcosystemId)) query = OfPerson(query, userEcosystemId, await LinkedIdsAsync(userEcosystemId, ct).ConfigureAwait(false));
        if (!string.IsNullOrEmpty(eventName)) query = query.Where(e => e.EventName == eventName);
        if (!string.IsNullOrEmpty(journeyId)) query = query.Where(e => e.JourneyId == journeyId);
        if (from is not null) query = query.Where(e => e.OccurredAt >= from);
        if (to is not null) query = query.Where(e => e.OccurredAt < to);
        if (after is not null)
        {
            var keyset = Paging.ParseKeyset(after);
            if (!keyset.IsSuccess) return keyset.Error!;
            var (ticks, id) = keyset.Value;
            var t = new DateTimeOffset(Math.Clamp(ticks, 0, DateTimeOffset.MaxValue.UtcTicks), TimeSpan.Zero);
            query = query.Where(e => e.OccurredAt < t || (e.OccurredAt == t && string.Compare(e.EventId, id) < 0));
        }

        var rows = await query.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.EventId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, e => e.OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "|" + e.EventId, ToDto);
    }

    public async Task<Journey?> GetJourneyAsync(string journeyId, CancellationToken ct)
    {
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        List<AnalyticsEvent> events;
        if (journeyId.StartsWith("auto~", StringComparison.Ordinal))
        {
            var parts = journeyId.Split('~');
            if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var micros)) return null;
            var user = parts[1];
            var start = SqliteTime.FromMicros(micros);
            var candidates = await OfPerson(db.Events.AsNoTracking(), user, await LinkedIdsAsync(user, ct).ConfigureAwait(false)).Where(e => e.JourneyId == null && e.OccurredAt >= start)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).Take(MaxJourneyEvents).ToListAsync(ct).ConfigureAwait(false);
            if (candidates.Count == 0 || candidates[0].OccurredAt != start) return null;
            events = [];
            foreach (var e in candidates)
            {
                if (events.Count > 0 && e.OccurredAt - events[^1].OccurredAt > Timeout) break;
                events.Add(e);
            }
        }
        else
        {
            events = await db.Events.AsNoTracking().Where(e => e.JourneyId == journeyId)
                .OrderBy(e => e.OccurredAt).ThenBy(e => e.EventId).Take(MaxJourneyEvents).ToListAsync(ct).ConfigureAwait(false);
            if (events.Count == 0) return null;
        }

        var person = await LinkedPersonAsync(events, ct).ConfigureAwait(false);
        return new Journey(journeyId, person, events[0].OccurredAt, EndedAt(events[^1].OccurredAt), events.Select(ToDto).ToList());
    }

    public async Task<IReadOnlyList<JourneySummary>> ListJourneysAsync(string userEcosystemId, int limit, CancellationToken ct)
    {
        await inbox.CatchUpAsync(ct).ConfigureAwait(false);
        var events = await OfPerson(db.Events.AsNoTracking(), userEcosystemId, await LinkedIdsAsync(userEcosystemId, ct).ConfigureAwait(false))
            .OrderByDescending(e => e.OccurredAt).Take(20_000)
            .Select(e => new { e.EventId, e.EventName, e.OccurredAt, e.JourneyId }).ToListAsync(ct).ConfigureAwait(false);
        events.Reverse();
        var journeys = new List<JourneySummary>();
        foreach (var group in events.Where(e => e.JourneyId is not null).GroupBy(e => e.JourneyId!))
        {
            var list = group.ToList();
            journeys.Add(new JourneySummary(group.Key, userEcosystemId, list[0].OccurredAt, EndedAt(list[^1].OccurredAt), list.Count, list[0].EventName, list[^1].EventName));
        }

        var loose = events.Where(e => e.JourneyId is null).ToList();
        var start = 0;
        for (var i = 1; i <= loose.Count; i++)
        {
            if (i < loose.Count && loose[i].OccurredAt - loose[i - 1].OccurredAt <= Timeout) continue;
            var first = loose[start];
            var last = loose[i - 1];
            var micros = SqliteTime.ToMicros(first.OccurredAt);
            journeys.Add(new JourneySummary($"auto~{userEcosystemId}~{micros.ToString(CultureInfo.InvariantCulture)}", userEcosystemId, first.OccurredAt, EndedAt(last.OccurredAt), i - start, first.EventName, last.EventName));
            start = i;
        }

        return journeys.OrderByDescending(j => j.StartedAt).Take(limit).ToList();
    }

    private DateTimeOffset? EndedAt(DateTimeOffset last) => time.GetUtcNow() - last >= Timeout ? last : null;

    /// <summary>
    /// A person's events: recorded under their id, under an id merged into them (alias), or, without a user id, under
    /// one of their linked anonymous ids (before identify or login).
    /// </summary>
    private static IQueryable<AnalyticsEvent> OfPerson(IQueryable<AnalyticsEvent> query, string userEcosystemId, List<string> linked) =>
        linked.Count == 0
            ? query.Where(e => e.UserEcosystemId == userEcosystemId)
            : query.Where(e => e.UserEcosystemId == userEcosystemId
                || (e.UserEcosystemId != null && linked.Contains(e.UserEcosystemId))
                || (e.UserEcosystemId == null && e.AnonymousId != null && linked.Contains(e.AnonymousId)));

    /// <summary>The ids linked to a person: anonymous ids (identify, login) and previous ids merged by alias.</summary>
    private Task<List<string>> LinkedIdsAsync(string userEcosystemId, CancellationToken ct) =>
        db.Identities.AsNoTracking().Where(i => i.UserEcosystemId == userEcosystemId).Select(i => i.AnonymousId).ToListAsync(ct);

    /// <summary>Whose journey this is: the first user id of its events, or of its first linked anonymous id, as the person it is linked to now.</summary>
    private async Task<string?> LinkedPersonAsync(List<AnalyticsEvent> events, CancellationToken ct)
    {
        var user = events.Select(e => e.UserEcosystemId).FirstOrDefault(u => u is not null);
        var ids = user is not null ? [user] : events.Select(e => e.AnonymousId).OfType<string>().Distinct().ToList();
        if (ids.Count == 0) return null;
        var links = await db.Identities.AsNoTracking().Where(i => ids.Contains(i.AnonymousId)).ToDictionaryAsync(i => i.AnonymousId, i => i.UserEcosystemId, ct).ConfigureAwait(false);
        return links.GetValueOrDefault(ids.FirstOrDefault(links.ContainsKey) ?? "") ?? user;
    }

    internal static StoredEvent ToDto(AnalyticsEvent e) => new(
        e.EventId, e.EventName, e.OccurredAt, e.ReceivedAt, e.UserEcosystemId, e.AnonymousId, e.JourneyId, e.Channel, e.ActorRole, e.Source,
        JsonDocument.Parse(e.Metadata).RootElement.Clone(), e.Context is null ? null : JsonDocument.Parse(e.Context).RootElement.Clone());
}
