using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Orders;

/// <summary>The last order number given out in a year; taken by a conditional increment, so numbers never repeat or skip.</summary>
internal sealed class OrderNumberCounter : INotAudited
{
    public int Year { get; set; }
    public int LastNumber { get; set; }

    internal static void Configure(EntityTypeBuilder<OrderNumberCounter> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "order_numbers");
        b.HasKey(x => x.Year);
        b.Property(x => x.Year).ValueGeneratedNever();
    }
}
