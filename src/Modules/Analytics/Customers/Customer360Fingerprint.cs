using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Analytics.Customers;

/// <summary>The fingerprint of the fold declarations the stored Customer 360 was built under (<see cref="Customer360Folds.Fingerprint"/>); one row.</summary>
internal sealed class Customer360Fingerprint : INotAudited
{
    public string Fingerprint { get; set; } = "";

    internal static void Configure(EntityTypeBuilder<Customer360Fingerprint> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "analytics", "customer360_fingerprint");
        b.HasKey(x => x.Fingerprint);
    }
}
