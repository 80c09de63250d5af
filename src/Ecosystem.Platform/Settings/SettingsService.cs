using System.Text.Json;
using System.Text.Json.Nodes;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Platform.Settings;

/// <summary>
/// Reads and changes operator settings. A module reads its own with <see cref="GetAsync{T}"/> (the default until an
/// operator changes it). A change is checked against the key's declaration, saved as a compare-and-set on the
/// setting's version, and written with its audit row (the value's diff) and a
/// <c>com.ecosystem.platform.setting.changed</c> event in one transaction.
/// </summary>
public sealed class SettingsService(PlatformDbContext db, SettingCatalog catalog, Capabilities capabilities, Transactions transactions, OperationContext op, TimeProvider time)
{
    public const string ChangedEvent = "com.ecosystem.platform.setting.changed";
    public static readonly Error NotFound = Error.NotFound("SETTING_NOT_FOUND", "There is no such setting.");
    public static readonly Error Changed = Error.Conflict("SETTING_CHANGED", "Someone changed this setting since you loaded it. Reload it and try again.");

    /// <summary>The current value of a setting the calling module declared with type <typeparamref name="T"/>.</summary>
    public async Task<T> GetAsync<T>(string key, CancellationToken ct)
    {
        var definition = catalog.Find(key) ?? throw new InvalidOperationException($"The setting '{key}' is not declared.");
        if (definition.ValueType != typeof(T)) throw new InvalidOperationException($"The setting '{key}' holds {definition.ValueType.Name}, not {typeof(T).Name}.");
        var stored = await db.Settings.AsNoTracking().Where(s => s.Key == key).Select(s => s.Value).SingleOrDefaultAsync(ct).ConfigureAwait(false);
        var node = stored is null ? definition.Default : JsonNode.Parse(stored)!;
        return node.Deserialize<T>(Json.Options)!;
    }

    /// <summary>The settings someone with <paramref name="roles"/> may see, with their values.</summary>
    public async Task<IReadOnlyList<SettingView>> ListAsync(IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        var visible = catalog.All.Where(d => capabilities.Allows(d.Capability, roles)).ToList();
        var keys = visible.Select(d => d.Key).ToList();
        var rows = await db.Settings.AsNoTracking().Where(s => keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, ct).ConfigureAwait(false);
        return [.. visible.Select(d => ToView(d, rows.GetValueOrDefault(d.Key)))];
    }

    public async Task<Result<SettingView>> GetAsync(string key, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        if (Visible(key, roles) is not { } definition) return NotFound;
        var row = await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == key, ct).ConfigureAwait(false);
        return ToView(definition, row);
    }

    public async Task<Result<SettingView>> UpdateAsync(string key, SettingUpdate? update, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        if (Visible(key, roles) is not { } definition) return NotFound;
        var problems = definition.Check(update?.Value);
        if (problems.Count > 0) return Error.Validation(new Dictionary<string, string[]> { ["value"] = [.. problems] });
        if (update!.Version is < 0) return Error.Validation(new Dictionary<string, string[]> { ["version"] = ["The version is the number you were shown, 0 or more."] });

        // The value as its type writes it: the same setting always reads back the same JSON.
        var value = JsonSerializer.SerializeToNode(update.Value.Deserialize(definition.ValueType, Json.Options), definition.ValueType, Json.Options)!;
        try
        {
            return await transactions.RunAsync<SettingView>(db, async c =>
            {
                var row = await db.Settings.ForUpdate().SingleOrDefaultAsync(s => s.Key == key, c).ConfigureAwait(false);
                if (update.Version is { } seen && seen != (row?.Version ?? 0)) return Changed;
                var before = row is null ? definition.Default : JsonNode.Parse(row.Value)!;
                if (JsonNode.DeepEquals(before, value)) return ToView(definition, row);
                var now = time.UtcNowStored();
                if (row is null)
                {
                    row = new Setting { Key = key, Version = 0 };
                    db.Settings.Add(row);
                }

                row.Value = value.ToJsonString();
                row.Version++;
                row.UpdatedAt = now;
                row.UpdatedBy = op.ActorId;
                db.AuditLog.Add(AuditEntry.Create(op, time, "platform.setting.changed", "setting", key, new { value = before }, new { value }));
                db.Outbox.Add(OutboxMessage.Create(op, time, ChangedEvent, null, new { key, module = definition.Module, version = row.Version }));
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return ToView(definition, row);
            }, ct).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Two first changes of the same key at once: the other one's insert won; this caller saw a version that is gone.
            return Changed;
        }
    }

    private SettingDefinition? Visible(string key, IReadOnlyCollection<string> roles) =>
        catalog.Find(key) is { } d && capabilities.Allows(d.Capability, roles) ? d : null;

    private static SettingView ToView(SettingDefinition d, Setting? row) => new(
        d.Key, d.Module, d.Title, d.Description, row is null ? d.Default.DeepClone() : JsonNode.Parse(row.Value)!, d.Default.DeepClone(), row is null,
        row?.Version ?? 0, row?.UpdatedAt, row?.UpdatedBy);
}
