using Fluid;
using Fluid.Values;

namespace Ecosystem.Platform.Notifications;

/// <summary>
/// Every module's templates, parsed once at start-up (a template that does not parse stops the start), rendered with
/// Fluid (Liquid) as plain text: a variable's value is written as it is, never interpreted as template code.
/// </summary>
public sealed class NotificationTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new TemplateOptionsBuilder().WithStrictVariables(true).WithMaxSteps(10_000).Build();
    private readonly Dictionary<string, (NotificationTemplate Template, IFluidTemplate? Subject, IFluidTemplate Body)> byName = new(StringComparer.Ordinal);

    public NotificationTemplates(IEnumerable<NotificationTemplate> templates)
    {
        foreach (var t in templates)
        {
            if (!NotificationChannel.All.Contains(t.Channel)) throw new InvalidOperationException($"Notification template '{t.Name}': unknown channel '{t.Channel}'.");
            if (t.LinkVariable is { } link && !t.Variables.Contains(link)) throw new InvalidOperationException($"Notification template '{t.Name}': its link variable '{link}' is not one of its variables.");
            if (!byName.TryAdd(t.Name, (t, t.Subject is null ? null : Parse(t, t.Subject), Parse(t, t.Body))))
            {
                throw new InvalidOperationException($"Notification template '{t.Name}' is declared twice.");
            }
        }
    }

    public IReadOnlyCollection<NotificationTemplate> All => [.. byName.Values.Select(v => v.Template)];

    public NotificationTemplate? Find(string name) => byName.TryGetValue(name, out var t) ? t.Template : null;

    /// <summary>The subject and body as the recipient will read them. Every declared variable must be given; others are refused.</summary>
    public (string? Subject, string Body, string? Link) Render(string name, IReadOnlyDictionary<string, string> variables)
    {
        if (!byName.TryGetValue(name, out var entry)) throw new InvalidOperationException($"No notification template is named '{name}'.");
        var missing = entry.Template.Variables.Where(v => !variables.ContainsKey(v)).ToList();
        var unknown = variables.Keys.Where(k => !entry.Template.Variables.Contains(k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"Notification template '{name}' needs {string.Join(", ", entry.Template.Variables)}"
                + (missing.Count > 0 ? $"; missing {string.Join(", ", missing)}" : "") + (unknown.Count > 0 ? $"; not its variables: {string.Join(", ", unknown)}" : "") + ".", nameof(variables));
        }

        var context = new TemplateContext(Options);
        foreach (var (key, value) in variables) context.SetValue(key, StringValue.Create(value));
        var subject = entry.Subject?.Render(context, NullEncoder.Default, false);
        var body = entry.Body.Render(context, NullEncoder.Default, false);
        return (subject, body, entry.Template.LinkVariable is { } link ? variables[link] : null);
    }

    private static IFluidTemplate Parse(NotificationTemplate t, string source) =>
        Parser.TryParse(source, out var template, out var error) ? template : throw new InvalidOperationException($"Notification template '{t.Name}' does not parse: {error}");
}
