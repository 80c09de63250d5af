namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>A message in a number's simulated WhatsApp chat: from us (<c>out</c>) or from the number (<c>in</c>), with its latest status.</summary>
public sealed record InboxMessage(string MessageId, string Msisdn, string Direction, string Body, string? TemplateId, string Status, DateTimeOffset CreatedAt);
