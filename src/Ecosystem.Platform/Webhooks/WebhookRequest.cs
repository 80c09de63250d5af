using Microsoft.AspNetCore.Http;

namespace Ecosystem.Platform.Webhooks;

/// <summary>A received request as a verifier sees it: the exact bytes of the body and the headers.</summary>
public sealed record WebhookRequest(byte[] Body, IHeaderDictionary Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;
}
