using System.Text.Json;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Http;
using Ecosystem.Wallet.Accounts;
using Ecosystem.Wallet.Contracts;
using Ecosystem.Wallet.Data;
using Ecosystem.Wallet.Tenants;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Wallet.Transfers;

/// <summary>
/// Moves money on the ledger. Every transfer is one unit (or a savepoint of the caller's unit, or of its batch): the
/// account rows change by conditional updates whose row count is checked — a no-overdraft account is debited only
/// <c>WHERE no_overdraft = false OR balance - pending_debits - amount &gt;= 0</c>, so no interleaving can overdraw it —
/// and the transfer, its two entries (with the balances after them), the audit row and the event are written with them.
/// Accounts are updated in id order, so two transfers between the same accounts never wait on each other crosswise.
/// </summary>
internal sealed class LedgerService(WalletDbContext db, Transactions transactions, WalletJournal journal, TenantService tenants, TimeProvider time) : ILedger
{
    public const long MaxAmount = 1_000_000_000_000_000;
    public const int MaxBatch = 1_000;
    public const int MaxTimeoutSeconds = 31_536_000;

    public static readonly Error NotFound = Error.NotFound("TRANSFER_NOT_FOUND", "There is no such transfer.");
    public static readonly Error AccountNotFound = Error.NotFound("ACCOUNT_NOT_FOUND", "There is no such account in your tenant.");
    public static readonly Error ReferenceReused = Error.Conflict("REFERENCE_REUSED", "This reference was used before for a different transfer.");
    public static readonly Error InsufficientFunds = Error.Conflict("INSUFFICIENT_FUNDS", "The debit account does not have the funds for this transfer.");
    public static readonly Error AccountNotActive = Error.Conflict("ACCOUNT_NOT_ACTIVE", "One of the accounts is not active.");
    public static readonly Error CurrencyMismatch = Error.Unprocessable("CURRENCY_MISMATCH", "Both accounts must be in the transfer's currency.");
    public static readonly Error NotPending = Error.Conflict("TRANSFER_NOT_PENDING", "This transfer is not pending: it was posted, voided or expired.");
    public static readonly Error Expired = Error.Conflict("TRANSFER_EXPIRED", "This pending transfer passed its timeout; its hold was released.");
    public static readonly Error LinkedFailed = Error.Conflict("LINKED_FAILED", "Another transfer of this linked batch failed, so none was made.");

    // ---- the HTTP API --------------------------------------------------------------------------------------------

    public async Task<Result<TransferOutcome>> CreateAsync(TransferRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        var input = Validate(request, "", v);
        if (!v.IsValid || input is null) return v.ToError();
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        return await RetryingAsync(() => transactions.RunAsync<TransferOutcome>(db, c => ApplyAsync(tenant.TenantId, input, null, c), ct)).ConfigureAwait(false);
    }

    public async Task<Result<TransferResponse>> GetAsync(string transferId, CancellationToken ct)
    {
        if (!PlainText.IsId(transferId, "trf")) return NotFound;
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var t = await db.Transfers.AsNoTracking().FirstOrDefaultAsync(x => x.TransferId == transferId && x.TenantId == tenant.TenantId, ct).ConfigureAwait(false);
        if (t is null) return NotFound;
        return ToResponse(t, await BalancesAsync(t, ct).ConfigureAwait(false));
    }

    public Task<Result<TransferOutcome>> PostAsync(string transferId, bool post, CancellationToken ct) => FinishAsync(transferId, post, ct);

