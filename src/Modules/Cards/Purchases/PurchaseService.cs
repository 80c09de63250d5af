using Ecosystem.Cards.Accounts;
using Ecosystem.Cards.Contracts;
using Ecosystem.Cards.Data;
using Ecosystem.Platform;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Cards.Purchases;

/// <summary>
/// Simulated purchases: the card authorization, the platform's measured hot path (docs/performance.md, card-purchase),
/// written in lean SQL (ADR 0015), and the purchase history.
/// </summary>
internal sealed class PurchaseService(CardsDbContext db, Transactions transactions, OperationContext op, TimeProvider time)
{
    public async Task<Result<PurchaseResponse>> PurchaseAsync(string userEcosystemId, long? amount, string? merchant, CancellationToken ct)
    {
        var v = new Validator()
            .Amount(amount, "amount", null, CardService.MaxAmount)
            .Text(merchant, "merchant", 100, required: false);
        if (!v.IsValid) return v.ToError();
        var merchantName = string.IsNullOrWhiteSpace(merchant) ? null : merchant.Trim();

        // Lean SQL (docs/performance.md, card-purchase): on SQLite the unit runs in the one writer loop, so validation
        // stays outside it and inside are only the statements and the payloads that depend on their outcome. The
        // conditional UPDATE is the compare-and-set and THE purchase rule, stated nowhere else: a card that is onboarded
        // with the amount within its available limit is approved and its limit lowered in one statement; otherwise it
        // matches nothing and the card is read to decline (or to answer 404/409).
        return await transactions.RunLeanAsync<PurchaseResponse>(async c =>
        {
            var sql = UnitSql.Current;
            var accounts = sql.Table("cards", "accounts");
            var now = time.UtcNowStored();
            var card = await sql.ChangeAsync(new SqlStatement(
                $"UPDATE {accounts} SET available_limit = available_limit - $1, updated_at = $2, version = version + 1 WHERE user_ecosystem_id = $3 AND status = 'onboarded' AND available_limit >= $1 RETURNING status, current_limit, available_limit, currency, last_reset_at",
                amount!.Value, now, userEcosystemId), ReadCard, c).ConfigureAwait(false);
            var approved = card is not null;
            if (card is null)
            {
                card = await sql.QuerySingleAsync(new SqlStatement(
                    $"SELECT status, current_limit, available_limit, currency, last_reset_at FROM {accounts} WHERE user_ecosystem_id = $1{sql.ForUpdate}", userEcosystemId), ReadCard, c).ConfigureAwait(false);
                if (card is null) return CardService.NoOffer;
                if (card.Status != CardStatus.Onboarded) return CardAccount.NotOnboarded;
            }

            // A purchase whose UPDATE waited on the row lock of a reset is applied after it, so it is dated after it too:
            // "approved since the last reset" then counts exactly what the available limit does (the crash loop's
            // check found one dated a few microseconds before the reset it followed, on PostgreSQL).
            var createdAt = card.LastResetAt is { } reset && reset >= now ? reset.AddTicks(10) : now;
            var purchase = new Purchase
            {
                PurchaseId = Ids.New("pur", time),
                UserEcosystemId = userEcosystemId,
                Amount = amount.Value,
                Currency = card.Currency,
                Merchant = merchantName,
                Approved = approved,
                Reason = approved ? null : "INSUFFICIENT_LIMIT",
                AvailableAfter = card.AvailableLimit,
                CreatedAt = createdAt,
            };
            var availableBefore = approved ? card.AvailableLimit + amount.Value : card.AvailableLimit;
            var audit = AuditEntry.Create(op, time, approved ? "credit-card.purchase.approved" : "credit-card.purchase.declined",
                "card", userEcosystemId,
                new { availableLimit = availableBefore },
                new { availableLimit = card.AvailableLimit, purchaseId = purchase.PurchaseId, amount = purchase.Amount, approved = purchase.Approved, reason = purchase.Reason });
            var message = OutboxMessage.Create(op, time, CardEvents.PurchaseSimulated, userEcosystemId,
                new PurchaseSimulatedPayload(purchase.PurchaseId, purchase.Amount, purchase.Currency, purchase.Approved, purchase.Reason, purchase.Merchant, card.EventState()));
            await sql.WriteAuditedAsync(audit, message, [new SqlStatement(
                $"INSERT INTO {sql.Table("cards", "purchases")} (purchase_id, user_ecosystem_id, amount, currency, merchant, approved, reason, available_after, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                purchase.PurchaseId, purchase.UserEcosystemId, purchase.Amount, purchase.Currency, purchase.Merchant, purchase.Approved, purchase.Reason, purchase.AvailableAfter, purchase.CreatedAt)], c).ConfigureAwait(false);
            return ToResponse(purchase);
        }, ct).ConfigureAwait(false);
    }

    /// <summary>The card as a purchase sees it (the columns the purchase's statements return).</summary>
    private sealed record CardState(CardStatus Status, long CurrentLimit, long AvailableLimit, string Currency, DateTimeOffset? LastResetAt)
    {
        public CardEventState EventState() => CardAccount.EventStateOf(Status, CurrentLimit, AvailableLimit, Currency);
    }

    private static CardState ReadCard(ISqlRow r) =>
        new(Enum.Parse<CardStatus>(r.GetString(0), ignoreCase: true), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetTime(4));

    public async Task<Result<Page<PurchaseResponse>>> ListPurchasesAsync(string userEcosystemId, int? limit, string? cursor, CancellationToken ct)
    {
        var paging = Paging.Parse(limit, cursor);
        if (!paging.IsSuccess) return paging.Error!;
        var (take, after) = paging.Value;
        if (!await db.Accounts.AnyAsync(a => a.UserEcosystemId == userEcosystemId, ct).ConfigureAwait(false)) return CardService.NoOffer;
        var query = db.Purchases.AsNoTracking().Where(p => p.UserEcosystemId == userEcosystemId);
        if (after is not null) query = query.Where(p => string.Compare(p.PurchaseId, after) < 0);
        var rows = await query.OrderByDescending(p => p.PurchaseId).Take(take + 1).ToListAsync(ct).ConfigureAwait(false);
        return Paging.ToPage(rows, take, p => p.PurchaseId, ToResponse);
    }

    private static PurchaseResponse ToResponse(Purchase p) => new(p.PurchaseId, p.Amount, p.Currency, p.Merchant, p.Approved, p.Reason, p.AvailableAfter, p.CreatedAt);
}
