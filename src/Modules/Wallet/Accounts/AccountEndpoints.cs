using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Wallet.Accounts;

internal static class AccountEndpoints
{
    public static void Map(RouteGroupBuilder read, RouteGroupBuilder manage)
    {
        manage.MapPost("/accounts", CreateAccount).WithName("CreateWalletAccount");
        read.MapGet("/accounts/{accountId}", GetAccount).WithName("GetWalletAccount");
        read.MapGet("/accounts/{accountId}/balance", GetBalance).WithName("GetWalletBalance");
        read.MapGet("/accounts/{accountId}/statement", GetStatement).WithName("GetWalletStatement");
    }

    private static async Task<Results<Created<AccountResponse>, ProblemHttpResult>> CreateAccount(AccountRequest request, AccountService accounts, CancellationToken ct)
    {
        var result = await accounts.CreateAsync(request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/wallet/accounts/{result.Value!.AccountId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> GetAccount(string accountId, AccountService accounts, CancellationToken ct) =>
        (await accounts.GetAsync(accountId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<BalanceResponse>, ProblemHttpResult>> GetBalance(string accountId, DateTimeOffset? at, AccountService accounts, CancellationToken ct) =>
        (await accounts.BalanceAsync(accountId, at, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<Page<StatementLine>>, ProblemHttpResult>> GetStatement(string accountId, int? limit, string? cursor, AccountService accounts, CancellationToken ct) =>
        (await accounts.StatementAsync(accountId, limit, cursor, ct).ConfigureAwait(false)).ToOk();
}
