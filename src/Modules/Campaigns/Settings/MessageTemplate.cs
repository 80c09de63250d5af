namespace Ecosystem.Campaigns.Settings;

/// <summary>One entry of the <c>templates</c> setting: a WhatsApp template with numbered variables (<c>{{1}}</c>, <c>{{2}}</c>…) and optional media.</summary>
public sealed record MessageTemplate(string Id, string Name, string Language, string Category, string Body, string? MediaUrl = null);
