using System.Text.Json;
using Ecosystem.Marketplace.Contracts;
using Ecosystem.Marketplace.Data;
using Ecosystem.Marketplace.Profiles;
using Ecosystem.Marketplace.Ranking;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Marketplace.Intents;

/// <summary>
/// Intents and quotes. A buyer sees only their own intents (another's is 404); vendors see the open intents of their
/// tenant, ranked for them, and quote once per intent. Status changes are conditional updates on the status expected.
/// </summary>
internal sealed class IntentService(MarketplaceDbContext db, Transactions transactions, MarketplaceJournal journal, MarketplaceTenant tenant, ProfileService profiles, TimeProvider time)
{
    public static readonly Error NotFound = Error.NotFound("INTENT_NOT_FOUND", "There is no such intent.");
    public static readonly Error QuoteNotFound = Error.NotFound("QUOTE_NOT_FOUND", "There is no such quote.");
    public static readonly Error NotOpen = Error.Conflict("INTENT_NOT_OPEN", "This intent is no longer open: a quote was accepted, or it was cancelled or expired.");
    public static readonly Error AlreadyQuoted = Error.Conflict("QUOTE_EXISTS", "You already sent a quote for this intent.");
    public static readonly Error VendorProfileRequired = Error.Conflict("VENDOR_PROFILE_REQUIRED", "Save your vendor profile (region and categories) before you quote.");
    public static readonly Error OwnIntent = Error.Conflict("OWN_INTENT", "You can't quote on your own intent.");

    public const int DefaultExpiryMinutes = 24 * 60;
    public const int MaxExpiryMinutes = 30 * 24 * 60;
    public const long MaxPrice = 1_000_000_000_000;

    public async Task<Result<IntentResponse>> CreateAsync(string buyerUserId, IntentRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request is null)
        {
            v.Add("body", "Describe what you need.");
            return v.ToError();
        }

