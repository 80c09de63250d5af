namespace Ecosystem.Host.Shell;

/// <summary>The events of the app shell (sent by <c>wwwroot/js/app.js</c>).</summary>
public static class ShellEvents
{
    /// <summary>A navigation link in the shell was clicked; metadata <c>target</c>, <c>href</c>, <c>from</c>.</summary>
    public const string NavigationClicked = "com.ecosystem.shell.navigation.clicked";
}
