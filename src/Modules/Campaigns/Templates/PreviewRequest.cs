namespace Ecosystem.Campaigns.Templates;

/// <summary>A target's variables for <c>{{1}}</c>, <c>{{2}}</c>… in order.</summary>
public sealed record PreviewRequest(IReadOnlyList<string?>? Variables);