    /// <summary>
    /// A batch in one unit: each transfer in a savepoint of its own, so one that fails leaves the others (not linked);
    /// linked, the first failure rolls the whole unit back and every other transfer answers <c>LINKED_FAILED</c>.
    /// </summary>
    public async Task<Result<BatchResponse>> BatchAsync(BatchRequest? request, CancellationToken ct)
    {
        var v = new Validator();
        if (request?.Transfers is not { Count: > 0 } items) v.Add("transfers", "Give at least one transfer.");
        else if (items.Count > MaxBatch) v.Add("transfers", $"A batch holds at most {MaxBatch} transfers.");
        if (!v.IsValid) return v.ToError();
        var linked = request!.Linked == true;
        var inputs = new TransferInput?[request.Transfers!.Count];
        var invalid = new Dictionary<int, Error>();
        for (var i = 0; i < inputs.Length; i++)
        {
            var iv = new Validator();
            inputs[i] = Validate(request.Transfers[i], $"transfers[{i}].", iv);
            if (!iv.IsValid || inputs[i] is null) invalid[i] = iv.ToError();
        }

        var results = new BatchResult[inputs.Length];
        if (linked && invalid.Count > 0)
        {
            for (var i = 0; i < inputs.Length; i++) results[i] = invalid.TryGetValue(i, out var e) ? Failed(i, e) : Failed(i, LinkedFailed);
            return new BatchResponse(results);
        }

        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var chainId = linked ? Ids.New("chn", time) : null;
        var failedAt = -1;
        // Every account the batch touches, locked first in id order (FOR UPDATE on PostgreSQL; SQLite's writer lock
        // already serializes): two batches over the same accounts in different orders then wait on each other instead of
        // deadlocking, as single transfers (which lock their two accounts in id order) do.
        var touched = inputs.Where(x => x is not null).SelectMany(x => new[] { x!.DebitAccountId, x.CreditAccountId }).Distinct().Order(StringComparer.Ordinal).ToList();
        var unit = await RetryingAsync(() =>
        {
            failedAt = -1;
            return transactions.RunAsync<int>(db, async c =>
            {
                await db.Accounts.ForUpdate().Where(a => touched.Contains(a.AccountId)).OrderBy(a => a.AccountId).Select(a => a.AccountId).ToListAsync(c).ConfigureAwait(false);
                for (var i = 0; i < inputs.Length; i++)
                {
                    if (invalid.TryGetValue(i, out var bad))
                    {
                        results[i] = Failed(i, bad);
                        continue;
                    }

                    var input = inputs[i]!;
                    var r = await transactions.RunAsync<TransferOutcome>(db, cc => ApplyAsync(tenant.TenantId, input, chainId, cc), c).ConfigureAwait(false);
                    db.ChangeTracker.Clear();
                    if (r.IsSuccess)
                    {
                        results[i] = new BatchResult(i, r.Value!.Existed ? "exists" : "created", r.Value.Transfer.TransferId, null);
                    }
                    else
                    {
                        results[i] = Failed(i, r.Error!);
                        if (linked)
                        {
                            failedAt = i;
                            return r.Error!;
                        }
                    }
                }

                return inputs.Length;
            }, ct);
        }).ConfigureAwait(false);
        if (!unit.IsSuccess && failedAt >= 0)
        {
            for (var i = 0; i < inputs.Length; i++)
            {
                if (i != failedAt) results[i] = Failed(i, LinkedFailed);
            }
        }
        else if (!unit.IsSuccess) return unit.Error!;

        return new BatchResponse(results);
    }

    private static BatchResult Failed(int index, Error error) => new(index, "failed", null, error.Code);

    // ---- the contract ----------------------------------------------------------------------------------------------

