namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>A number writing to us in the simulated WhatsApp: who (any common format) and the text.</summary>
public sealed record InboundRequest(string? From, string? Text);
