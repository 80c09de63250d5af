using System.Text.RegularExpressions;

namespace Ecosystem.Platform;

/// <summary>
/// Event names are <c>com.ecosystem.{domain}.{entity}[.{sub-entity}].{action}</c>: lower-case segments of letters and
/// digits joined by hyphens (kebab-case); the action may also use underscores, as the seed's <c>session.logged_in</c>
/// does. At most one sub-entity, for a thing that only exists inside its entity (<c>retention.chat.message.sent</c>:
/// a message of a chat); the domain stays the third segment, so grouping by domain is unchanged.
/// </summary>
public static partial class EventNames
{
    public const string MaxLengthText = "200";

    public static bool IsValid(string? name) => name is not null && name.Length <= 200 && Pattern().IsMatch(name);

    [GeneratedRegex(@"^com\.ecosystem\.[a-z0-9]+(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)?\.[a-z0-9]+([-_][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
