using Ecosystem.Campaigns.Settings;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>One template message to one number: the template, the values of its variables, and the text they make.</summary>
internal sealed record OutgoingMessage(string To, MessageTemplate Template, IReadOnlyList<string?> Variables, string Text);
