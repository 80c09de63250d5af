using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Ecosystem.Wallet.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Wallet.Funding;

/// <summary>
/// The caller's own wallets (another person's account is 404): balances, statements, top-ups by card and payouts; and,
/// for finance, every payout with what the provider answered.
/// </summary>
internal static class FundingEndpoints
{
    public static void Map(RouteGroupBuilder me, RouteGroupBuilder read)
    {
        me.MapGet("/", MyWallets).WithName("ListMyWallets");
        me.MapGet("/accounts/{accountId}/statement", MyStatement).WithName("GetMyWalletStatement");
        me.MapPost("/top-ups", TopUpWallet).WithIdempotency().WithName("TopUpMyWallet").Answers(Transfers.LedgerService.AccountNotActive);
        me.MapGet("/top-ups", MyTopUps).WithName("ListMyWalletTopUps");
        me.MapPost("/payouts", RequestPayout).WithIdempotency().WithName("RequestMyWalletPayout").Answers(FundingService.NoVendorWallet, FundingService.PayoutTooLarge);
        me.MapGet("/payouts", MyPayouts).WithName("ListMyWalletPayouts");
        read.MapGet("/payouts", ListPayouts).WithName("ListWalletPayouts");
    }

    private static async Task<Ok<IReadOnlyList<MyWalletAccount>>> MyWallets(OperationContext op, FundingService funding, CancellationToken ct) =>
        TypedResults.Ok(await funding.MyAccountsAsync(op.ActorId, ct).ConfigureAwait(false));

    private static async Task<Results<Ok<Page<StatementLine>>, ProblemHttpResult>> MyStatement(string accountId, int? limit, string? cursor, OperationContext op, FundingService funding, AccountService accounts, CancellationToken ct)
    {
        if (!await funding.IsMineAsync(op.ActorId, accountId, ct).ConfigureAwait(false)) return Problems.For(Transfers.LedgerService.AccountNotFound);
        return (await accounts.StatementAsync(accountId, limit, cursor, ct).ConfigureAwait(false)).ToOk();
    }

    private static async Task<Results<Created<TopUpResponse>, ProblemHttpResult>> TopUpWallet(TopUpRequest request, OperationContext op, FundingService funding, CancellationToken ct)
    {
        var result = await funding.TopUpAsync(op.ActorId, request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/wallet/me/top-ups/{result.Value!.TopUpId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Ok<IReadOnlyList<TopUpResponse>>> MyTopUps(OperationContext op, FundingService funding, CancellationToken ct) =>
        TypedResults.Ok(await funding.MyTopUpsAsync(op.ActorId, ct).ConfigureAwait(false));

    private static async Task<Results<Created<PayoutResponse>, ProblemHttpResult>> RequestPayout(PayoutRequest request, OperationContext op, FundingService funding, CancellationToken ct)
    {
        var result = await funding.RequestPayoutAsync(op.ActorId, request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/wallet/me/payouts/{result.Value!.PayoutId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Ok<Page<PayoutResponse>>> MyPayouts(OperationContext op, FundingService funding, CancellationToken ct) =>
        TypedResults.Ok(await funding.ListPayoutsAsync(op.ActorId, null, 50, ct).ConfigureAwait(false));

    private static async Task<Ok<Page<PayoutResponse>>> ListPayouts(string? status, FundingService funding, CancellationToken ct) =>
        TypedResults.Ok(await funding.ListPayoutsAsync(null, status is null || status.Length > 20 ? null : status, 100, ct).ConfigureAwait(false));
}
