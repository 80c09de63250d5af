using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Ecosystem.Vouchers.Vouchers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Vouchers.Redemptions;

/// <summary>The station app's API under <c>/station</c>: look a code up, redeem it, today's redemptions.</summary>
internal static class RedemptionEndpoints
{
    public static void Map(RouteGroupBuilder station)
    {
        station.MapGet("/vouchers/{code}", Lookup).WithName("LookUpStationVoucher").Answers(GuessThrottle.Throttled);
        station.MapPost("/redemptions", Redeem).WithIdempotency().WithName("RedeemVoucher")
            .Answers(VoucherService.AlreadyRedeemed, VoucherService.Expired, VoucherService.Voided, VoucherService.NotSent, RedemptionService.StationInactive, GuessThrottle.Throttled);
        station.MapGet("/redemptions/today", Today).WithName("ListTodaysRedemptions");
    }

    private static async Task<Results<Ok<StationVoucherResponse>, ProblemHttpResult>> Lookup(string code, HttpContext http, RedemptionService redemptions, CancellationToken ct) =>
        Answer(http, await redemptions.LookupAsync(code, RateLimits.ClientIp(http), ct).ConfigureAwait(false));

    private static async Task<Results<Created<RedemptionResponse>, ProblemHttpResult>> Redeem(RedeemRequest request, HttpContext http, RedemptionService redemptions, CancellationToken ct)
    {
        var result = await redemptions.RedeemAsync(request, RateLimits.ClientIp(http), ct).ConfigureAwait(false);
        if (result.IsSuccess) return TypedResults.Created($"/api/vouchers/{result.Value!.Voucher.VoucherId}", result.Value);
        Problems.AddRetryAfter(http, result.Error);
        return Problems.For(result.Error!);
    }

    private static async Task<Ok<TodayResponse>> Today(RedemptionService redemptions, CancellationToken ct) =>
        TypedResults.Ok(await redemptions.TodayAsync(ct).ConfigureAwait(false));

    private static Results<Ok<StationVoucherResponse>, ProblemHttpResult> Answer(HttpContext http, Result<StationVoucherResponse> result)
    {
        if (!result.IsSuccess) Problems.AddRetryAfter(http, result.Error);
        return result.ToOk();
    }
}
