namespace Ecosystem.Analytics.WriteKeys;

public sealed record CreateWriteKeyRequest(string? Name, string? Policy);
