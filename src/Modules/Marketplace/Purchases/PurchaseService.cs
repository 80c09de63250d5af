using Ecosystem.Marketplace.Commissions;
using Ecosystem.Marketplace.Contracts;
using Ecosystem.Marketplace.Data;
using Ecosystem.Marketplace.Intents;
using Ecosystem.Marketplace.Profiles;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Wallet.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Marketplace.Purchases;

/// <summary>
/// Accepting a quote, completing and cancelling purchases (ADR 0026). Each is one unit: the marketplace's conditional
/// updates and the ledger's transfers (which join the unit) commit together or not at all. Accepting changes the intent
/// <c>pending → matched</c> only where it is still pending, so of two acceptances at once exactly one wins; the hold
/// (a pending transfer buyer → vendor) is placed in the same unit, so an acceptance without funds leaves nothing.
/// </summary>
internal sealed class PurchaseService(
    MarketplaceDbContext db, Transactions transactions, MarketplaceJournal journal, MarketplaceTenant tenant, ProfileService profiles,
    IntentService intents, CommissionService commissions, ILedger ledger, TimeProvider time)
{
    public static readonly Error NotFound = Error.NotFound("PURCHASE_NOT_FOUND", "There is no such purchase.");
    public static readonly Error QuoteNotOpen = Error.Conflict("QUOTE_NOT_OPEN", "This quote is no longer open.");
    public static readonly Error NotPending = Error.Conflict("PURCHASE_NOT_PENDING", "This purchase is not pending: it was completed, cancelled or failed.");
    public static readonly Error HoldExpired = Error.Conflict("HOLD_EXPIRED", "The buyer's funds were held too long and released; the purchase failed.");

    /// <summary>How long an accepted quote holds the buyer's funds before the ledger releases them (7 days).</summary>
    public const int HoldTimeoutSeconds = 7 * 24 * 3600;

    public async Task<Result<PurchaseResponse>> AcceptAsync(string buyerUserId, string quoteId, CancellationToken ct)
    {
        if (!Ids.IsValid(quoteId, "quo")) return IntentService.QuoteNotFound;
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var quote = await db.Quotes.AsNoTracking().FirstOrDefaultAsync(q => q.QuoteId == quoteId && q.TenantId == tenantId, ct).ConfigureAwait(false);
        var intent = quote is null ? null : await intents.FindAsync(quote.IntentId, ct).ConfigureAwait(false);
        if (quote is null || intent is null || intent.BuyerUserId != buyerUserId) return IntentService.QuoteNotFound;
        await profiles.BuyerAsync(buyerUserId, ct).ConfigureAwait(false);
        // Opened (once) before the unit, so the unit only reads it.
        await tenant.CommissionAccountAsync(quote.Currency, ct).ConfigureAwait(false);

        var result = await transactions.RunAsync<Purchase>(db, async c =>
        {
            var now = time.UtcNowStored();
            // The one compare-and-set that decides: only a pending, unexpired intent becomes matched, once.
            var won = await db.Intents.Where(i => i.IntentId == intent.IntentId && i.Status == Intent.Pending && i.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, Intent.Matched).SetProperty(i => i.AcceptedQuoteId, quote.QuoteId).SetProperty(i => i.UpdatedAt, now), c).ConfigureAwait(false);
            if (won != 1) return IntentService.NotOpen;
            var accepted = await db.Quotes.Where(q => q.QuoteId == quote.QuoteId && q.Status == Quote.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, Quote.Accepted).SetProperty(q => q.AcceptedAt, now).SetProperty(q => q.UpdatedAt, now), c).ConfigureAwait(false);
            if (accepted != 1) return QuoteNotOpen;
            await db.Quotes.Where(q => q.IntentId == intent.IntentId && q.QuoteId != quote.QuoteId && q.Status == Quote.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(q => q.Status, Quote.Rejected).SetProperty(q => q.UpdatedAt, now), c).ConfigureAwait(false);

            var buyerWallet = await tenant.WalletAsync(OwnerTypes.Buyer, buyerUserId, quote.Currency, c).ConfigureAwait(false);
            if (!buyerWallet.IsSuccess) return buyerWallet.Error!;
            var vendorWallet = await tenant.WalletAsync(OwnerTypes.Vendor, quote.VendorUserId, quote.Currency, c).ConfigureAwait(false);
            if (!vendorWallet.IsSuccess) return vendorWallet.Error!;
            var schedule = await commissions.InForceAsync(tenantId, intent.Category, quote.Currency, now, c).ConfigureAwait(false);
            var split = schedule is null ? CommissionSplit.None(quote.Price) : CommissionSplit.Of(quote.Price, schedule.RateBp, schedule.FlatFee);
            var purchaseId = Ids.New("pur", time);
            var hold = await ledger.TransferAsync(new LedgerTransfer("mkt-hold-" + purchaseId, buyerWallet.Value!.AccountId, vendorWallet.Value!.AccountId, quote.Price, quote.Currency,
                TransferTypes.Purchase, Pending: true, TimeoutSeconds: HoldTimeoutSeconds, Metadata: new Dictionary<string, string> { ["purchaseId"] = purchaseId, ["intentId"] = intent.IntentId }), c).ConfigureAwait(false);
            if (!hold.IsSuccess) return hold.Error!;

            var purchase = new Purchase
            {
                PurchaseId = purchaseId, TenantId = tenantId, IntentId = intent.IntentId, QuoteId = quote.QuoteId, BuyerUserId = buyerUserId, VendorUserId = quote.VendorUserId,
                Category = intent.Category, Amount = quote.Price, Currency = quote.Currency, Commission = split.Commission, VendorNet = split.Vendor,
                CommissionScheduleId = schedule?.ScheduleId, HoldTransferId = hold.Value!.TransferId, Status = Purchase.Pending, CreatedAt = now, UpdatedAt = now,
            };
            db.Purchases.Add(purchase);
            journal.Audit("marketplace.quote.accepted", "marketplace-purchase", purchase.PurchaseId, new { quote.Status }, ToResponse(purchase));
            var buyer = await db.Buyers.AsNoTracking().FirstAsync(b => b.TenantId == tenantId && b.UserEcosystemId == buyerUserId, c).ConfigureAwait(false);
            journal.Event(MarketplaceEvents.QuoteAccepted, buyerUserId, new
            {
                purchaseId, quoteId = quote.QuoteId, intentId = intent.IntentId, amount = quote.Price, currency = quote.Currency, marketplace = MarketplaceJournal.State(buyer),
            });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return purchase;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? ToResponse(result.Value!) : result.Error!;
    }

    /// <summary>
    /// The vendor completes: the hold is posted (buyer → vendor) and the commission moves vendor → commission account, in
    /// one unit with the purchase's change. A hold the ledger already expired makes the purchase failed instead.
    /// </summary>
    public async Task<Result<PurchaseResponse>> CompleteAsync(string vendorUserId, string purchaseId, CancellationToken ct)
    {
        var purchase = await FindAsync(purchaseId, ct).ConfigureAwait(false);
        if (purchase is null || purchase.VendorUserId != vendorUserId) return NotFound;
        if (purchase.Commission > 0) await tenant.CommissionAccountAsync(purchase.Currency, ct).ConfigureAwait(false);
        var result = await transactions.RunAsync<bool>(db, async c =>
        {
            var now = time.UtcNowStored();
            var rows = await db.Purchases.Where(p => p.PurchaseId == purchase.PurchaseId && p.Status == Purchase.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, Purchase.Completed).SetProperty(p => p.FulfilledAt, now).SetProperty(p => p.UpdatedAt, now), c).ConfigureAwait(false);
            if (rows != 1) return NotPending;
            var posted = await ledger.PostAsync(purchase.HoldTransferId, c).ConfigureAwait(false);
            if (!posted.IsSuccess) return posted.Error!.Code == "TRANSFER_EXPIRED" ? HoldExpired : posted.Error!;
            string? commissionTransferId = null;
            if (purchase.Commission > 0)
            {
                var vendorWallet = await tenant.WalletAsync(OwnerTypes.Vendor, purchase.VendorUserId, purchase.Currency, c).ConfigureAwait(false);
                if (!vendorWallet.IsSuccess) return vendorWallet.Error!;
                var commissionAccount = await tenant.CommissionAccountAsync(purchase.Currency, c).ConfigureAwait(false);
                var moved = await ledger.TransferAsync(new LedgerTransfer("mkt-commission-" + purchase.PurchaseId, vendorWallet.Value!.AccountId, commissionAccount.AccountId, purchase.Commission, purchase.Currency,
                    TransferTypes.Commission, Metadata: new Dictionary<string, string> { ["purchaseId"] = purchase.PurchaseId, ["scheduleId"] = purchase.CommissionScheduleId ?? "" }), c).ConfigureAwait(false);
                if (!moved.IsSuccess) return moved.Error!;
                commissionTransferId = moved.Value!.TransferId;
                await db.Purchases.Where(p => p.PurchaseId == purchase.PurchaseId)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.CommissionTransferId, commissionTransferId), c).ConfigureAwait(false);
            }

            var vendor = await db.Vendors.ForUpdate().FirstOrDefaultAsync(v => v.TenantId == purchase.TenantId && v.UserEcosystemId == purchase.VendorUserId, c).ConfigureAwait(false);
            if (vendor is not null)
            {
                var finished = vendor.Trips + vendor.Cancelled;
                vendor.FulfilmentBp = (int)(((long)vendor.FulfilmentBp * finished + 10_000) / (finished + 1));
                vendor.Trips++;
                vendor.UpdatedAt = now;
            }

            var buyer = await db.Buyers.ForUpdate().FirstAsync(b => b.TenantId == purchase.TenantId && b.UserEcosystemId == purchase.BuyerUserId, c).ConfigureAwait(false);
            buyer.PurchasesCompleted++;
            buyer.Spent += purchase.Amount;
            buyer.UpdatedAt = now;
            journal.Audit("marketplace.purchase.completed", "marketplace-purchase", purchase.PurchaseId, new { Status = Purchase.Pending },
                new { Status = Purchase.Completed, purchase.Amount, purchase.Commission, purchase.VendorNet, CommissionTransferId = commissionTransferId });
            journal.Event(MarketplaceEvents.PurchaseCompleted, purchase.BuyerUserId, new
            {
                purchaseId = purchase.PurchaseId, amount = purchase.Amount, currency = purchase.Currency, commission = purchase.Commission, marketplace = MarketplaceJournal.State(buyer),
            });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        if (!result.IsSuccess && result.Error == HoldExpired) await FailAsync(purchase, "The buyer's funds were released: the hold passed its timeout.", ct).ConfigureAwait(false);
        return result.IsSuccess ? await GetAsync(vendorUserId, purchaseId, false, ct).ConfigureAwait(false) : result.Error!;
    }

    /// <summary>The buyer, the vendor or an admin cancels a pending purchase: the hold is voided and the intent is cancelled.</summary>
    public async Task<Result<PurchaseResponse>> CancelAsync(string actorId, string purchaseId, CancelPurchaseRequest? request, bool seeAll, CancellationToken ct)
    {
        var reason = request?.Reason?.Trim();
        var v = new Validator();
        v.Text(reason, "reason", 300, required: false);
        if (reason?.Contains('\0', StringComparison.Ordinal) == true) v.Add("reason", "Reason can't contain NUL characters.");
        if (!v.IsValid) return v.ToError();
        var purchase = await FindAsync(purchaseId, ct).ConfigureAwait(false);
        if (purchase is null || (!seeAll && purchase.BuyerUserId != actorId && purchase.VendorUserId != actorId)) return NotFound;
        var byVendor = actorId == purchase.VendorUserId;
        var result = await transactions.RunAsync<bool>(db, async c =>
        {
            var now = time.UtcNowStored();
            var rows = await db.Purchases.Where(p => p.PurchaseId == purchase.PurchaseId && p.Status == Purchase.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, Purchase.Cancelled).SetProperty(p => p.Reason, string.IsNullOrEmpty(reason) ? null : reason).SetProperty(p => p.UpdatedAt, now), c).ConfigureAwait(false);
            if (rows != 1) return NotPending;
            var voided = await ledger.VoidAsync(purchase.HoldTransferId, c).ConfigureAwait(false);
            // A hold the ledger already expired is released already: the cancellation stands.
            if (!voided.IsSuccess && voided.Error!.Code != "TRANSFER_EXPIRED") return voided.Error!;
            await db.Intents.Where(i => i.IntentId == purchase.IntentId && i.Status == Intent.Matched)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, Intent.Cancelled).SetProperty(i => i.UpdatedAt, now), c).ConfigureAwait(false);
            if (byVendor)
            {
                var vendor = await db.Vendors.ForUpdate().FirstOrDefaultAsync(x => x.TenantId == purchase.TenantId && x.UserEcosystemId == purchase.VendorUserId, c).ConfigureAwait(false);
                if (vendor is not null)
                {
                    var finished = vendor.Trips + vendor.Cancelled;
                    vendor.FulfilmentBp = (int)((long)vendor.FulfilmentBp * finished / (finished + 1));
                    vendor.Cancelled++;
                    vendor.UpdatedAt = now;
                }
            }

            journal.Audit("marketplace.purchase.cancelled", "marketplace-purchase", purchase.PurchaseId, new { Status = Purchase.Pending }, new { Status = Purchase.Cancelled, Reason = reason, ByVendor = byVendor });
            journal.Event(MarketplaceEvents.PurchaseCancelled, purchase.BuyerUserId, new { purchaseId = purchase.PurchaseId, amount = purchase.Amount, currency = purchase.Currency, byVendor });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result.IsSuccess ? await GetAsync(actorId, purchaseId, seeAll, ct).ConfigureAwait(false) : result.Error!;
    }

    private async Task FailAsync(Purchase purchase, string reason, CancellationToken ct)
    {
        await transactions.RunAsync<bool>(db, async c =>
        {
            var now = time.UtcNowStored();
            var rows = await db.Purchases.Where(p => p.PurchaseId == purchase.PurchaseId && p.Status == Purchase.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, Purchase.Failed).SetProperty(p => p.Reason, reason).SetProperty(p => p.UpdatedAt, now), c).ConfigureAwait(false);
            if (rows != 1) return false;
            journal.Audit("marketplace.purchase.failed", "marketplace-purchase", purchase.PurchaseId, new { Status = Purchase.Pending }, new { Status = Purchase.Failed, Reason = reason });
            journal.Event(MarketplaceEvents.PurchaseFailed, purchase.BuyerUserId, new { purchaseId = purchase.PurchaseId, amount = purchase.Amount, currency = purchase.Currency });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
    }

    /// <summary>Purchases the person bought or sold (or every one of the tenant for admins), newest first.</summary>
    public async Task<IReadOnlyList<PurchaseResponse>> ListAsync(string actorId, bool seeAll, string? status, int limit, CancellationToken ct)
    {
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        var query = db.Purchases.AsNoTracking().Where(p => p.TenantId == tenantId);
        if (!seeAll) query = query.Where(p => p.BuyerUserId == actorId || p.VendorUserId == actorId);
        if (status is not null) query = query.Where(p => p.Status == status);
        var rows = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.PurchaseId).Take(limit).ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.Select(ToResponse)];
    }

    public async Task<Result<PurchaseResponse>> GetAsync(string actorId, string purchaseId, bool seeAll, CancellationToken ct)
    {
        var p = await FindAsync(purchaseId, ct).ConfigureAwait(false);
        return p is null || (!seeAll && p.BuyerUserId != actorId && p.VendorUserId != actorId) ? NotFound : ToResponse(p);
    }

    private async Task<Purchase?> FindAsync(string purchaseId, CancellationToken ct)
    {
        if (!Ids.IsValid(purchaseId, "pur")) return null;
        var tenantId = await tenant.IdAsync(ct).ConfigureAwait(false);
        return await db.Purchases.AsNoTracking().FirstOrDefaultAsync(p => p.PurchaseId == purchaseId && p.TenantId == tenantId, ct).ConfigureAwait(false);
    }

    public static PurchaseResponse ToResponse(Purchase p) =>
        new(p.PurchaseId, p.IntentId, p.QuoteId, p.BuyerUserId, p.VendorUserId, p.Category, p.Amount, p.Currency, p.Commission, p.VendorNet, p.CommissionScheduleId,
            p.HoldTransferId, p.CommissionTransferId, p.Status, p.Reason, p.CreatedAt, p.FulfilledAt);
}
