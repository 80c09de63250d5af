using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Retention.AtRisk;

internal static class RiskScanEndpoints
{
    public static RouteGroupBuilder MapRiskScanApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/risk-scan", RunRetentionRiskScan).WithName("RunRetentionRiskScan");
        return admin;
    }

    private static async Task<Ok<RiskScanResponse>> RunRetentionRiskScan(RiskScanService riskScan, CancellationToken ct) =>
        TypedResults.Ok(await riskScan.ScanAsync(ct).ConfigureAwait(false));
}
