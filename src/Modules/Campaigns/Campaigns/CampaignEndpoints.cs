using Ecosystem.Campaigns.Targets;
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

    private static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> StartCampaign(string campaignId, CampaignService campaigns, CancellationToken ct) =>
        (await campaigns.MoveAsync(campaignId, CampaignAction.Start, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> PauseCampaign(string campaignId, CampaignService campaigns, CancellationToken ct) =>
        (await campaigns.MoveAsync(campaignId, CampaignAction.Pause, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<CampaignResponse>, ProblemHttpResult>> ResumeCampaign(string campaignId, CampaignService campaigns, CancellationToken ct) =>
        (await campaigns.MoveAsync(campaignId, CampaignAction.Resume, ct).ConfigureAwait(false)).ToOk();
}
