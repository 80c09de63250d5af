using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Vouchers.Vouchers;

/// <summary>Vouchers under <c>/vouchers</c>: issue and send (issuers), void (voiders), read (readers).</summary>
internal static class VoucherEndpoints
{
    public static void Map(RouteGroupBuilder issue, RouteGroupBuilder voids, RouteGroupBuilder read)
    {
        issue.MapPost("/", Issue).WithIdempotency().WithName("IssueVoucher").Answers(VoucherService.CodesExhausted);
        issue.MapPost("/{voucherId}/send", Send).WithName("SendVoucher").Answers(VoucherService.AlreadySent, VoucherService.AlreadyRedeemed, VoucherService.Expired, VoucherService.Voided);
        voids.MapPost("/{voucherId}/void", Void).WithName("VoidVoucher").Answers(VoucherService.AlreadyRedeemed, VoucherService.Expired, VoucherService.Voided);
        read.MapGet("/metrics", Metrics).WithName("GetVoucherMetrics");
        read.MapGet("/{voucherId}", Get).WithName("GetVoucher");
        read.MapGet("/{voucherId}/events", History).WithName("ListVoucherEvents");
    }

    private static async Task<Results<Created<VoucherResponse>, ProblemHttpResult>> Issue(IssueVoucherRequest request, VoucherService vouchers, CancellationToken ct)
    {
        var result = await vouchers.IssueAsync(request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/vouchers/{result.Value!.VoucherId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<Ecosystem.Vouchers.Metrics.MetricsResponse>, ProblemHttpResult>> Metrics(string? from, string? to, Ecosystem.Vouchers.Metrics.MetricsService metrics, CancellationToken ct) =>
        (await metrics.GetAsync(from, to, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> Get(string voucherId, VoucherService vouchers, CancellationToken ct) =>
        (await vouchers.GetAsync(voucherId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<IReadOnlyList<VoucherEventResponse>>, ProblemHttpResult>> History(string voucherId, VoucherService vouchers, CancellationToken ct)
    {
        var voucher = await vouchers.GetAsync(voucherId, ct).ConfigureAwait(false);
        return voucher.IsSuccess ? TypedResults.Ok(await vouchers.HistoryAsync(voucherId, ct).ConfigureAwait(false)) : Problems.For(voucher.Error!);
    }

    private static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> Send(string voucherId, VoucherService vouchers, CancellationToken ct) =>
        (await vouchers.SendAsync(voucherId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<VoucherResponse>, ProblemHttpResult>> Void(string voucherId, VoidRequest? request, VoucherService vouchers, CancellationToken ct) =>
        (await vouchers.VoidAsync(voucherId, request?.Reason, ct).ConfigureAwait(false)).ToOk();
}
