using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Wallet.Reports;

internal static class ReportEndpoints
{
    public static void Map(RouteGroupBuilder read)
    {
        read.MapGet("/trial-balance", GetTrialBalance).WithName("GetWalletTrialBalance");
        read.MapGet("/reconciliation", GetReconciliation).WithName("GetWalletReconciliation");
    }

    private static async Task<Ok<TrialBalanceResponse>> GetTrialBalance(ReportService reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.TrialBalanceAsync(ct).ConfigureAwait(false));

    private static async Task<Ok<ReconciliationResponse>> GetReconciliation(ReportService reports, CancellationToken ct) =>
        TypedResults.Ok(await reports.ReconcileAsync(ct).ConfigureAwait(false));
}