        if (request.Channel is null || !Intent.Channels.Contains(request.Channel)) v.Add("channel", "Channel is one of whatsapp, voice or lead-form.");
        var category = request.Category?.Trim().ToLowerInvariant();
        if (!Words.IsCategory(category)) v.Add("category", "Category is a word of 1 to 40 lower-case letters, digits or dashes (like moto).");
        var region = request.Region?.Trim();
        if (!Words.IsRegion(region)) v.Add("region", "Region is required: up to 60 letters, digits, spaces or dashes (like Kigali).");
        v.Text(request.Description, "description", 1000);
        if (request.Description?.Contains('\0', StringComparison.Ordinal) == true) v.Add("description", "Description can't contain NUL characters.");
        string? payload = null;
        if (request.Payload is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } p)
        {
            payload = p.ValueKind == JsonValueKind.Object ? JsonSerializer.Serialize(p) : null;
            if (payload is null) v.Add("payload", "Payload is a JSON object.");
            else if (payload.Length > 4000) v.Add("payload", "Payload is at most 4,000 characters of JSON.");
            else if (payload.Contains("\\u0000", StringComparison.Ordinal)) v.Add("payload", "Payload can't contain NUL characters.");
        }

        if (request.ExpiresInMinutes is { } minutes && minutes is < 1 or > MaxExpiryMinutes) v.Add("expiresInMinutes", "Expiry is from 1 minute to 30 days (43,200 minutes).");
        if (!v.IsValid) return v.ToError();

        var buyer = await profiles.BuyerAsync(buyerUserId, ct).ConfigureAwait(false);
        var result = await transactions.RunAsync<Intent>(db, async c =>
        {
            var now = time.UtcNowStored();
            var profile = await db.Buyers.ForUpdate().FirstAsync(b => b.TenantId == buyer.TenantId && b.UserEcosystemId == buyerUserId, c).ConfigureAwait(false);
            profile.Intents++;
            profile.UpdatedAt = now;
            var intent = new Intent
            {
                IntentId = Ids.New("int", time), TenantId = buyer.TenantId, BuyerUserId = buyerUserId, Channel = request.Channel!, Category = category!, Region = region!,
                Description = request.Description!.Trim(), Payload = payload, Status = Intent.Pending, ExpiresAt = now.AddMinutes(request.ExpiresInMinutes ?? DefaultExpiryMinutes),
                CreatedAt = now, UpdatedAt = now,
            };
            db.Intents.Add(intent);
            journal.Audit("marketplace.intent.created", "marketplace-intent", intent.IntentId, null, new { intent.Channel, intent.Category, intent.Region, intent.ExpiresAt });
            journal.Event(MarketplaceEvents.IntentCreated, buyerUserId, new { intentId = intent.IntentId, channel = intent.Channel, category = intent.Category, region = intent.Region, marketplace = MarketplaceJournal.State(profile) });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return intent;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? ToResponse(result.Value!, [], time.GetUtcNow()) : result.Error!;
    }

    /// <summary>The buyer's own intents, newest first, with their quotes.</summary>
    public async Task<IReadOnlyList<IntentResponse>> ListMineAsync(string buyerUserId, int limit, CancellationToken ct)
    {
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var intents = await db.Intents.AsNoTracking().Where(i => i.TenantId == tenantId && i.BuyerUserId == buyerUserId)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.IntentId).Take(limit).ToListAsync(ct).ConfigureAwait(false);
        var quotes = await QuotesOfAsync([.. intents.Select(i => i.IntentId)], ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return [.. intents.Select(i => ToResponse(i, quotes.GetValueOrDefault(i.IntentId) ?? [], now))];
    }

    /// <summary>One intent with its quotes: the buyer's own, or (<paramref name="seeAll"/>) any of the tenant for admins.</summary>
    public async Task<Result<IntentResponse>> GetAsync(string actorId, string intentId, bool seeAll, CancellationToken ct)
    {
        var intent = await FindAsync(intentId, ct).ConfigureAwait(false);
        if (intent is null || (!seeAll && intent.BuyerUserId != actorId)) return NotFound;
        var quotes = await QuotesOfAsync([intent.IntentId], ct).ConfigureAwait(false);
        return ToResponse(intent, quotes.GetValueOrDefault(intent.IntentId) ?? [], time.GetUtcNow());
    }

    public async Task<Result<IntentResponse>> CancelAsync(string buyerUserId, string intentId, CancellationToken ct)
    {
        var intent = await FindAsync(intentId, ct).ConfigureAwait(false);
        if (intent is null || intent.BuyerUserId != buyerUserId) return NotFound;
        var result = await transactions.RunAsync<bool>(db, async c =>
        {
            var now = time.UtcNowStored();
            var rows = await db.Intents.Where(i => i.IntentId == intent.IntentId && i.Status == Intent.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, Intent.Cancelled).SetProperty(i => i.UpdatedAt, now), c).ConfigureAwait(false);
            if (rows != 1) return NotOpen;
            await db.Quotes.Where(q => q.IntentId == intent.IntentId && q.Status == Quote.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, Quote.Rejected).SetProperty(q => q.UpdatedAt, now), c).ConfigureAwait(false);
            journal.Audit("marketplace.intent.cancelled", "marketplace-intent", intent.IntentId, new { Status = Intent.Pending }, new { Status = Intent.Cancelled });
            journal.Event(MarketplaceEvents.IntentCancelled, buyerUserId, new { intentId = intent.IntentId });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? await GetAsync(buyerUserId, intentId, false, ct).ConfigureAwait(false) : result.Error!;
    }

    /// <summary>Open intents of the tenant (pending, not past expiry), each with the vendor's own score for it, best first.</summary>
    public async Task<Result<IReadOnlyList<OpenIntentResponse>>> OpenForVendorAsync(string vendorUserId, int limit, CancellationToken ct)
    {
        var vendor = await profiles.FindVendorAsync(vendorUserId, ct).ConfigureAwait(false);
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var intents = await db.Intents.AsNoTracking().Where(i => i.TenantId == tenantId && i.Status == Intent.Pending && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt).Take(500).ToListAsync(ct).ConfigureAwait(false);
        var quotes = await QuotesOfAsync([.. intents.Select(i => i.IntentId)], ct).ConfigureAwait(false);
        var rows = intents.Select(i =>
        {
            var mine = quotes.GetValueOrDefault(i.IntentId) ?? [];
            var breakdown = vendor is null ? [] : VendorRanking.Breakdown(vendor, i.Region, i.Category);
            return new OpenIntentResponse(ToResponse(i, null, now), VendorRanking.Score(breakdown), breakdown, mine.FirstOrDefault(q => q.VendorUserId == vendorUserId), mine.Count);
        });
        return rows.OrderByDescending(r => r.Score).ThenByDescending(r => r.Intent.CreatedAt).Take(limit).ToList();
    }

    /// <summary>The vendors of the tenant ranked for an intent. The intent's buyer, any vendor of the tenant and admins may look; others get 404.</summary>
    public async Task<Result<RankingsResponse>> RankingsAsync(string actorId, string intentId, bool seeAll, CancellationToken ct)
    {
        var intent = await FindAsync(intentId, ct).ConfigureAwait(false);
        if (intent is null) return NotFound;
        if (!seeAll && intent.BuyerUserId != actorId && await profiles.FindVendorAsync(actorId, ct).ConfigureAwait(false) is null) return NotFound;
        var vendors = await db.Vendors.AsNoTracking().Where(v => v.TenantId == intent.TenantId).ToListAsync(ct).ConfigureAwait(false);
        var quotes = await db.Quotes.AsNoTracking().Where(q => q.IntentId == intent.IntentId).ToDictionaryAsync(q => q.VendorUserId, q => q.QuoteId, ct).ConfigureAwait(false);
        var weights = new Dictionary<string, int>
        {
            ["rating"] = VendorRanking.RatingWeight, ["fulfilment"] = VendorRanking.FulfilmentWeight, ["response"] = VendorRanking.ResponseWeight,
            ["trips"] = VendorRanking.TripsWeight, ["region"] = VendorRanking.RegionWeight, ["category"] = VendorRanking.CategoryWeight,
        };
        return new RankingsResponse(intent.IntentId, intent.Category, intent.Region, weights, VendorRanking.Rank(vendors.Where(v => v.UserEcosystemId != intent.BuyerUserId), intent.Region, intent.Category, quotes));
    }

    public async Task<Result<QuoteResponse>> QuoteAsync(string vendorUserId, string intentId, QuoteRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request is null)
        {
            v.Add("body", "Give your quote.");
            return v.ToError();
        }

        var currency = request.Currency ?? tenant.Currency;
        if (!Money.IsKnownCurrency(currency)) v.Add("currency", "Currency is not a known ISO code (like RWF).");
        v.Amount(request.Price, "price", Money.IsKnownCurrency(currency) ? currency : null, MaxPrice, "price");
        if (request.EtaMinutes is not (>= 1 and <= 43_200)) v.Add("etaMinutes", "ETA is required, in minutes from 1 to 30 days.");
        v.Text(request.Note, "note", 500, required: false);
        if (request.Note?.Contains('\0', StringComparison.Ordinal) == true) v.Add("note", "Note can't contain NUL characters.");
        if (!v.IsValid) return v.ToError();

        var intent = await FindAsync(intentId, ct).ConfigureAwait(false);
        if (intent is null) return NotFound;
        var vendor = await profiles.FindVendorAsync(vendorUserId, ct).ConfigureAwait(false);
        if (vendor is null) return VendorProfileRequired;
        if (intent.BuyerUserId == vendorUserId) return OwnIntent;
        var result = await transactions.RunAsync<Quote>(db, async c =>
        {
            var now = time.UtcNowStored();
            // The intent's row is the lock that makes "one quote per vendor" and "still open" one step.
            var locked = await db.Intents.ForUpdate().AsNoTracking().FirstAsync(i => i.IntentId == intent.IntentId, c).ConfigureAwait(false);
            if (locked.Status != Intent.Pending || locked.ExpiresAt <= now) return NotOpen;
            if (await db.Quotes.AnyAsync(q => q.IntentId == intent.IntentId && q.VendorUserId == vendorUserId, c).ConfigureAwait(false)) return AlreadyQuoted;
            var profile = await db.Vendors.ForUpdate().FirstAsync(x => x.TenantId == vendor.TenantId && x.UserEcosystemId == vendorUserId, c).ConfigureAwait(false);
            var responseSeconds = (int)Math.Clamp((now - locked.CreatedAt).TotalSeconds, 0, 604_800);
            profile.AvgResponseSeconds = (int)(((long)profile.AvgResponseSeconds * profile.Quotes + responseSeconds) / (profile.Quotes + 1));
            profile.Quotes++;
            profile.UpdatedAt = now;
            var quote = new Quote
            {
                QuoteId = Ids.New("quo", time), TenantId = intent.TenantId, IntentId = intent.IntentId, VendorUserId = vendorUserId, Price = request.Price!.Value, Currency = currency,
                EtaMinutes = request.EtaMinutes!.Value, Note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), Status = Quote.Pending, CreatedAt = now, UpdatedAt = now,
            };
            db.Quotes.Add(quote);
            journal.Audit("marketplace.quote.created", "marketplace-quote", quote.QuoteId, null, new { quote.IntentId, quote.Price, quote.Currency, quote.EtaMinutes });
            journal.Event(MarketplaceEvents.QuoteCreated, vendorUserId, new { quoteId = quote.QuoteId, intentId = quote.IntentId, price = quote.Price, currency = quote.Currency });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return quote;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? ToResponse(result.Value!, vendor.DisplayName) : result.Error!;
    }

    /// <summary>The vendor's own quotes, newest first.</summary>
    public async Task<IReadOnlyList<QuoteResponse>> VendorQuotesAsync(string vendorUserId, int limit, CancellationToken ct)
    {
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var vendor = await profiles.FindVendorAsync(vendorUserId, ct).ConfigureAwait(false);
        var rows = await db.Quotes.AsNoTracking().Where(q => q.TenantId == tenantId && q.VendorUserId == vendorUserId)
            .OrderByDescending(q => q.CreatedAt).ThenByDescending(q => q.QuoteId).Take(limit).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(q => ToResponse(q, vendor?.DisplayName ?? ""))];
    }

    /// <summary>Pending intents past their expiry become expired, and their pending quotes with them (the sweep; up to <paramref name="max"/>).</summary>
    public async Task<int> ExpireDueAsync(int max, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.Intents.AsNoTracking().Where(i => i.Status == Intent.Pending && i.ExpiresAt <= now).OrderBy(i => i.ExpiresAt).Take(max)
            .Select(i => new { i.IntentId, i.BuyerUserId }).ToListAsync(ct).ConfigureAwait(false);
        var expired = 0;
        foreach (var d in due)
        {
            var result = await transactions.RunAsync<bool>(db, async c =>
            {
                var stamp = time.UtcNowStored();
                var rows = await db.Intents.Where(i => i.IntentId == d.IntentId && i.Status == Intent.Pending && i.ExpiresAt <= stamp)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, Intent.Expired).SetProperty(i => i.UpdatedAt, stamp), c).ConfigureAwait(false);
                if (rows != 1) return false;
                await db.Quotes.Where(q => q.IntentId == d.IntentId && q.Status == Quote.Pending)
                    .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, Quote.Expired).SetProperty(q => q.UpdatedAt, stamp), c).ConfigureAwait(false);
                journal.Audit("marketplace.intent.expired", "marketplace-intent", d.IntentId, new { Status = Intent.Pending }, new { Status = Intent.Expired });
                journal.Event(MarketplaceEvents.IntentExpired, d.BuyerUserId, new { intentId = d.IntentId });
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return true;
            }, ct).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            if (result.IsSuccess && result.Value) expired++;
        }

        return expired;
    }

    internal async Task<Intent?> FindAsync(string intentId, CancellationToken ct)
    {
        if (!Ids.IsValid(intentId, "int")) return null;
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        return await db.Intents.AsNoTracking().FirstOrDefaultAsync(i => i.IntentId == intentId && i.TenantId == tenantId, ct).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, List<QuoteResponse>>> QuotesOfAsync(IReadOnlyList<string> intentIds, CancellationToken ct)
    {
        if (intentIds.Count == 0) return [];
        var quotes = await db.Quotes.AsNoTracking().Where(q => intentIds.Contains(q.IntentId)).ToListAsync(ct).ConfigureAwait(false);
        var vendorIds = quotes.Select(q => q.VendorUserId).Distinct().ToList();
        var names = await db.Vendors.AsNoTracking().Where(v => vendorIds.Contains(v.UserEcosystemId)).ToDictionaryAsync(v => v.UserEcosystemId, v => v.DisplayName, ct).ConfigureAwait(false);
        return quotes.OrderBy(q => q.Price).ThenBy(q => q.CreatedAt).GroupBy(q => q.IntentId)
            .ToDictionary(g => g.Key, g => g.Select(q => ToResponse(q, names.GetValueOrDefault(q.VendorUserId) ?? "")).ToList());
    }

    /// <summary>What the intent's status is now: a pending one past its expiry is expired, whether or not the sweep wrote it yet.</summary>
    public static string StatusAt(Intent i, DateTimeOffset now) => i.Status == Intent.Pending && i.ExpiresAt <= now ? Intent.Expired : i.Status;

    public static IntentResponse ToResponse(Intent i, IReadOnlyList<QuoteResponse>? quotes, DateTimeOffset now) =>
        new(i.IntentId, i.BuyerUserId, i.Channel, i.Category, i.Region, i.Description, i.Payload is null ? null : JsonSerializer.Deserialize<JsonElement>(i.Payload),
            StatusAt(i, now), i.AcceptedQuoteId, i.ExpiresAt, i.CreatedAt, quotes);

    public static QuoteResponse ToResponse(Quote q, string vendorName) =>
        new(q.QuoteId, q.IntentId, q.VendorUserId, vendorName, q.Price, q.Currency, q.EtaMinutes, q.Note, q.Status, q.CreatedAt, q.AcceptedAt);
}
