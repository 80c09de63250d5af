namespace Ecosystem.Retention;

/// <summary>The retention module's capabilities; their roles are declared in <see cref="RetentionModule"/>.</summary>
public static class RetentionPolicies
{
    /// <summary>At-risk customers, interventions, chat sessions, metrics (the seed's AdminUser: admin or supervisor).</summary>
    public const string Manage = "retention:manage";
}
