using System.Text.Json;

namespace Ecosystem.Marketplace.Intents;

/// <summary>
/// What a buyer wants: <c>channel</c> (whatsapp, voice or lead-form), a <c>category</c> word, a <c>region</c>, their own
/// words, the channel's raw <c>payload</c> (a JSON object, optional) and how long it stays open (minutes, default a day).
/// </summary>
public sealed record IntentRequest(string? Channel, string? Category, string? Region, string? Description, JsonElement? Payload, int? ExpiresInMinutes);
