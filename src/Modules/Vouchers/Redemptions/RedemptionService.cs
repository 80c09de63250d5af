using Ecosystem.Identity.Contracts;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Vouchers.Contracts;
using Ecosystem.Vouchers.Data;
using Ecosystem.Vouchers.Stations;
using Ecosystem.Vouchers.Vouchers;
using Ecosystem.Wallet.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Vouchers.Redemptions;

/// <summary>
/// The station app's side: look a code up and redeem it at one of the operator's stations. The server enforces the
/// station scope: a voucher scoped to another station is "not found" (404, no existence leak) and leaves a
/// <c>policy_blocked</c> event. A redemption is one unit: the conditional update sent → redeemed and the ledger transfer
/// voucher liability → station account commit together or not at all, so a voucher is redeemed once and its money
/// moves once, also when 200 operators press "Redeem" at the same instant.
/// </summary>
internal sealed class RedemptionService(
    VouchersDbContext db, Transactions transactions, VoucherService vouchers, StationService stations, ILedger ledger, GuessThrottle throttle,
    IEnumerable<IPersonDirectory> directories, IUserDirectory users, OperationContext op, TimeProvider time)
{
    public static readonly Error NoStation = Error.NotFound("STATION_NOT_FOUND", "You are not an operator of this station.");
    public static readonly Error StationInactive = Error.Conflict("STATION_INACTIVE", "This station is inactive: it can't redeem vouchers.");

    public async Task<Result<StationVoucherResponse>> LookupAsync(string? code, string ip, CancellationToken ct)
    {
        if (throttle.IsBlocked(op.ActorId, ip)) return GuessThrottle.Throttled;
        var found = await FindAsync(code, ip, ct).ConfigureAwait(false);
        if (!found.IsSuccess) return found.Error!;
        var (voucher, mine) = found.Value;
        if (voucher.StationScope is not null && !mine.Any(s => s.StationId == voucher.StationScope))
        {
            await BlockAsync(voucher, mine.FirstOrDefault()?.StationId, "wrong-station", ct).ConfigureAwait(false);
            throttle.Miss(op.ActorId, ip);
            return VoucherService.NotFound;
        }

        return await ToStationResponseAsync(voucher, ct).ConfigureAwait(false);
    }

    public async Task<Result<RedemptionResponse>> RedeemAsync(RedeemRequest? request, string ip, CancellationToken ct)
    {
        if (throttle.IsBlocked(op.ActorId, ip)) return GuessThrottle.Throttled;
        var v = new Validator();
        if (request?.Code is null) v.Add("code", "Code is required: the 5 characters on the voucher.");
        if (request?.StationId is not null && !Ids.IsValid(request.StationId, "stn")) v.Add("stationId", "Station is not a station id.");
        if (!v.IsValid) return v.ToError();

        // One unit from the first read to the last write: under an Idempotency-Key the request already runs in a unit,
        // and reads outside this one would take a second connection per request (200 racers would drain the pool).
        // A refusal is a successful unit (its policy_blocked event is kept) that answers the refusal.
        var outcome = await transactions.RunAsync<(Voucher? Voucher, string? TransferId, string? StationId, Error? Refusal)>(db, async c =>
        {
            var decided = await DecideAsync(request!, ip, c).ConfigureAwait(false);
            if (!decided.IsSuccess) return (null, null, null, decided.Error);
            var (voucher, stationId) = decided.Value;
            var redeemed = await RedeemInUnitAsync(voucher, stationId, c).ConfigureAwait(false);
            if (redeemed.IsSuccess) return (redeemed.Value.Voucher, redeemed.Value.TransferId, stationId, null);
            // A lost race is an answer; anything else (a ledger refusal) undoes the unit.
            if (redeemed.Error!.Code is "VOUCHER_ALREADY_REDEEMED" or "VOUCHER_EXPIRED" or "VOUCHER_VOID" or "VOUCHER_NOT_SENT") return (null, null, null, redeemed.Error);
            return redeemed.Error!;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (!outcome.IsSuccess) return outcome.Error!;
        if (outcome.Value.Refusal is { } refusal) return refusal;
        var done = outcome.Value.Voucher!;
        return new RedemptionResponse(await ToStationResponseAsync(done, ct).ConfigureAwait(false), outcome.Value.TransferId!, outcome.Value.StationId!, done.RedeemedAt!.Value);
    }

    /// <summary>Which station redeems, or why not (a policy refusal writes its policy_blocked event here, in the caller's unit).</summary>
    private async Task<Result<(Voucher Voucher, string StationId)>> DecideAsync(RedeemRequest request, string ip, CancellationToken ct)
    {
        var found = await FindAsync(request.Code, ip, ct).ConfigureAwait(false);
        if (!found.IsSuccess) return found.Error!;
        var (voucher, mine) = found.Value;

        if (voucher.StationScope is not null && !mine.Any(s => s.StationId == voucher.StationScope))
        {
            await BlockAsync(voucher, request.StationId ?? mine.FirstOrDefault()?.StationId, "wrong-station", ct).ConfigureAwait(false);
            throttle.Miss(op.ActorId, ip);
            return VoucherService.NotFound;
        }

        Station? station;
        if (request.StationId is not null) station = mine.FirstOrDefault(s => s.StationId == request.StationId);
        else if (voucher.StationScope is not null) station = mine.First(s => s.StationId == voucher.StationScope);
        else if (mine.Count == 1) station = mine[0];
        else return new Validator().Require(false, "stationId", "You work at several stations: choose the station.").ToError();
        if (station is null) return NoStation;
        if (voucher.StationScope is not null && station.StationId != voucher.StationScope)
        {
            await BlockAsync(voucher, station.StationId, "wrong-station", ct).ConfigureAwait(false);
            return VoucherService.NotFound;
        }

        if (station.Status != Station.Active) return StationInactive;
        var now = time.UtcNowStored();
        var refusal = voucher.Status switch
        {
            VoucherStatus.Expired => ("expired", VoucherService.Expired),
            VoucherStatus.Void => ("void", VoucherService.Voided),
            VoucherStatus.Issued => ("not-sent", VoucherService.NotSent),
            VoucherStatus.Sent when voucher.ExpiresAt is { } e && e <= now => ("expired", VoucherService.Expired),
            _ => ((string?)null, (Error?)null),
        };
        if (refusal.Item2 is { } error)
        {
            await BlockAsync(voucher, station.StationId, refusal.Item1!, ct).ConfigureAwait(false);
            return error;
        }

        if (voucher.Status == VoucherStatus.Redeemed) return VoucherService.AlreadyRedeemed;
        return (voucher, station.StationId);
    }

    /// <summary>sent → redeemed by a conditional update and the ledger transfer liability → station, in one (nested) unit.</summary>
    private async Task<Result<(Voucher Voucher, string TransferId)>> RedeemInUnitAsync(Voucher voucher, string stationId, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var actor = op.ActorId;
        return await transactions.RunAsync<(Voucher Voucher, string TransferId)>(db, async c =>
        {
            // On PostgreSQL a racer that finds the row locked answers at once instead of holding a connection while it
            // waits for the winner (who needs one more for the ledger): 200 racers would drain the pool. The lock holder
            // is redeeming it (or, rarely, voiding it); either way this redemption can't happen (ADR 0027).
            var locked = await db.Vouchers.ForUpdateSkipLocked().Where(x => x.VoucherId == voucher.VoucherId).Select(x => x.Status).FirstOrDefaultAsync(c).ConfigureAwait(false);
            if (locked is null) return VoucherService.AlreadyRedeemed;
            var rows = await db.Vouchers
                .Where(x => x.VoucherId == voucher.VoucherId && x.Status == VoucherStatus.Sent && (x.ExpiresAt == null || x.ExpiresAt > now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, VoucherStatus.Redeemed).SetProperty(x => x.RedeemedAt, now)
                    .SetProperty(x => x.RedeemedStationId, stationId).SetProperty(x => x.RedeemedBy, actor).SetProperty(x => x.UpdatedAt, now), c).ConfigureAwait(false);
            if (rows == 0)
            {
                var status = await db.Vouchers.Where(x => x.VoucherId == voucher.VoucherId).Select(x => x.Status).FirstAsync(c).ConfigureAwait(false);
                return status == VoucherStatus.Sent ? VoucherService.Expired : VoucherService.Refusal(VoucherTransitions.Redeem, status);
            }

            var account = await ledger.OpenAccountAsync(OwnerTypes.Vendor, stationId, voucher.Currency, c).ConfigureAwait(false);
            if (!account.IsSuccess) return account.Error!;
            var paid = await ledger.TransferAsync(new LedgerTransfer("voucher-redeem-" + voucher.VoucherId, voucher.LiabilityAccountId, account.Value!.AccountId,
                voucher.Amount, voucher.Currency, TransferTypes.VoucherRedemption,
                Metadata: new Dictionary<string, string> { ["voucherId"] = voucher.VoucherId, ["stationId"] = stationId }), c).ConfigureAwait(false);
            if (!paid.IsSuccess) return paid.Error!;
            await db.Vouchers.Where(x => x.VoucherId == voucher.VoucherId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LedgerTransactionId, paid.Value!.TransferId), c).ConfigureAwait(false);
            var after = await db.Vouchers.AsNoTracking().FirstAsync(x => x.VoucherId == voucher.VoucherId, c).ConfigureAwait(false);
            await vouchers.WriteAsync(after, voucher, "redeemed", stationId, null, VoucherEvents.Redeemed, c, paid.Value!.TransferId).ConfigureAwait(false);
            return (after, paid.Value!.TransferId);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>Today's (UTC) redemptions at the operator's stations and their totals.</summary>
    public async Task<TodayResponse> TodayAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var mine = db.Operators.Where(o => o.UserEcosystemId == op.ActorId).Select(o => o.StationId);
        var rows = await db.Vouchers.AsNoTracking()
            .Where(x => x.Status == VoucherStatus.Redeemed && x.RedeemedAt >= start && x.RedeemedStationId != null && mine.Contains(x.RedeemedStationId))
            .OrderByDescending(x => x.RedeemedAt).ThenBy(x => x.VoucherId).Take(500).ToListAsync(ct).ConfigureAwait(false);
        var totals = rows.GroupBy(x => x.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new TodayTotal(g.Key, g.Sum(x => x.Amount))).ToList();
        return new TodayResponse(DateOnly.FromDateTime(start.UtcDateTime), rows.Count, totals,
            rows.Select(x => new TodayRedemption(x.VoucherId, x.Code, x.Amount, x.Currency, x.RedeemedStationId!, x.RedeemedAt!.Value)).ToList());
    }

    /// <summary>The voucher with this code and the operator's stations; a code that is not one (or that no operator of any station may see) is a miss.</summary>
    private async Task<Result<(Voucher Voucher, IReadOnlyList<Station> Mine)>> FindAsync(string? typed, string ip, CancellationToken ct)
    {
        var code = VoucherCodes.Normalise(typed);
        var voucher = code is null ? null : await db.Vouchers.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct).ConfigureAwait(false);
        var mine = await stations.StationsOfAsync(op.ActorId, ct).ConfigureAwait(false);
        if (voucher is null || mine.Count == 0)
        {
            throttle.Miss(op.ActorId, ip);
            return VoucherService.NotFound;
        }

        return (voucher, mine);
    }

    /// <summary>A refused redemption leaves a <c>policy_blocked</c> event with the reason, in a unit of its own (the refusal itself changes nothing).</summary>
    private async Task BlockAsync(Voucher voucher, string? stationId, string reason, CancellationToken ct)
    {
        await transactions.RunAsync<bool>(db, async c =>
        {
            await vouchers.WriteAsync(voucher, null, VoucherEvent.PolicyBlocked, stationId, reason, VoucherEvents.PolicyBlocked, c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    private async Task<StationVoucherResponse> ToStationResponseAsync(Voucher v, CancellationToken ct)
    {
        var name = (await directories.FindAsync([v.UserEcosystemId], ct).ConfigureAwait(false)).GetValueOrDefault(v.UserEcosystemId)?.Name
            ?? (await users.GetManyAsync([v.UserEcosystemId], ct).ConfigureAwait(false)).GetValueOrDefault(v.UserEcosystemId)?.DisplayName ?? "";
        var first = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        var redeemable = v.Status == VoucherStatus.Sent && (v.ExpiresAt is null || v.ExpiresAt > time.GetUtcNow());
        return new StationVoucherResponse(v.VoucherId, v.Code, v.Status, v.Amount, v.Currency, first, E164.Mask(v.HolderPhone), v.ExpiresAt, v.StationScope, redeemable, v.RedeemedAt);
    }
}
