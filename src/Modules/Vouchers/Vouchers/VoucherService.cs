using System.Text.Json;
using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Vouchers.Contracts;
using Ecosystem.Vouchers.Data;
using Ecosystem.Vouchers.Stations;
using Ecosystem.Wallet.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Vouchers.Vouchers;

/// <summary>
/// Issuing vouchers and moving them along <see cref="VoucherTransitions"/>: each change is a conditional update on the
/// status it starts from, with its <c>voucher_events</c> row, one audit row, one event and (issue, void, expire) its
/// ledger transfer, all in one unit. Issuing funds the voucher liability account from the external voucher funding
/// account; voiding or expiring gives the amount back; redeeming (see <c>RedemptionService</c>) pays the station.
/// </summary>
internal sealed class VoucherService(
    VouchersDbContext db, Transactions transactions, VoucherJournal journal, ILedger ledger, IUserDirectory users, VoucherAssets assets, OperationContext op, TimeProvider time)
{
    public const string FundingOwner = "voucher-funding";
    public const string LiabilityOwner = "voucher-liability";
    public const long MaxAmount = 10_000_000_000;

    public static readonly Error NotFound = Error.NotFound("VOUCHER_NOT_FOUND", "There is no voucher with this code or id.");
    public static readonly Error AlreadyRedeemed = Error.Conflict("VOUCHER_ALREADY_REDEEMED", "This voucher has already been redeemed.");
    public static readonly Error Expired = Error.Conflict("VOUCHER_EXPIRED", "This voucher has expired.");
    public static readonly Error Voided = Error.Conflict("VOUCHER_VOID", "This voucher was voided.");
    public static readonly Error NotSent = Error.Conflict("VOUCHER_NOT_SENT", "This voucher has not been sent to its holder yet.");
    public static readonly Error AlreadySent = Error.Conflict("VOUCHER_ALREADY_SENT", "This voucher has already been sent.");
    public static readonly Error CodesExhausted = Error.Conflict("VOUCHER_CODES_EXHAUSTED", "No free voucher code was found; the code space is nearly used up.");

    /// <summary>Why <paramref name="action"/> cannot apply to a voucher in <paramref name="status"/>.</summary>
    public static Error Refusal(string action, string status) => status switch
    {
        VoucherStatus.Redeemed => AlreadyRedeemed,
        VoucherStatus.Expired => Expired,
        VoucherStatus.Void => Voided,
        VoucherStatus.Sent when action == VoucherTransitions.Send => AlreadySent,
        VoucherStatus.Issued when action == VoucherTransitions.Redeem => NotSent,
        _ => Error.Conflict("VOUCHER_STATE", $"A voucher that is {status} can't be changed this way."),
    };

    public async Task<Result<VoucherResponse>> IssueAsync(IssueVoucherRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        var input = await ValidateAsync(request, "", v, ct).ConfigureAwait(false);
        if (!v.IsValid || input is null) return v.ToError();
        return await IssueValidAsync(input, ct).ConfigureAwait(false);
    }

    internal sealed record IssueInput(string UserEcosystemId, long Amount, string Currency, string? StationScope, DateTimeOffset? ExpiresAt, string? CampaignId, string? Phone, string? Metadata);

    internal async Task<IssueInput?> ValidateAsync(IssueVoucherRequest? r, string prefix, Validator v, CancellationToken ct)
    {
        if (r is null)
        {
            v.Add(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "Give the voucher's holder and amount.");
            return null;
        }

        var currency = r.Currency ?? "RWF";
        if (!Money.IsKnownCurrency(currency)) v.Add(prefix + "currency", "Currency is not a known ISO code (e.g. RWF).");
        if (r.Amount is not (> 0 and <= MaxAmount)) v.Add(prefix + "amount", $"Amount is required: a whole number of minor units (RWF has none), 1 to {MaxAmount:N0}.");
        if (!Ids.IsValid(r.UserEcosystemId, "usr") && (r.UserEcosystemId is null || r.UserEcosystemId.Length is 0 or > 40 || r.UserEcosystemId.Any(char.IsControl)))
            v.Add(prefix + "userEcosystemId", "Holder is required: the person's user id.");
        if (r.StationScope is not null && !Ids.IsValid(r.StationScope, "stn")) v.Add(prefix + "stationScope", "Station scope is not a station id.");
        if (r.ExpiresAt is { } e && e <= time.GetUtcNow()) v.Add(prefix + "expiresAt", "Expiry must be in the future.");
        v.Text(r.CampaignId, prefix + "campaignId", 60, required: false);
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(r.Phone) && (phone = E164.Normalise(r.Phone)) is null) v.Add(prefix + "phone", "Phone is not a valid phone number (e.g. +250 788 123 456).");
        string? metadata = null;
        if (r.Metadata is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } m)
        {
            metadata = m.ValueKind == JsonValueKind.Object ? JsonSerializer.Serialize(m) : null;
            if (metadata is null) v.Add(prefix + "metadata", "Metadata is a JSON object.");
            else if (metadata.Length > 4000) v.Add(prefix + "metadata", "Metadata is at most 4,000 characters of JSON.");
            else if (metadata.Contains("\\u0000", StringComparison.Ordinal)) v.Add(prefix + "metadata", "Metadata can't contain NUL characters.");
        }

        if (!v.IsValid) return null;
        if (!(await users.GetManyAsync([r.UserEcosystemId!], ct).ConfigureAwait(false)).ContainsKey(r.UserEcosystemId!))
            v.Add(prefix + "userEcosystemId", "There is no person with this user id.");
        if (r.StationScope is not null && !await db.Stations.AnyAsync(s => s.StationId == r.StationScope, ct).ConfigureAwait(false))
            v.Add(prefix + "stationScope", "There is no station with this id.");
        if (!v.IsValid) return null;
        return new IssueInput(r.UserEcosystemId!, r.Amount!.Value, currency, r.StationScope, r.ExpiresAt is { } x ? x.ToUniversalTime() : null, string.IsNullOrWhiteSpace(r.CampaignId) ? null : r.CampaignId.Trim(), phone, metadata);
    }

    /// <summary>Issues one validated voucher: a fresh code (a collision with a code taken at the same instant retries with another), the liability funded, all in one unit.</summary>
    internal async Task<Result<VoucherResponse>> IssueValidAsync(IssueInput input, CancellationToken ct)
    {
        var funding = await ledger.OpenAccountAsync(OwnerTypes.External, FundingOwner, input.Currency, ct).ConfigureAwait(false);
        if (!funding.IsSuccess) return funding.Error!;
        var liability = await ledger.OpenAccountAsync(OwnerTypes.Platform, LiabilityOwner, input.Currency, ct).ConfigureAwait(false);
        if (!liability.IsSuccess) return liability.Error!;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await transactions.RunAsync<Voucher>(db, async c =>
                {
                    string? code = null;
                    for (var i = 0; i < 20 && code is null; i++)
                    {
                        var candidate = VoucherCodes.New();
                        if (!await db.Vouchers.AnyAsync(x => x.Code == candidate, c).ConfigureAwait(false)) code = candidate;
                    }

                    if (code is null) return CodesExhausted;
                    var now = time.UtcNowStored();
                    var voucher = new Voucher
                    {
                        VoucherId = Ids.New("vch", time), UserEcosystemId = input.UserEcosystemId, HolderPhone = input.Phone, StationScope = input.StationScope,
                        CampaignId = input.CampaignId, Amount = input.Amount, Currency = input.Currency, Code = code, Status = VoucherStatus.Issued,
                        LiabilityAccountId = liability.Value!.AccountId, Metadata = input.Metadata, CreatedBy = op.ActorId, IssuedAt = now, ExpiresAt = input.ExpiresAt, UpdatedAt = now,
                    };
                    db.Vouchers.Add(voucher);
                    var funded = await ledger.TransferAsync(new LedgerTransfer("voucher-issue-" + voucher.VoucherId, funding.Value!.AccountId, voucher.LiabilityAccountId,
                        voucher.Amount, voucher.Currency, TransferTypes.TopUp, Metadata: new Dictionary<string, string> { ["voucherId"] = voucher.VoucherId }), c).ConfigureAwait(false);
                    if (!funded.IsSuccess) return funded.Error!;
                    await WriteAsync(voucher, null, "issued", null, null, VoucherEvents.Issued, c).ConfigureAwait(false);
                    return voucher;
                }, ct).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                if (!result.IsSuccess) return result.Error!;
                var voucher = await assets.EnsureAsync(result.Value!, ct).ConfigureAwait(false);
                var used = await db.Vouchers.LongCountAsync(ct).ConfigureAwait(false);
                return await ToResponseAsync(voucher, ct, VoucherCodes.Capacity - used).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < 5 && UniqueViolation.Is(e, "ux_vouchers_code"))
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<Result<VoucherResponse>> GetAsync(string voucherId, CancellationToken ct)
    {
        if (!Ids.IsValid(voucherId, "vch")) return NotFound;
        var voucher = await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(x => x.VoucherId == voucherId, ct).ConfigureAwait(false);
        return voucher is null ? NotFound : await ToResponseAsync(voucher, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<VoucherEventResponse>> HistoryAsync(string voucherId, CancellationToken ct) =>
        (await db.Events.AsNoTracking().Where(e => e.VoucherId == voucherId).OrderBy(e => e.CreatedAt).ThenBy(e => e.EventId).ToListAsync(ct).ConfigureAwait(false))
            .Select(e => new VoucherEventResponse(e.EventId, e.EventType, e.ActorId, e.StationId, ReasonOf(e.Context), e.CreatedAt)).ToList();

    private static string? ReasonOf(string? context)
    {
        if (context is null) return null;
        using var doc = JsonDocument.Parse(context);
        return doc.RootElement.TryGetProperty("reason", out var r) ? r.GetString() : null;
    }

    public Task<Result<VoucherResponse>> SendAsync(string voucherId, CancellationToken ct) => TransitionAsync(voucherId, VoucherTransitions.Send, null, ct);

    public Task<Result<VoucherResponse>> VoidAsync(string voucherId, string? reason, CancellationToken ct)
    {
        var v = new Validator().Text(reason, "reason", 500, required: false);
        return v.IsValid ? TransitionAsync(voucherId, VoucherTransitions.VoidAction, reason, ct) : Task.FromResult<Result<VoucherResponse>>(v.ToError());
    }

    /// <summary>Moves overdue issued or sent vouchers to expired (up to <paramref name="max"/>); each its own unit, the amount back to the funding account.</summary>
    public async Task<int> ExpireDueAsync(int max, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var from = VoucherTransitions.From(VoucherTransitions.Expire);
        var due = await db.Vouchers.AsNoTracking().Where(x => from.Contains(x.Status) && x.ExpiresAt != null && x.ExpiresAt <= now)
            .OrderBy(x => x.ExpiresAt).Select(x => x.VoucherId).Take(max).ToListAsync(ct).ConfigureAwait(false);
        var expired = 0;
        foreach (var id in due)
        {
            if ((await TransitionAsync(id, VoucherTransitions.Expire, "expiry passed", ct).ConfigureAwait(false)).IsSuccess) expired++;
        }

        return expired;
    }

    /// <summary>One transition by a conditional update on the statuses it starts from; 0 rows means someone else moved it first.</summary>
    private async Task<Result<VoucherResponse>> TransitionAsync(string voucherId, string action, string? reason, CancellationToken ct)
    {
        if (!Ids.IsValid(voucherId, "vch")) return NotFound;
        var result = await transactions.RunAsync<Voucher>(db, async c =>
        {
            var before = await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(x => x.VoucherId == voucherId, c).ConfigureAwait(false);
            if (before is null) return NotFound;
            var from = VoucherTransitions.From(action);
            var to = VoucherTransitions.To(action);
            if (action == VoucherTransitions.Expire && (before.ExpiresAt is null || before.ExpiresAt > time.GetUtcNow())) return Refusal(action, before.Status);
            var now = time.UtcNowStored();
            var rows = await db.Vouchers.Where(x => x.VoucherId == voucherId && from.Contains(x.Status))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, to).SetProperty(x => x.UpdatedAt, now)
                    .SetProperty(x => x.SentAt, x => action == VoucherTransitions.Send ? now : x.SentAt), c).ConfigureAwait(false);
            if (rows == 0)
            {
                var status = await db.Vouchers.Where(x => x.VoucherId == voucherId).Select(x => x.Status).FirstAsync(c).ConfigureAwait(false);
                return Refusal(action, status);
            }

            var after = await db.Vouchers.AsNoTracking().FirstAsync(x => x.VoucherId == voucherId, c).ConfigureAwait(false);
            if (to is VoucherStatus.Void or VoucherStatus.Expired)
            {
                // The amount the voucher held goes back to where it came from: the liability only ever holds live vouchers.
                var funding = await ledger.OpenAccountAsync(OwnerTypes.External, FundingOwner, after.Currency, c).ConfigureAwait(false);
                if (!funding.IsSuccess) return funding.Error!;
                var released = await ledger.TransferAsync(new LedgerTransfer("voucher-release-" + after.VoucherId, after.LiabilityAccountId, funding.Value!.AccountId,
                    after.Amount, after.Currency, TransferTypes.Adjustment, Metadata: new Dictionary<string, string> { ["voucherId"] = after.VoucherId, ["reason"] = to }), c).ConfigureAwait(false);
                if (!released.IsSuccess) return released.Error!;
            }

            var (eventType, eventName) = to switch
            {
                VoucherStatus.Sent => ("sent", VoucherEvents.Sent),
                VoucherStatus.Void => ("void", VoucherEvents.Voided),
                _ => ("expired", VoucherEvents.Expired),
            };
            await WriteAsync(after, before, eventType, null, reason, eventName, c).ConfigureAwait(false);
            return after;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? await ToResponseAsync(result.Value!, ct).ConfigureAwait(false) : result.Error!;
    }

    /// <summary>The voucher_events row, the audit row and the event of one change; saves the unit's tracked rows.</summary>
    internal async Task WriteAsync(Voucher after, Voucher? before, string eventType, string? stationId, string? reason, string eventName, CancellationToken c, string? ledgerTransactionId = null)
    {
        db.Events.Add(new VoucherEvent
        {
            EventId = Ids.New("vev", time), VoucherId = after.VoucherId, EventType = eventType, ActorId = Truncate(op.ActorId), StationId = stationId,
            Context = reason is null && ledgerTransactionId is null ? null : JsonSerializer.Serialize(new { reason, ledgerTransactionId }), CreatedAt = time.UtcNowStored(),
        });
        journal.Audit("vouchers.voucher." + eventType, "voucher", after.VoucherId, before is null ? null : Snapshot(before), Snapshot(after));
        journal.Event(eventName, after.UserEcosystemId, new
        {
            voucherId = after.VoucherId, amount = after.Amount, currency = after.Currency, status = after.Status, stationId = stationId ?? after.StationScope,
            campaignId = after.CampaignId, ledgerTransactionId, reason,
            vouchers = await HolderStateAsync(after.UserEcosystemId, c).ConfigureAwait(false),
        });
        await db.SaveChangesAsync(c).ConfigureAwait(false);
    }

    /// <summary>The holder's vouchers after the change (Customer 360's state): how many are held (issued or sent) and redeemed.</summary>
    internal async Task<VoucherHolderState> HolderStateAsync(string userEcosystemId, CancellationToken c)
    {
        var counts = await db.Vouchers.Where(x => x.UserEcosystemId == userEcosystemId).GroupBy(x => x.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(c).ConfigureAwait(false);
        // The new voucher is only tracked (not saved) while it is issued.
        var pending = db.ChangeTracker.Entries<Voucher>().Count(e => e.State == EntityState.Added && e.Entity.UserEcosystemId == userEcosystemId);
        long Of(string s) => counts.Where(x => x.Key == s).Sum(x => x.Count);
        return new VoucherHolderState(Of(VoucherStatus.Issued) + Of(VoucherStatus.Sent) + pending, Of(VoucherStatus.Redeemed));
    }

    private static string Truncate(string actor) => actor.Length <= 40 ? actor : actor[..40];

    internal static object Snapshot(Voucher v) => new
    {
        v.VoucherId, v.UserEcosystemId, v.Status, v.Amount, v.Currency, v.StationScope, v.CampaignId, v.IssuedAt, v.SentAt, v.RedeemedAt, v.ExpiresAt,
        v.RedeemedStationId, v.RedeemedBy, v.LedgerTransactionId,
    };

    internal async Task<VoucherResponse> ToResponseAsync(Voucher v, CancellationToken ct, long? codesRemaining = null)
    {
        var (qr, png) = await assets.LinksAsync(v, ct).ConfigureAwait(false);
        return new VoucherResponse(v.VoucherId, v.UserEcosystemId, v.Code, v.Status, v.Amount, v.Currency, v.StationScope, v.CampaignId, E164.Mask(v.HolderPhone),
            v.IssuedAt, v.SentAt, v.RedeemedAt, v.ExpiresAt, v.RedeemedStationId, v.LedgerTransactionId, qr, png,
            v.Metadata is null ? null : JsonDocument.Parse(v.Metadata).RootElement.Clone(), codesRemaining);
    }
}
