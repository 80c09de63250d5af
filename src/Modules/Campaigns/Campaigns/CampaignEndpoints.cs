using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Ecosystem.Platform.Http;
using Ecosystem.Platform.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Campaigns.Campaigns;

/// <summary>Campaigns: create (a draft), list, read one with its counts, start, pause, resume.</summary>
internal static class CampaignEndpoints
{
    public static void Map(RouteGroupBuilder manage)
    {
        manage.MapPost("/", CreateCampaign).WithIdempotency().WithName("CreateCampaign");
        manage.MapGet("/", ListCampaigns).WithName("ListCampaigns");
        manage.MapGet("/{campaignId}", GetCampaign).WithName("GetCampaign");
        manage.MapGet("/{campaignId}/progress", StreamCampaignProgress).WithName("StreamCampaignProgress").ExcludeFromDescription();
        manage.MapPost("/{campaignId}/start", StartCampaign).WithName("StartCampaign")
            .Answers(CampaignService.IllegalTransition, CampaignService.NoTargets, CampaignService.TemplateMissing, CampaignService.VariablesMissing, CampaignService.VouchersUnavailable);
        manage.MapPost("/{campaignId}/pause", PauseCampaign).WithName("PauseCampaign").Answers(CampaignService.IllegalTransition);
        manage.MapPost("/{campaignId}/resume", ResumeCampaign).WithName("ResumeCampaign").Answers(CampaignService.IllegalTransition);
    }

    private static async Task<Results<Created<CampaignResponse>, ProblemHttpResult>> CreateCampaign(CampaignRequest request, CampaignService campaigns, CancellationToken ct)
    {
        var result = await campaigns.CreateAsync(request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/campaigns/{result.Value!.CampaignId}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Ok<IReadOnlyList<CampaignResponse>>> ListCampaigns(CampaignService campaigns, CancellationToken ct) =>
        TypedResults.Ok(await campaigns.ListAsync(ct).ConfigureAwait(false));

    private static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> GetCampaign(string campaignId, CampaignService campaigns, CancellationToken ct) =>
        (await campaigns.GetAsync(campaignId, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<ServerSentEventsResult<CampaignResponse>, ProblemHttpResult>> StreamCampaignProgress(string campaignId, CampaignService campaigns, TimeProvider time, CancellationToken ct)
    {
        var first = await campaigns.GetAsync(campaignId, ct).ConfigureAwait(false);
        if (!first.IsSuccess) return Problems.For(first.Error!);
        return TypedResults.ServerSentEvents(Stream(first.Value!, campaigns, time, ct));
    }

    /// <summary>Live progress: the campaign with its counts now, then every second while it changes, for up to 15 minutes (the page reconnects).</summary>
    private static async IAsyncEnumerable<SseItem<CampaignResponse>> Stream(CampaignResponse first, CampaignService campaigns, TimeProvider time, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return new SseItem<CampaignResponse>(first, "progress");
        var seen = System.Text.Json.JsonSerializer.Serialize(first.Counts) + first.Status;
        for (var ticks = 0; ticks < 900 && !ct.IsCancellationRequested; ticks++)
        {
            try { await Task.Delay(TimeSpan.FromSeconds(1), time, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { yield break; }
            var now = await campaigns.GetAsync(first.CampaignId, ct).ConfigureAwait(false);
            if (!now.IsSuccess) yield break;
            var marker = System.Text.Json.JsonSerializer.Serialize(now.Value!.Counts) + now.Value.Status;
            if (marker == seen) continue;
            seen = marker;
            yield return new SseItem<CampaignResponse>(now.Value, "progress");
        }
    }

    private static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> StartCampaign(string campaignId, CampaignService campaigns, CancellationToken ct) =>
        (await campaigns.MoveAsync(campaignId, CampaignAction.Start, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> PauseCampaign(string campaignId, CampaignService campaigns, CancellationToken ct) =>
        (await campaigns.MoveAsync(campaignId, CampaignAction.Pause, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> ResumeCampaign(string campaignId, CampaignService campaigns, CancellationToken ct) =>
        (await campaigns.MoveAsync(campaignId, CampaignAction.Resume, ct).ConfigureAwait(false)).ToOk();
}
