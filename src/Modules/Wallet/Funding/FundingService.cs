using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Payments;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Data;
using Ecosystem.Wallet.Tenants;
using Ecosystem.Wallet.Transfers;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Wallet.Funding;

/// <summary>
/// Money in and out of people's wallets. A top-up is recorded before the gateway is called and completed with its
/// ledger transfer (card network → buyer account) in one unit; a payout holds the amount with a pending transfer
/// (vendor account → payout provider) when requested and is posted or voided when the provider answers.
/// </summary>
internal sealed partial class FundingService(
    WalletDbContext db, Transactions transactions, WalletJournal journal, TenantService tenants, LedgerService ledger, IPaymentGateway gateway,
    IPayoutProvider payouts, IPersonDirectory people, TimeProvider time)
{
    public const long MaxTopUp = 100_000_000;
    public const int PayoutLeaseSeconds = 60;

    public static readonly Error NoVendorWallet = Error.NotFound("WALLET_NOT_FOUND", "You have no vendor wallet in this currency to pay out from.");
    public static readonly Error PayoutTooLarge = Error.Conflict("INSUFFICIENT_FUNDS", "Your wallet does not have this much available to pay out.");
    public static readonly Error TopUpNotFound = Error.NotFound("TOP_UP_NOT_FOUND", "There is no such top-up.");

    // ---- top-ups --------------------------------------------------------------------------------------------------

    public async Task<Result<TopUpResponse>> TopUpAsync(string userEcosystemId, TopUpRequest? request, CancellationToken ct)
    {
        var v = request is null ? new Validator() : CardInputs.Validate(request, time.GetUtcNow());
        if (request?.Currency is null || !Money.IsKnownCurrency(request.Currency)) v.Add("currency", "Choose the currency of your wallet, like RWF or EUR.");
        v.Amount(request?.Amount, "amount", request?.Currency, MaxTopUp, "top-up");
        if (!v.IsValid) return v.ToError();
        var currency = request!.Currency!;
        var opened = await ledger.OpenAccountAsync(OwnerTypes.Buyer, userEcosystemId, currency, ct).ConfigureAwait(false);
        if (!opened.IsSuccess) return opened.Error!;
        var external = await ledger.OpenAccountAsync(OwnerTypes.External, "card-gateway:" + gateway.Name, currency, ct).ConfigureAwait(false);
        if (!external.IsSuccess) return external.Error!;

        var now = time.UtcNowStored();
        var topUp = new TopUp
        {
            TopUpId = Ids.New("tup", time), TenantId = opened.Value!.TenantId, UserEcosystemId = userEcosystemId, AccountId = opened.Value.AccountId,
            Amount = request.Amount!.Value, Currency = currency, Status = TopUp.Pending, Provider = gateway.Name, CreatedAt = now, UpdatedAt = now,
        };
        await transactions.RunAsync<bool>(db, async c =>
        {
            db.TopUps.Add(topUp);
            journal.Audit("wallet.top_up.started", "wallet-top-up", topUp.TopUpId, null, ToResponse(topUp));
            journal.Event(WalletEvents.TopUpStarted, userEcosystemId, new { topUpId = topUp.TopUpId, amount = topUp.Amount, currency });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return true;
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();

        // The gateway is called outside any unit (it can take seconds); its idempotency key is the top-up's id, so a
        // retry of this request (the endpoint's Idempotency-Key answers it) never charges twice.
        var person = (await people.FindAsync([userEcosystemId], ct).ConfigureAwait(false)).GetValueOrDefault(userEcosystemId);
        CardSetupResult setup;
        ChargeResult charge;
        try
        {
            setup = await gateway.SetupCardAsync(new CardSetupRequest(userEcosystemId, person?.Email ?? "", person?.Name ?? "", topUp.TopUpId + ":card", CardInputs.Card(request), request.PaymentMethodId), ct).ConfigureAwait(false);
            charge = setup.Succeeded
                ? await gateway.ChargeAsync(new ChargeRequest(userEcosystemId, setup.GatewayCustomerId ?? "", setup.GatewayPaymentMethodId!, new Money(topUp.Amount, currency),
                    "Wallet top-up", topUp.TopUpId + ":charge", OffSession: false, new Dictionary<string, string> { ["ecosystem_module"] = "wallet", ["top_up_id"] = topUp.TopUpId }), ct).ConfigureAwait(false)
                : new ChargeResult(setup.Status, null, new Money(topUp.Amount, currency), setup.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or TaskCanceledException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            setup = new CardSetupResult(PaymentOutcome.ProcessingError, null, null, null, null, null, null);
            charge = new ChargeResult(PaymentOutcome.ProcessingError, null, new Money(topUp.Amount, currency), "The payment service did not answer. Try again.");
        }

        var completed = await transactions.RunAsync<TopUpResponse>(db, async c =>
        {
            var row = await db.TopUps.ForUpdate().SingleAsync(t => t.TopUpId == topUp.TopUpId, c).ConfigureAwait(false);
            if (row.Status != TopUp.Pending) return ToResponse(row);
            var before = ToResponse(row);
            row.UpdatedAt = time.UtcNowStored();
            row.PaymentId = charge.PaymentId;
            row.CardBrand = setup.Brand;
            row.CardLast4 = setup.Last4;
            if (charge.Succeeded)
            {
                var moved = await ledger.TransferAsync(new LedgerTransfer("top-up:" + row.TopUpId, external.Value!.AccountId, row.AccountId, row.Amount, row.Currency, TransferTypes.TopUp,
                    Metadata: new Dictionary<string, string> { ["topUpId"] = row.TopUpId, ["paymentId"] = charge.PaymentId ?? "" }), c).ConfigureAwait(false);
                if (!moved.IsSuccess) return moved.Error!;
                row.Status = TopUp.Succeeded;
                row.TransferId = moved.Value!.TransferId;
                journal.Event(WalletEvents.TopUpSucceeded, row.UserEcosystemId, new { topUpId = row.TopUpId, amount = row.Amount, currency = row.Currency, transferId = row.TransferId });
            }
            else
            {
                row.Status = TopUp.Failed;
                row.FailureCode = CardInputs.FailureCode(charge.Outcome);
                row.FailureMessage = Clip(charge.Message ?? "The card was not charged.", 300);
                journal.Event(WalletEvents.TopUpFailed, row.UserEcosystemId, new { topUpId = row.TopUpId, amount = row.Amount, currency = row.Currency, code = row.FailureCode });
            }

            journal.Audit("wallet.top_up." + row.Status, "wallet-top-up", row.TopUpId, before, ToResponse(row));
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResponse(row);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return completed;
    }

    public async Task<IReadOnlyList<TopUpResponse>> MyTopUpsAsync(string userEcosystemId, CancellationToken ct) =>
        [.. (await db.TopUps.AsNoTracking().Where(t => t.UserEcosystemId == userEcosystemId).ToListAsync(ct).ConfigureAwait(false))
            .OrderByDescending(t => t.CreatedAt).Take(50).Select(ToResponse)];

    // ---- payouts --------------------------------------------------------------------------------------------------

    public async Task<Result<PayoutResponse>> RequestPayoutAsync(string userEcosystemId, PayoutRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request?.Currency is null || !Money.IsKnownCurrency(request.Currency)) v.Add("currency", "Choose the currency of the wallet to pay out from.");
        v.Amount(request?.Amount, "amount", request?.Currency, LedgerService.MaxAmount, "payout");
        var destination = PayoutDestinations.Normalize(request?.Destination);
        if (destination is null) v.Add("destination", "Enter a mobile-money number with its country code (like +250788123456) or an IBAN (like DE89 3704 0044 0532 0130 00).");
        if (!v.IsValid) return v.ToError();
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var currency = request!.Currency!;
        var account = await db.Accounts.AsNoTracking()
            .Where(a => a.TenantId == tenant.TenantId && a.OwnerType == OwnerTypes.Vendor && a.OwnerId == userEcosystemId && a.Currency == currency)
            .OrderBy(a => a.AccountId).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        if (account is null) return NoVendorWallet;
        var external = await ledger.OpenAccountAsync(OwnerTypes.External, "payout-provider:" + payouts.Name, currency, ct).ConfigureAwait(false);
        if (!external.IsSuccess) return external.Error!;

        var result = await transactions.RunAsync<PayoutResponse>(db, async c =>
        {
            var now = time.UtcNowStored();
            var payoutId = Ids.New("pay", time);
            var hold = await ledger.TransferAsync(new LedgerTransfer("payout:" + payoutId, account.AccountId, external.Value!.AccountId, request.Amount!.Value, currency, TransferTypes.Payout,
                Pending: true, Metadata: new Dictionary<string, string> { ["payoutId"] = payoutId }), c).ConfigureAwait(false);
            if (!hold.IsSuccess) return hold.Error!.Code == LedgerService.InsufficientFunds.Code ? PayoutTooLarge : hold.Error!;
            var payout = new Payout
            {
                PayoutId = payoutId, TenantId = tenant.TenantId, UserEcosystemId = userEcosystemId, AccountId = account.AccountId, Amount = request.Amount!.Value, Currency = currency,
                Destination = destination!, Status = Payout.Requested, TransferId = hold.Value!.TransferId, CreatedAt = now, UpdatedAt = now,
            };
            db.Payouts.Add(payout);
            journal.Audit("wallet.payout.requested", "wallet-payout", payout.PayoutId, null, ToResponse(payout));
            journal.Event(WalletEvents.PayoutRequested, userEcosystemId, new { payoutId, amount = payout.Amount, currency, transferId = payout.TransferId });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToResponse(payout);
        }, ct).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result;
    }

    public async Task<Page<PayoutResponse>> ListPayoutsAsync(string? userEcosystemId, string? status, int take, CancellationToken ct)
    {
        var query = db.Payouts.AsNoTracking();
        if (userEcosystemId is not null) query = query.Where(p => p.UserEcosystemId == userEcosystemId);
        if (status is not null) query = query.Where(p => p.Status == status);
        var rows = await query.OrderByDescending(p => p.PayoutId).Take(take).ToListAsync(ct).ConfigureAwait(false);
        return new Page<PayoutResponse>([.. rows.Select(ToResponse)], null);
    }

    /// <summary>
    /// Sends requested payouts to the provider, each claimed first by a conditional update (requested → sending with a
    /// lease), then settled in one unit with its ledger hold: posted when paid, voided when refused. A payout whose
    /// lease ran out while sending (the process died) is sent again with the same id, which the provider answers with
    /// its first result.
    /// </summary>
    public async Task<int> SendDueAsync(int max, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var due = await db.Payouts.AsNoTracking()
            .Where(p => p.Status == Payout.Requested || (p.Status == Payout.Sending && p.LockedUntil != null && p.LockedUntil < now))
            .OrderBy(p => p.CreatedAt).Select(p => p.PayoutId).Take(max).ToListAsync(ct).ConfigureAwait(false);
        var settled = 0;
        foreach (var id in due)
        {
            var claimedAt = time.UtcNowStored();
            var until = claimedAt.AddSeconds(PayoutLeaseSeconds);
            var claimed = await transactions.RunAsync<int>(db, async c =>
            {
                var rows = await db.Payouts.Where(p => p.PayoutId == id && (p.Status == Payout.Requested || (p.Status == Payout.Sending && p.LockedUntil != null && p.LockedUntil < claimedAt)))
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, Payout.Sending).SetProperty(p => p.LockedUntil, until).SetProperty(p => p.Attempts, p => p.Attempts + 1)
                        .SetProperty(p => p.Provider, payouts.Name).SetProperty(p => p.UpdatedAt, claimedAt), c).ConfigureAwait(false);
                if (rows == 1) journal.Audit("wallet.payout.sending", "wallet-payout", id, new { status = Payout.Requested }, new { status = Payout.Sending, provider = payouts.Name });
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return rows;
            }, ct).ConfigureAwait(false);
            if (claimed.Value != 1) continue;

            var payout = await db.Payouts.AsNoTracking().SingleAsync(p => p.PayoutId == id, ct).ConfigureAwait(false);
            PayoutResult answer;
            try
            {
                answer = await payouts.SendAsync(new PayoutInstruction(payout.PayoutId, payout.Amount, payout.Currency, payout.Destination), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException)
            {
                continue; // the lease runs out and the next pass sends it again with the same id
            }

            var done = await transactions.RunAsync<int>(db, async c =>
            {
                var at = time.UtcNowStored();
                var to = answer.Paid ? Payout.Paid : Payout.Failed;
                var rows = await db.Payouts.Where(p => p.PayoutId == id && p.Status == Payout.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, to).SetProperty(p => p.ProviderReference, answer.ProviderReference)
                        .SetProperty(p => p.FailureMessage, answer.FailureMessage).SetProperty(p => p.SettledAt, at).SetProperty(p => p.LockedUntil, (DateTimeOffset?)null)
                        .SetProperty(p => p.UpdatedAt, at), c).ConfigureAwait(false);
                if (rows == 0) return 0;
                var moved = answer.Paid ? await ledger.PostAsync(payout.TransferId, c).ConfigureAwait(false) : await ledger.VoidAsync(payout.TransferId, c).ConfigureAwait(false);
                if (!moved.IsSuccess) return moved.Error!;
                journal.Audit("wallet.payout." + to, "wallet-payout", id, new { status = Payout.Sending }, new { status = to, providerReference = answer.ProviderReference, answer.FailureMessage });
                journal.Event(answer.Paid ? WalletEvents.PayoutPaid : WalletEvents.PayoutFailed, payout.UserEcosystemId,
                    new { payoutId = id, amount = payout.Amount, currency = payout.Currency, reason = answer.FailureMessage });
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return 1;
            }, ct).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            if (done.IsSuccess && done.Value == 1) settled++;
        }

        return settled;
    }

    // ---- the caller's wallets ----------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<MyWalletAccount>> MyAccountsAsync(string userEcosystemId, CancellationToken ct)
    {
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var rows = await db.Accounts.AsNoTracking()
            .Where(a => a.TenantId == tenant.TenantId && a.OwnerId == userEcosystemId && (a.OwnerType == OwnerTypes.Buyer || a.OwnerType == OwnerTypes.Vendor))
            .ToListAsync(ct).ConfigureAwait(false);
        return [.. rows.OrderBy(a => a.OwnerType, StringComparer.Ordinal).ThenBy(a => a.Currency, StringComparer.Ordinal)
            .Select(a => new MyWalletAccount(a.AccountId, a.OwnerType, a.Currency, a.Balance, a.PendingDebits, a.PendingCredits, a.Balance - a.PendingDebits))];
    }

    /// <summary>True when the account is one of the caller's wallets (another person's account answers 404).</summary>
    public async Task<bool> IsMineAsync(string userEcosystemId, string accountId, CancellationToken ct) =>
        PlainText.IsId(accountId, "acc") && await db.Accounts.AsNoTracking()
            .AnyAsync(a => a.AccountId == accountId && a.OwnerId == userEcosystemId && (a.OwnerType == OwnerTypes.Buyer || a.OwnerType == OwnerTypes.Vendor), ct).ConfigureAwait(false);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    public static TopUpResponse ToResponse(TopUp t) =>
        new(t.TopUpId, t.AccountId, t.Amount, t.Currency, t.Status, t.CardBrand, t.CardLast4, t.FailureCode, t.FailureMessage, t.TransferId, t.CreatedAt);

    public static PayoutResponse ToResponse(Payout p) =>
        new(p.PayoutId, p.UserEcosystemId, p.AccountId, p.Amount, p.Currency, PayoutDestinations.Mask(p.Destination), p.Status, p.TransferId, p.Provider, p.ProviderReference,
            p.FailureMessage, p.CreatedAt, p.SettledAt);
}
