using Ecosystem.Identity.Users;
using Ecosystem.Platform;
using Ecosystem.Platform.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Ecosystem.Identity.Hosting;

/// <summary><c>ecosystem users add --username NAME --email EMAIL [--display-name TEXT] [--admin | --role ROLE]</c>; the password comes from <c>ECOSYSTEM_PASSWORD</c> or one line of standard input.</summary>
internal sealed class UsersAddCommand : ICliCommand
{
    public IReadOnlyList<string> Verb => ["users", "add"];

    public string Usage => "users add --username NAME --email EMAIL [--display-name TEXT] [--admin] [--role ROLE] (password from ECOSYSTEM_PASSWORD or standard input)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var username = CliArgs.Option(args, "--username");
        var email = CliArgs.Option(args, "--email");
        var password = Environment.GetEnvironmentVariable("ECOSYSTEM_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            if (!Console.IsInputRedirected) await output.WriteAsync("Password: ").ConfigureAwait(false);
            password = Console.In.ReadLine();
        }

        var role = CliArgs.Flag(args, "--admin") ? Roles.Admin : CliArgs.Option(args, "--role") ?? Roles.User;
        var op = services.GetRequiredService<OperationContext>();
        op.ActorId = "cli";
        op.ActorRole = "system";
        op.Channel = "cli";
        var result = await services.GetRequiredService<UserService>()
            .CreateAsync(username, email, CliArgs.Option(args, "--display-name"), password, [role], cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            await output.WriteLineAsync($"error: {result.Error!.Code}: {result.Error.Message}").ConfigureAwait(false);
            if (result.Error.Fields is { } fields)
            {
                foreach (var (field, messages) in fields) await output.WriteLineAsync($"  {field}: {string.Join(" ", messages)}").ConfigureAwait(false);
            }

            return 1;
        }

        await output.WriteLineAsync($"Created {role} '{result.Value!.Username}' ({result.Value.UserEcosystemId}).").ConfigureAwait(false);
        return 0;
    }
}
