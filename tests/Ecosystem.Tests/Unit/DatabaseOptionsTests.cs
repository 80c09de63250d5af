using Ecosystem.Platform.Data;
using Npgsql;

namespace Ecosystem.Tests.Unit;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public void PostgreSQL_connections_keep_their_prepared_statements_by_default()
    {
        var options = DatabaseOptions.FromConnectionString("Host=db.example;Database=eco;Username=app;Password=secret");
        var b = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        Assert.Equal(DatabaseProvider.Postgres, options.Provider);
        Assert.True(b.NoResetOnClose);
        Assert.Equal(64, b.MaxAutoPrepare);
        Assert.Equal("db.example", b.Host);
        Assert.Equal("secret", b.Password);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0", false, 0)]
    [InlineData("Host=db;NoResetOnClose=false;MaxAutoPrepare=5", false, 5)]
    [InlineData("host=db;no reset on close=False", false, 64)]
    public void A_setting_given_in_the_connection_string_wins(string connectionString, bool noReset, int maxAutoPrepare)
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseOptions.FromConnectionString(connectionString).ConnectionString);
        Assert.Equal(noReset, b.NoResetOnClose);
        Assert.Equal(maxAutoPrepare, b.MaxAutoPrepare);
    }
}
