namespace Ecosystem.Analytics.WriteKeys;

public sealed record WriteKeyCreated(string Id, string Name, string WriteKey, string Policy);
