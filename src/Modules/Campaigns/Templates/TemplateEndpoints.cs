using Ecosystem.Campaigns.Settings;
using Ecosystem.Platform;
using Ecosystem.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Campaigns.Templates;

/// <summary>The templates (from the <c>templates</c> setting) and a preview of one with a target's variables.</summary>
internal static class TemplateEndpoints
{
    public static readonly Error NotFound = Error.NotFound("TEMPLATE_NOT_FOUND", "There is no template with this id.");

    public static void Map(RouteGroupBuilder manage)
    {
        manage.MapGet("/templates", ListTemplates).WithName("ListCampaignTemplates");
        manage.MapPost("/templates/{templateId}/preview", PreviewTemplate).WithName("PreviewCampaignTemplate");
    }

    private static async Task<Ok<List<MessageTemplate>>> ListTemplates(CampaignSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.TemplatesAsync(ct).ConfigureAwait(false));

    private static async Task<Results<Ok<TemplatePreview>, ProblemHttpResult>> PreviewTemplate(string templateId, PreviewRequest request, CampaignSettings settings, CancellationToken ct)
    {
        var template = (await settings.TemplatesAsync(ct).ConfigureAwait(false)).FirstOrDefault(t => t.Id == templateId);
        if (template is null) return Problems.For(NotFound);
        var variables = request.Variables ?? [];
        if (variables.Count > 20 || variables.Any(v => v is { Length: > 200 } || (v?.Contains('\0') ?? false)))
        {
            return Problems.For(Error.Validation(new Dictionary<string, string[]> { ["variables"] = ["At most 20 variables of at most 200 characters each."] }));
        }

        var (text, missing) = TemplateText.Render(template.Body, variables);
        return TypedResults.Ok(new TemplatePreview(template.Id, TemplateText.VariableCount(template.Body), text, missing is { } n ? $"Nothing fills {{{{{n}}}}}." : null));
    }
}
