using Ecosystem.Retention.Adapters;
using Ecosystem.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ecosystem.Tests.Retention.Adapters;

/// <summary>The adapters as the module gets them: <c>AddRetentionAdapters</c> over in-memory configuration.</summary>
internal static class AdapterHost
{
    public static ServiceProvider Build(IDictionary<string, string?> settings, CapturingLoggerProvider? logs = null, Action<IServiceCollection>? before = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null) b.AddProvider(logs);
        });
        before?.Invoke(services);
        services.AddRetentionAdapters(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
