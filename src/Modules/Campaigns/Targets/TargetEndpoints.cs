using System.Text;
using System.Text.Json;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Campaigns.Targets;

/// <summary>
/// <c>POST /api/campaigns/{id}/targets</c>: a CSV body (<c>text/csv</c>: number,name,variables…) or a JSON list of
/// <see cref="TargetInput"/>; answers what was imported and the rejected rows with their lines.
/// <c>GET /api/campaigns/{id}/targets?status=&amp;limit=&amp;cursor=</c>: the target table.
/// </summary>
internal static class TargetEndpoints
{
    public const long MaxUploadBytes = 128L * 1024 * 1024;

    public static void Map(RouteGroupBuilder manage, RouteGroupBuilder targets)
    {
        manage.MapPost("/{campaignId}/targets", ImportTargets).WithName("ImportCampaignTargets")
            .Accepts<IReadOnlyList<TargetInput>>("application/json", "text/csv")
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes))
            .Answers(TargetImporter.NotEditable);
        targets.MapGet("/{campaignId}/targets", ListTargets).WithName("ListCampaignTargets");
    }

    private static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportTargets(string campaignId, HttpRequest request, TargetImporter importer, CancellationToken ct)
    {
        IEnumerable<TargetRow> rows;
        var type = request.ContentType ?? "";
        if (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            List<TargetInput?>? list;
            try
            {
                list = await JsonSerializer.DeserializeAsync<List<TargetInput?>>(request.Body, Json.Options, ct).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                return Problems.For(Error.Validation(new Dictionary<string, string[]> { ["targets"] = ["The body is a JSON list of targets: [{\"msisdn\": \"+250788123456\", \"name\": \"…\", \"variables\": [\"…\"]}]."] }));
            }

            if (list is null) return Problems.For(Error.Validation(new Dictionary<string, string[]> { ["targets"] = ["A list of targets is required."] }));
            rows = list.Select((t, i) => new TargetRow(i + 1, t?.Msisdn, t?.Name, t?.Variables ?? [], t?.UserEcosystemId));
        }
        else if (type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            var reader = new StreamReader(request.Body, Encoding.UTF8);
            var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            rows = CsvRows.Read(new StringReader(text));
        }
        else
        {
            return Problems.For(new Error("UNSUPPORTED_MEDIA_TYPE", 415, "Send the targets as text/csv or as a JSON list (application/json)."));
        }

        return (await importer.ImportAsync(campaignId, rows, null, ct).ConfigureAwait(false)).ToOk();
    }

    private static async Task<Results<Ok<Page<TargetResponse>>, ProblemHttpResult>> ListTargets(string campaignId, string? status, string? search, int? limit, string? cursor, TargetService targets, CancellationToken ct) =>
        (await targets.ListAsync(campaignId, status, search, limit, cursor, ct).ConfigureAwait(false)).ToOk();
}
