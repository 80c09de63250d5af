namespace Ecosystem.Retention;

/// <summary>The wire form of the seed's enums: kebab-case ("at-risk", "expiring-card", "payment-requested").</summary>
public static class Kebab
{
    public static string Of<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var sb = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    public static string? Of<T>(T? value) where T : struct, Enum => value is { } v ? Of(v) : null;

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return false;
        return Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out value)
            && Enum.IsDefined(value) && Of(value) == text.Trim().ToLowerInvariant();
    }
}
