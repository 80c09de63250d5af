using System.Text.Json.Nodes;

namespace Ecosystem.Platform.Settings;

/// <summary>
/// A new value for a setting. <c>Version</c>, when given, is the version the caller saw: if someone changed the setting
/// since, the update is refused with 409 <c>SETTING_CHANGED</c> instead of overwriting their change.
/// </summary>
public sealed record SettingUpdate(JsonNode? Value, int? Version);
