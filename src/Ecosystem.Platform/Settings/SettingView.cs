using System.Text.Json.Nodes;

namespace Ecosystem.Platform.Settings;

/// <summary>A setting as the admin API shows it: its meaning, its value (the default when never changed) and its version.</summary>
public sealed record SettingView(
    string Key, string Module, string Title, string Description, JsonNode Value, JsonNode Default, bool IsDefault, int Version,
    DateTimeOffset? UpdatedAt, string? UpdatedBy);
