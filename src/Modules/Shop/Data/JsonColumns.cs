using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Shop.Data;

/// <summary>A list of strings kept as one JSON array column (option constraints, flags, selected options).</summary>
internal static class JsonColumns
{
    private static readonly ValueComparer<List<string>> Comparer = new(
        (a, b) => a != null && b != null && a.SequenceEqual(b),
        v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());

    public static void List(PropertyBuilder<List<string>> property, string column)
    {
        property.HasColumnName(column).HasMaxLength(4000)
            .HasConversion(v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null), v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null) ?? new List<string>(), Comparer);
    }
}
