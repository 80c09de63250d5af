using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Wallet.Transfers;

/// <summary>
/// Transfers. The reference is the idempotency key (unique per tenant): a repeat with the same content answers the
/// original with 200, a different content 409 <c>REFERENCE_REUSED</c>; so these take no <c>Idempotency-Key</c> header.
/// </summary>
internal static class TransferEndpoints
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder manage)
    {
        manage.MapPost("/transfers", CreateTransfer).WithName("CreateWalletTransfer")
            .Answers(LedgerService.ReferenceReused, LedgerService.InsufficientFunds, LedgerService.AccountNotActive, LedgerService.CurrencyMismatch);
        manage.MapPost("/transfers/batch", CreateTransferBatch).WithName("CreateWalletTransferBatch");
        manage.MapPost("/transfers/{transferId}/post", PostTransfer).WithName("PostWalletTransfer").Answers(LedgerService.NotPending, LedgerService.Expired);
        manage.MapPost("/transfers/{transferId}/void", VoidTransfer).WithName("VoidWalletTransfer").Answers(LedgerService.NotPending, LedgerService.Expired);
        read.MapGet("/transfers/{transferId}", GetTransfer).WithName("GetWalletTransfer");
    }

    private static async Task<Results<Created<TransferResponse>, Ok<TransferResponse>, ProblemHttpResult>> CreateTransfer(TransferRequest request, LedgerService ledger, CancellationToken ct)
    {
        var result = await ledger.CreateAsync(request, ct).ConfigureAwait(false);
        if (!result.IsSuccess) return Problems.For(result.Error!);
        var transfer = result.Value!.Transfer;
        return result.Value.Existed ? TypedResults.Ok(transfer) : TypedResults.Created($"/api/wallet/transfers/{transfer.TransferId}", transfer);
    }

    private static async Task<Results<Ok<BatchResponse>, ProblemHttpResult>> CreateTransferBatch(BatchRequest request, LedgerService ledger, CancellationToken ct) =>
        (await ledger.BatchAsync(request, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<TransferResponse>, ProblemHttpResult>> PostTransfer(string transferId, LedgerService ledger, CancellationToken ct)
    {
        var result = await ledger.PostAsync(transferId, post: true, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Ok(result.Value!.Transfer) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<TransferResponse>, ProblemHttpResult>> VoidTransfer(string transferId, LedgerService ledger, CancellationToken ct)
    {
        var result = await ledger.PostAsync(transferId, post: false, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Ok(result.Value!.Transfer) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<TransferResponse>, ProblemHttpResult>> GetTransfer(string transferId, LedgerService ledger, CancellationToken ct) =>
        (await ledger.GetAsync(transferId, ct).ConfigureAwait(false)).ToOk();
}
