namespace Ecosystem.Tests.Infrastructure;

/// <summary>Base of integration tests: a fresh product on a fresh database for every test, on the given provider.</summary>
public abstract class AppTest(Db db) : IAsyncLifetime
{
    protected Db Db { get; } = db;

    protected EcosystemApp App { get; private set; } = null!;

    protected virtual Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db);

    public async ValueTask InitializeAsync() => App = await StartAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
