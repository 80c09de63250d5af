using System.Text.Json;
using Ecosystem.Platform.Data;
using Ecosystem.Shop.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Orders;

/// <summary>
/// A line of an order: the price snapshot exactly as priced at checkout (product, variant, each option with its
/// configured delta and what it added, quantity, net, tax rate, tax, total), kept unchanged for the invoice and for
/// fulfillment, whatever the catalog does later; plus the fulfillment details (the account to grow).
/// </summary>
internal sealed class OrderItem
{
    public string ItemId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string ProductId { get; set; } = "";
    public string Title { get; set; } = "";
    public int Quantity { get; set; }
    public long Net { get; set; }
    public long Tax { get; set; }
    public long Total { get; set; }
    public string SnapshotJson { get; set; } = "{}";
    public string? InstagramHandle { get; set; }

    public PricedLine Snapshot => JsonSerializer.Deserialize<PricedLine>(SnapshotJson, Ecosystem.Platform.Json.Options)!;

    public static OrderItem From(string itemId, string orderId, PricedLine line, string? instagramHandle) => new()
    {
        ItemId = itemId, OrderId = orderId, ProductId = line.ProductId, Title = line.VariantName is null ? line.ProductTitle : $"{line.ProductTitle} — {line.VariantName}",
        Quantity = line.Quantity, Net = line.Net, Tax = line.Tax, Total = line.Total, InstagramHandle = instagramHandle,
        SnapshotJson = JsonSerializer.Serialize(line, Ecosystem.Platform.Json.Options),
    };

    internal static void Configure(EntityTypeBuilder<OrderItem> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "shop", "order_items");
        b.HasKey(x => x.ItemId);
        b.Property(x => x.ItemId).HasMaxLength(40);
        b.Property(x => x.OrderId).HasMaxLength(40);
        b.Property(x => x.ProductId).HasMaxLength(40);
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.SnapshotJson).HasColumnName("snapshot").HasMaxLength(8000);
        b.Property(x => x.InstagramHandle).HasMaxLength(30);
        b.Ignore(x => x.Snapshot);
        b.HasIndex(x => x.OrderId);
    }
}
