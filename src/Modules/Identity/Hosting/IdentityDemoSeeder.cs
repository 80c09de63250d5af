using Ecosystem.Identity.Users;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Identity.Hosting;

/// <summary>Demo mode: <c>user:user</c> (role user), <c>admin:admin</c> (admin), <c>client:client</c> (a shop client) and <c>finance:finance</c> (finance), created once.</summary>
internal sealed partial class IdentityDemoSeeder(ILogger<IdentityDemoSeeder> logger) : IDemoSeeder
{
    /// <summary>
    /// The demo users' password hashes, computed once with <see cref="Passwords.PasswordHasher.Hash"/> (the real format, its
    /// own salt per user, today's iteration count) so that a fresh demo database does not spend two PBKDF2 runs of
    /// 210,000 iterations (≈ 0.2 s of CPU each) at every start. The passwords are public (README, login page); a
    /// changed password gets a fresh hash and salt as usual. A test checks that each verifies with today's settings.
    /// </summary>
    internal static readonly (string Username, string DisplayName, string Role, string PasswordHash)[] DemoUsers =
    [
        ("user", "Demo User", Roles.User, "pbkdf2-sha512$210000$fxwKiSsgWsAGp1nrU36HHw==$Ng5oxFANE8+uLgHoVX1MmVPpCtPZslo95mjKi7iw5p0="),
        ("admin", "Demo Admin", Roles.Admin, "pbkdf2-sha512$210000$zJAForNEV2nhxpSD6sIglg==$nk4FOAYghfa11WC5F3pzOjXm8VP0xPTNL09/dTGljIg="),
        ("client", "Clara Client", Roles.Client, "pbkdf2-sha512$210000$73CsySPRcBCcXYDLQdYCvQ==$BAx9aefqnfTocf9mcdPdDxXmXfrjGONpvf9T4LR584k="),
        ("finance", "Fiona Finance", Roles.Finance, "pbkdf2-sha512$210000$G2+kR9KJuwMYtKxhYB4DBw==$GKSc656P3Xtsoa60TAXyiuLWok0cbdpsDcVVQzRaGaw="),
        // The marketplace's demo vendors (the Marketplace module's demo data gives them the role vendor) and buyer.
        ("vendor1", "Kigali Moto Express", Roles.User, "pbkdf2-sha512$210000$coZViCg9ns4EHnxV4y2Rug==$UTe6mR3nkWqnWidaTSfj6UonOz52YOcBZmSZkv8UZrw="),
        ("vendor2", "Hill Cabs", Roles.User, "pbkdf2-sha512$210000$0bTJk9YshSP8RCehuQDIog==$JmTolKrkMRKxnODuaQSxuzEvEFdrqDk9+KQe61TcSH8="),
        ("buyer1", "Bella Buyer", Roles.User, "pbkdf2-sha512$210000$5MzvoVpXQCSWRxC9giYQGw==$hdn6mfxFHyP/7HIIdvFI4vSG0CSrWV26Mz8tMuIYunY="),
        ("operator1", "Olivier Operator", Roles.StationOperator, "pbkdf2-sha512$210000$58QUmo8AcqwW5VVCZSu+nQ==$AhL8mEz0ovMUflHyGGW5atwvTUEkiq0klkE00weHkFg="),
        ("operator2", "Odette Operator", Roles.StationOperator, "pbkdf2-sha512$210000$QMpNpZ+LyAeW4JkNEgqxfw==$a7IM+jG2TCFEtjqzp0ivDlux29WvKdKXqYDTBd5l+go="),
    ];

    public int Order => 10;

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var identity = services.GetRequiredService<UserService>();
        foreach (var (name, display, role, hash) in DemoUsers)
        {
            if (await identity.FindByUsernameAsync(name, cancellationToken).ConfigureAwait(false) is not null) continue;
            // Demo credentials are intentionally trivial; production mode never runs this seeder.
            var created = await identity.CreateDemoAsync(name, display, role, hash, cancellationToken).ConfigureAwait(false);
            if (!created.IsSuccess) throw new InvalidOperationException("Demo seeding failed: " + created.Error!.Message);
        }

        LogDemo(logger);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DEMO MODE: demo users exist — log in as user/user, admin/admin, client/client or finance/finance. Never use demo mode in production (Ecosystem__Demo=false).")]
    private static partial void LogDemo(ILogger logger);
}
