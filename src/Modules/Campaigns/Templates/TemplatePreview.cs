namespace Ecosystem.Campaigns.Templates;

/// <summary>A template as one target reads it: the text, or the first variable the target's values leave empty.</summary>
public sealed record TemplatePreview(string TemplateId, int Variables, string? Text, string? Problem);
