using Ecosystem.Platform.Data;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Ecosystem.Platform.Files;

/// <summary>A stored file's record. <see cref="Content"/> holds the bytes only with the database store; the folder store keeps them on disk by id.</summary>
internal sealed class StoredFile
{
    public string Id { get; set; } = "";
    public string Bucket { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public string Name { get; set; } = "";
    public string? OwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public byte[]? Content { get; set; }

    internal static void Configure(EntityTypeBuilder<StoredFile> b, DatabaseProvider provider)
    {
        b.ToModuleTable(provider, "platform", "files");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Bucket).HasMaxLength(40);
        b.Property(x => x.ContentType).HasMaxLength(100);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.OwnerId).HasMaxLength(64);
        b.Property(x => x.CreatedBy).HasMaxLength(64);
        b.HasIndex(x => new { x.Bucket, x.Id });
    }
}
