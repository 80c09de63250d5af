using Microsoft.Extensions.Configuration;

namespace Ecosystem.Identity.Sessions;

/// <summary>
/// Session lifetimes, the same for cookies and bearer tokens (<c>Ecosystem:Sessions:*</c>): a session ends after
/// <see cref="Idle"/> without a request (default 30 minutes) and at the latest <see cref="Absolute"/> after login
/// (default 12 hours). The last-seen time is written at most every <see cref="TouchEvery"/>, not on every request.
/// </summary>
internal sealed record SessionPolicy(TimeSpan Idle, TimeSpan Absolute)
{
    public static SessionPolicy From(IConfiguration configuration)
    {
        var idle = configuration.GetValue("Ecosystem:Sessions:IdleMinutes", 30.0);
        var absolute = configuration.GetValue("Ecosystem:Sessions:AbsoluteHours", 12.0);
        if (idle <= 0 || absolute <= 0) throw new InvalidOperationException("Ecosystem:Sessions:IdleMinutes and AbsoluteHours must be positive.");
        return new SessionPolicy(TimeSpan.FromMinutes(idle), TimeSpan.FromHours(absolute));
    }

    /// <summary>One minute, or less for very short idle timeouts, so the idle timeout stays accurate to a few percent.</summary>
    public TimeSpan TouchEvery => Idle < TimeSpan.FromMinutes(10) ? Idle / 10 : TimeSpan.FromMinutes(1);
}