    public async Task<Result<LedgerTransferResult>> TransferAsync(LedgerTransfer transfer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var metadata = transfer.Metadata is null ? (JsonElement?)null : JsonSerializer.SerializeToElement(transfer.Metadata);
        var result = await CreateAsync(new TransferRequest(transfer.Reference, transfer.DebitAccountId, transfer.CreditAccountId, transfer.Amount, transfer.Currency, transfer.Type,
            transfer.Pending, transfer.TimeoutSeconds, metadata), cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? ToLedger(result.Value!) : result.Error!;
    }

    public async Task<Result<LedgerTransferResult>> PostAsync(string transferId, CancellationToken cancellationToken)
    {
        var result = await FinishAsync(transferId, post: true, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? ToLedger(result.Value!) : result.Error!;
    }

    public async Task<Result<LedgerTransferResult>> VoidAsync(string transferId, CancellationToken cancellationToken)
    {
        var result = await FinishAsync(transferId, post: false, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? ToLedger(result.Value!) : result.Error!;
    }

    public async Task<Result<LedgerAccount>> OpenAccountAsync(string ownerType, string ownerId, string currency, CancellationToken cancellationToken)
    {
        var v = new Validator();
        if (ownerType is null || !OwnerTypes.All.Contains(ownerType)) v.Add("ownerType", "Owner type is one of " + string.Join(", ", OwnerTypes.All) + ".");
        if (!PlainText.IsPrintable(ownerId, 80)) v.Add("ownerId", "Owner id is required: 1 to 80 printable characters without spaces.");
        if (currency is null || !Money.IsKnownCurrency(currency)) v.Add("currency", "Currency is not a known ISO code.");
        if (!v.IsValid) return v.ToError();
        var tenant = await tenants.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var result = await transactions.RunAsync<LedgerAccount>(db, async c =>
        {
            // The tenant row is the lock that makes get-or-open one step (FOR UPDATE on PostgreSQL, the write lock on SQLite).
            await db.Tenants.ForUpdate().Where(t => t.TenantId == tenant.TenantId).Select(t => t.TenantId).FirstAsync(c).ConfigureAwait(false);
            var existing = await db.Accounts.AsNoTracking()
                .Where(a => a.TenantId == tenant.TenantId && a.OwnerType == ownerType && a.OwnerId == ownerId && a.Currency == currency)
                .OrderBy(a => a.AccountId).FirstOrDefaultAsync(c).ConfigureAwait(false);
            if (existing is not null) return ToAccount(existing);
            var now = time.UtcNowStored();
            var account = new Account
            {
                AccountId = Ids.New("acc", time), TenantId = tenant.TenantId, OwnerType = ownerType!, OwnerId = ownerId!, Currency = currency!,
                Status = Account.Active, NoOverdraft = ownerType != OwnerTypes.External, CreatedAt = now, UpdatedAt = now,
            };
            db.Accounts.Add(account);
            journal.Audit("wallet.account.created", "wallet-account", account.AccountId, null, AccountService.ToResponse(account));
            journal.Event(WalletEvents.AccountCreated, null, new { accountId = account.AccountId, ownerType, ownerId, currency });
            await db.SaveChangesAsync(c).ConfigureAwait(false);
            return ToAccount(account);
        }, cancellationToken).ConfigureAwait(false);
        db.ChangeTracker.Clear();
        return result;
    }

    private static LedgerAccount ToAccount(Account a) => new(a.AccountId, a.TenantId, a.OwnerType, a.OwnerId, a.Currency, a.NoOverdraft);

    public async Task<Result<LedgerBalance>> GetBalanceAsync(string accountId, CancellationToken cancellationToken)
    {
        if (!PlainText.IsId(accountId, "acc")) return AccountNotFound;
        var tenant = await tenants.CurrentAsync(cancellationToken).ConfigureAwait(false);
        var a = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(x => x.AccountId == accountId && x.TenantId == tenant.TenantId, cancellationToken).ConfigureAwait(false);
        return a is null ? AccountNotFound : new LedgerBalance(a.AccountId, a.Currency, a.Balance, a.PendingDebits, a.PendingCredits);
    }

    private static LedgerTransferResult ToLedger(TransferOutcome o) =>
        new(o.Transfer.TransferId, o.Transfer.Status, o.Existed, [.. o.Transfer.Balances.Select(b => new LedgerBalance(b.AccountId, o.Transfer.Currency, b.Balance, b.PendingDebits, b.PendingCredits))]);

    // ---- the rules ------------------------------------------------------------------------------------------------

    internal static TransferInput? Validate(TransferRequest? r, string prefix, Validator v)
    {
        if (r is null)
        {
            v.Add(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "Give a transfer.");
            return null;
        }

        if (!PlainText.IsPrintable(r.Reference, 100)) v.Add(prefix + "reference", "Reference is required: 1 to 100 printable characters without spaces.");
        if (!PlainText.IsId(r.DebitAccountId, "acc")) v.Add(prefix + "debitAccountId", "Debit account id is not an account id.");
        if (!PlainText.IsId(r.CreditAccountId, "acc")) v.Add(prefix + "creditAccountId", "Credit account id is not an account id.");
        else if (r.CreditAccountId == r.DebitAccountId) v.Add(prefix + "creditAccountId", "The credit account must differ from the debit account.");
        if (r.Amount is not (> 0 and <= MaxAmount)) v.Add(prefix + "amount", $"Amount is required: minor units, 1 to {MaxAmount}.");
        if (r.Currency is null || !Money.IsKnownCurrency(r.Currency)) v.Add(prefix + "currency", "Currency is not a known ISO code.");
        if (r.Type is null || !TransferTypes.All.Contains(r.Type)) v.Add(prefix + "type", "Type is one of " + string.Join(", ", TransferTypes.All) + ".");
        var pending = r.Pending == true;
        if (r.TimeoutSeconds is { } timeout && (!pending || timeout is < 1 or > MaxTimeoutSeconds)) v.Add(prefix + "timeoutSeconds", $"Timeout is for pending transfers only: 1 to {MaxTimeoutSeconds} seconds.");
        string? metadata = null;
        if (r.Metadata is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } m)
        {
            metadata = m.ValueKind == JsonValueKind.Object ? JsonSerializer.Serialize(m) : null;
            if (metadata is null) v.Add(prefix + "metadata", "Metadata is a JSON object.");
            else if (metadata.Length > 4000) v.Add(prefix + "metadata", "Metadata is at most 4,000 characters of JSON.");
            else if (metadata.Contains("\\u0000", StringComparison.Ordinal)) v.Add(prefix + "metadata", "Metadata can't contain NUL characters.");
        }

        return v.IsValid ? new TransferInput(r.Reference!, r.DebitAccountId!, r.CreditAccountId!, r.Amount!.Value, r.Currency!, r.Type!, pending, r.TimeoutSeconds, metadata) : null;
    }

    private static bool Same(Transfer t, TransferInput i) =>
        t.DebitAccountId == i.DebitAccountId && t.CreditAccountId == i.CreditAccountId && t.Amount == i.Amount && t.Currency == i.Currency && t.Type == i.Type
        && t.TwoPhase == i.Pending && t.TimeoutSeconds == i.TimeoutSeconds && t.Metadata == i.Metadata;

    /// <summary>One transfer, inside a unit.</summary>
    private async Task<Result<TransferOutcome>> ApplyAsync(string tenantId, TransferInput input, string? chainId, CancellationToken c)
    {
        var existing = await db.Transfers.AsNoTracking().FirstOrDefaultAsync(t => t.TenantId == tenantId && t.Reference == input.Reference, c).ConfigureAwait(false);
        if (existing is not null)
        {
            return Same(existing, input) ? new TransferOutcome(ToResponse(existing, await BalancesAsync(existing, c).ConfigureAwait(false)), true) : ReferenceReused;
        }

        var accounts = await db.Accounts.AsNoTracking()
            .Where(a => (a.AccountId == input.DebitAccountId || a.AccountId == input.CreditAccountId) && a.TenantId == tenantId)
            .Select(a => new { a.AccountId, a.Currency, a.Status, a.OwnerType, a.OwnerId }).ToListAsync(c).ConfigureAwait(false);
        if (accounts.Count != 2) return AccountNotFound;
        if (accounts.Any(a => a.Currency != input.Currency)) return CurrencyMismatch;
        if (accounts.Any(a => a.Status != Account.Active)) return AccountNotActive;

        var now = time.UtcNowStored();
        var amount = input.Amount;
        foreach (var (accountId, debit) in Ordered(input.DebitAccountId, input.CreditAccountId))
        {
            var rows = (debit, input.Pending) switch
            {
                (true, false) => await db.Accounts.Where(a => a.AccountId == accountId && a.Status == Account.Active && (!a.NoOverdraft || a.Balance - a.PendingDebits - amount >= 0))
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance - amount).SetProperty(a => a.UpdatedAt, now), c).ConfigureAwait(false),
                (true, true) => await db.Accounts.Where(a => a.AccountId == accountId && a.Status == Account.Active && (!a.NoOverdraft || a.Balance - a.PendingDebits - amount >= 0))
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.PendingDebits, a => a.PendingDebits + amount).SetProperty(a => a.UpdatedAt, now), c).ConfigureAwait(false),
                (false, false) => await db.Accounts.Where(a => a.AccountId == accountId && a.Status == Account.Active)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + amount).SetProperty(a => a.UpdatedAt, now), c).ConfigureAwait(false),
                (false, true) => await db.Accounts.Where(a => a.AccountId == accountId && a.Status == Account.Active)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.PendingCredits, a => a.PendingCredits + amount).SetProperty(a => a.UpdatedAt, now), c).ConfigureAwait(false),
            };
            if (rows == 0) return debit ? InsufficientFunds : AccountNotActive;
        }

        var transfer = new Transfer
        {
            TransferId = Ids.New("trf", time), TenantId = tenantId, Reference = input.Reference, Type = input.Type, DebitAccountId = input.DebitAccountId,
            CreditAccountId = input.CreditAccountId, Amount = amount, Currency = input.Currency, Status = input.Pending ? Transfer.Pending : Transfer.Posted,
            TwoPhase = input.Pending, TimeoutSeconds = input.TimeoutSeconds, ExpiresAt = input.Pending && input.TimeoutSeconds is { } s ? now.AddSeconds(s) : null,
            Metadata = input.Metadata, ChainId = chainId, CreatedAt = now, PostedAt = input.Pending ? null : now,
        };
        db.Transfers.Add(transfer);
        var balances = await BalancesAsync(transfer, c).ConfigureAwait(false);
        if (!input.Pending) AddEntries(transfer, balances, now);
        var response = ToResponse(transfer, balances);
        journal.Audit(input.Pending ? "wallet.transfer.pending" : "wallet.transfer.created", "wallet-transfer", transfer.TransferId, null, Snapshot(transfer));
        journal.Event(input.Pending ? WalletEvents.TransferPending : WalletEvents.TransferCreated, null, EventPayload(transfer));
        foreach (var owner in accounts.Where(a => IsPerson(a.OwnerType, a.OwnerId)).Select(a => a.OwnerId).Distinct())
        {
            await PersonBalanceEventAsync(tenantId, owner, transfer, c).ConfigureAwait(false);
        }

        await db.SaveChangesAsync(c).ConfigureAwait(false);
        return new TransferOutcome(response, false);
    }

    /// <summary>Posts or voids a pending transfer; one past its timeout is expired instead (its hold released) and answers 409 <c>TRANSFER_EXPIRED</c>.</summary>
    private async Task<Result<TransferOutcome>> FinishAsync(string transferId, bool post, CancellationToken ct)
    {
        if (!PlainText.IsId(transferId, "trf")) return NotFound;
        var tenant = await tenants.CurrentAsync(ct).ConfigureAwait(false);
        var expired = false;
        var result = await transactions.RunAsync<TransferOutcome>(db, async c =>
        {
            expired = false;
            var t = await db.Transfers.AsNoTracking().FirstOrDefaultAsync(x => x.TransferId == transferId && x.TenantId == tenant.TenantId, c).ConfigureAwait(false);
            if (t is null) return NotFound;
            if (t.Status == (post ? Transfer.Posted : Transfer.Voided)) return new TransferOutcome(ToResponse(t, await BalancesAsync(t, c).ConfigureAwait(false)), true);
            if (t.Status == Transfer.Expired) return Expired;
            if (t.Status != Transfer.Pending) return NotPending;
            var now = time.UtcNowStored();
            var expiring = t.ExpiresAt is { } e && now >= e;
            var outcome = await ReleaseAsync(t, expiring ? Transfer.Expired : post ? Transfer.Posted : Transfer.Voided, now, c).ConfigureAwait(false);
            expired = expiring && outcome.IsSuccess;
            return outcome;
        }, ct).ConfigureAwait(false);
        return expired ? Expired : result;
    }

    /// <summary>
    /// Expires pending transfers past their timeout (up to <paramref name="max"/>), each in a unit of its own; the
    /// post or void of one answers <c>TRANSFER_EXPIRED</c> anyway, this only frees the holds sooner.
    /// </summary>
    public async Task<int> ExpireDueAsync(int max, CancellationToken ct)
    {
        var now = time.UtcNowStored();
        var due = await db.Transfers.AsNoTracking().Where(t => t.Status == Transfer.Pending && t.ExpiresAt != null && t.ExpiresAt <= now)
            .OrderBy(t => t.ExpiresAt).Take(max).ToListAsync(ct).ConfigureAwait(false);
        var count = 0;
        foreach (var t in due)
        {
            var r = await transactions.RunAsync<TransferOutcome>(db, c => ReleaseAsync(t, Transfer.Expired, time.UtcNowStored(), c), ct).ConfigureAwait(false);
            db.ChangeTracker.Clear();
            if (r.IsSuccess) count++;
        }

        return count;
    }

    private async Task<Result<TransferOutcome>> ReleaseAsync(Transfer t, string to, DateTimeOffset now, CancellationToken c)
    {
        var posting = to == Transfer.Posted;
        var rows = posting
            ? await db.Transfers.Where(x => x.TransferId == t.TransferId && x.Status == Transfer.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, to).SetProperty(x => x.PostedAt, now), c).ConfigureAwait(false)
            : await db.Transfers.Where(x => x.TransferId == t.TransferId && x.Status == Transfer.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, to).SetProperty(x => x.VoidedAt, now), c).ConfigureAwait(false);
        if (rows == 0) return NotPending;
        var amount = t.Amount;
        foreach (var (accountId, debit) in Ordered(t.DebitAccountId, t.CreditAccountId))
        {
            var changed = (debit, posting) switch
            {
                (true, true) => await db.Accounts.Where(a => a.AccountId == accountId && a.PendingDebits >= amount)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance - amount).SetProperty(a => a.PendingDebits, a => a.PendingDebits - amount).SetProperty(a => a.UpdatedAt, now), c).ConfigureAwait(false),
                (true, false) => await db.Accounts.Where(a => a.AccountId == accountId && a.PendingDebits >= amount)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.PendingDebits, a => a.PendingDebits - amount).SetProperty(a => a.UpdatedAt, now), c).ConfigureAwait(false),
                (false, true) => await db.Accounts.Where(a => a.AccountId == accountId && a.PendingCredits >= amount)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + amount).SetProperty(a => a.PendingCredits, a => a.PendingCredits - amount).SetProperty(a => a.UpdatedAt, now), c).ConfigureAwait(false),
                (false, false) => await db.Accounts.Where(a => a.AccountId == accountId && a.PendingCredits >= amount)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.PendingCredits, a => a.PendingCredits - amount).SetProperty(a => a.UpdatedAt, now), c).ConfigureAwait(false),
            };
            if (changed == 0) throw new InvalidOperationException($"Account {accountId} does not hold the pending amount of transfer {t.TransferId}.");
        }

        var before = Snapshot(t);
        t.Status = to;
        if (posting) t.PostedAt = now;
        else t.VoidedAt = now;
        var balances = await BalancesAsync(t, c).ConfigureAwait(false);
        if (posting) AddEntries(t, balances, now);
        var action = posting ? "posted" : to == Transfer.Expired ? "expired" : "voided";
        journal.Audit("wallet.transfer." + action, "wallet-transfer", t.TransferId, before, Snapshot(t));
        journal.Event(posting ? WalletEvents.TransferPosted : to == Transfer.Expired ? WalletEvents.TransferExpired : WalletEvents.TransferVoided, null, EventPayload(t));
        var owners = await db.Accounts.AsNoTracking().Where(a => a.AccountId == t.DebitAccountId || a.AccountId == t.CreditAccountId)
            .Select(a => new { a.OwnerType, a.OwnerId }).ToListAsync(c).ConfigureAwait(false);
        foreach (var owner in owners.Where(a => IsPerson(a.OwnerType, a.OwnerId)).Select(a => a.OwnerId).Distinct())
        {
            await PersonBalanceEventAsync(t.TenantId, owner, t, c).ConfigureAwait(false);
        }

        await db.SaveChangesAsync(c).ConfigureAwait(false);
        return new TransferOutcome(ToResponse(t, balances), false);
    }

    /// <summary>A buyer's or vendor's account owned by a person (a user id), whose balance Customer 360 shows.</summary>
    internal static bool IsPerson(string ownerType, string ownerId) =>
        ownerType is OwnerTypes.Buyer or OwnerTypes.Vendor && Ids.IsValid(ownerId, "usr");

    /// <summary>
    /// The person's wallet after the change, as an event with them as its subject: their buyer and vendor accounts in the
    /// transfer's currency, summed (posted balance and what is available after holds), so Customer 360 shows it.
    /// </summary>
    private async Task PersonBalanceEventAsync(string tenantId, string userEcosystemId, Transfer t, CancellationToken c)
    {
        var mine = await db.Accounts.AsNoTracking()
            .Where(a => a.TenantId == tenantId && a.OwnerId == userEcosystemId && a.Currency == t.Currency && (a.OwnerType == OwnerTypes.Buyer || a.OwnerType == OwnerTypes.Vendor))
            .Select(a => new { a.Balance, a.PendingDebits }).ToListAsync(c).ConfigureAwait(false);
        var balance = mine.Sum(a => a.Balance);
        journal.Event(WalletEvents.BalanceChanged, userEcosystemId,
            new { transferId = t.TransferId, type = t.Type, amount = t.Amount, currency = t.Currency, wallet = new WalletEventState(balance, balance - mine.Sum(a => a.PendingDebits), t.Currency) });
    }

    private void AddEntries(Transfer t, IReadOnlyList<AccountBalance> balances, DateTimeOffset now)
    {
        foreach (var (accountId, direction) in new[] { (t.DebitAccountId, LedgerEntry.Debit), (t.CreditAccountId, LedgerEntry.Credit) })
        {
            db.Entries.Add(new LedgerEntry
            {
                EntryId = Ids.New("ent", time), TenantId = t.TenantId, TransferId = t.TransferId, AccountId = accountId, Direction = direction, Amount = t.Amount,
                Currency = t.Currency, BalanceAfter = balances.First(b => b.AccountId == accountId).Balance, CreatedAt = now,
            });
        }
    }

    private static IEnumerable<(string AccountId, bool Debit)> Ordered(string debit, string credit) =>
        string.CompareOrdinal(debit, credit) < 0 ? [(debit, true), (credit, false)] : [(credit, false), (debit, true)];

    private async Task<IReadOnlyList<AccountBalance>> BalancesAsync(Transfer t, CancellationToken c)
    {
        var rows = await db.Accounts.AsNoTracking().Where(a => a.AccountId == t.DebitAccountId || a.AccountId == t.CreditAccountId)
            .Select(a => new AccountBalance(a.AccountId, a.Balance, a.PendingDebits, a.PendingCredits, a.Balance - a.PendingDebits)).ToListAsync(c).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.AccountId == t.DebitAccountId ? 0 : 1)];
    }

    private static object Snapshot(Transfer t) => new { t.TransferId, t.Reference, t.Type, t.Status, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Currency, t.ExpiresAt };

    private static object EventPayload(Transfer t) => new
    {
        transferId = t.TransferId, reference = t.Reference, type = t.Type, status = t.Status, debitAccountId = t.DebitAccountId, creditAccountId = t.CreditAccountId,
        amount = t.Amount, currency = t.Currency,
    };

    internal static TransferResponse ToResponse(Transfer t, IReadOnlyList<AccountBalance> balances) =>
        new(t.TransferId, t.Reference, t.Type, t.Status, t.DebitAccountId, t.CreditAccountId, t.Amount, t.Currency, t.TwoPhase, t.TimeoutSeconds, t.ExpiresAt,
            t.Metadata is null ? null : JsonDocument.Parse(t.Metadata).RootElement.Clone(), t.CreatedAt, t.PostedAt, t.VoidedAt, balances);

    /// <summary>
    /// Two first uses of one reference at the same instant on PostgreSQL: the second insert meets the unique index
    /// when the first commits. Run again, it finds the first and answers it (or <c>REFERENCE_REUSED</c>).
    /// </summary>
    private async Task<Result<T>> RetryingAsync<T>(Func<Task<Result<T>>> run)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await run().ConfigureAwait(false);
            }
            catch (DbUpdateException e) when (attempt < 3 && e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
