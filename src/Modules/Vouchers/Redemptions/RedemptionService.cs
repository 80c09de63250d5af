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
        var found = await FindAsync(request!.Code, ip, ct).ConfigureAwait(false);
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

        var stationId = station.StationId;
        var actor = op.ActorId;
        var result = await transactions.RunAsync<(Voucher Voucher, string TransferId)>(db, async c =>
        {
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
        db.ChangeTracker.Clear();
        if (!result.IsSuccess) return result.Error!;
        var (redeemed, transferId) = result.Value;
        return new RedemptionResponse(await ToStationResponseAsync(redeemed, ct).ConfigureAwait(false), transferId, stationId, redeemed.RedeemedAt!.Value);
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
