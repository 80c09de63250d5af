using System.Text.RegularExpressions;

namespace Ecosystem.Campaigns.Templates;

/// <summary>
/// A template body with WhatsApp's numbered variables, <c>{{1}}</c>, <c>{{2}}</c>…: which it needs, and the text a
/// target reads once its variables fill them. A target that cannot fill every variable is refused before sending.
/// </summary>
internal static partial class TemplateText
{
    /// <summary>The highest variable number the body uses (0 when it has none).</summary>
    public static int VariableCount(string body) => Variable().Matches(body).Select(m => int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>What is wrong with a body's variables, in words, or null: they are numbered 1, 2, 3… without gaps.</summary>
    public static string? Problem(string body)
    {
        var numbers = Variable().Matches(body).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (numbers.Any(n => n.Length > 2 || n.StartsWith('0'))) return "variables are numbered from {{1}}.";
        var used = numbers.Select(int.Parse).ToHashSet();
        for (var i = 1; i <= used.Count; i++) if (!used.Contains(i)) return $"the variables skip {{{{{i}}}}}; number them 1, 2, 3… without gaps.";
        return null;
    }

    /// <summary>The body with <paramref name="variables"/> filled in, or the first variable it has no (non-empty) value for.</summary>
    public static (string? Text, int? Missing) Render(string body, IReadOnlyList<string?> variables)
    {
        int? missing = null;
        var text = Variable().Replace(body, m =>
        {
            var n = int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            if (n - 1 < variables.Count && !string.IsNullOrWhiteSpace(variables[n - 1])) return variables[n - 1]!;
            missing ??= n;
            return m.Value;
        });
        return missing is null ? (text, null) : (null, missing);
    }

    [GeneratedRegex(@"\{\{\s*(\d+)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
