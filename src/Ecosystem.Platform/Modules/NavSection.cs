namespace Ecosystem.Platform;

/// <summary>A heading of the sidebar; sections are shown in <see cref="Order"/>, each only when one of its links is visible.</summary>
public sealed record NavSection(string Title, int Order)
{
    /// <summary>The customer app: what a signed-in person uses.</summary>
    public static readonly NavSection MyProducts = new("My products", 10);

    /// <summary>The admin console's shared pages (dashboard, people, audit); a module with several admin pages adds its own section.</summary>
    public static readonly NavSection AdminConsole = new("Admin console", 20);

    public static readonly NavSection Developers = new("Developers", 1000);
}
