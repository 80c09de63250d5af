using Ecosystem.Platform;

namespace Ecosystem.Wallet.Contracts;

/// <summary>
/// The ledger as other modules (vouchers, marketplace) use it. Called inside the caller's unit of work
/// (<c>Transactions.RunAsync</c>), a transfer joins that unit as a savepoint: it commits with the caller's rows or not at
/// all. Outside one it is a unit of its own. Errors are the same <see cref="Error"/> codes the HTTP API answers
/// (<c>INSUFFICIENT_FUNDS</c>, <c>REFERENCE_REUSED</c>, <c>TRANSFER_EXPIRED</c> …).
/// </summary>
public interface ILedger
{
    /// <summary>A transfer (posted at once, or a pending hold); a reference seen before with the same content answers the original.</summary>
    Task<Result<LedgerTransferResult>> TransferAsync(LedgerTransfer transfer, CancellationToken cancellationToken);

    /// <summary>Posts a pending transfer (the hold becomes a debit and a credit).</summary>
    Task<Result<LedgerTransferResult>> PostAsync(string transferId, CancellationToken cancellationToken);

    /// <summary>Voids a pending transfer (the hold is released).</summary>
    Task<Result<LedgerTransferResult>> VoidAsync(string transferId, CancellationToken cancellationToken);

    /// <summary>
    /// The account of an owner in a currency, opened on first use (get-or-open: the tenant row is locked while looking,
    /// so two callers at once get the same account). <paramref name="ownerType"/> is one of <see cref="OwnerTypes"/>;
    /// <see cref="OwnerTypes.External"/> accounts may go negative, the others not.
    /// </summary>
    Task<Result<LedgerAccount>> OpenAccountAsync(string ownerType, string ownerId, string currency, CancellationToken cancellationToken);

    /// <summary>An account's balance now.</summary>
    Task<Result<LedgerBalance>> GetBalanceAsync(string accountId, CancellationToken cancellationToken);
}
