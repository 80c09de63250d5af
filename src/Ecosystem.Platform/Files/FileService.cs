using System.Globalization;
using System.Security.Cryptography;
using Ecosystem.Platform.Audit;
using Ecosystem.Platform.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Ecosystem.Platform.Files;

/// <summary>
/// Stores files in declared buckets and hands out short-lived signed download links. A file is checked on its bytes
/// (size, then type from its signature) before anything is stored; it is stored under an id the platform makes (never
/// a name from the caller), so no crafted name reaches outside its bucket. The record is written with an audit row in
/// one transaction; with the folder store the bytes are written first and removed again if that transaction fails.
/// </summary>
public sealed class FileService(
    PlatformDbContext db, FileCatalog buckets, FileOptions options, Capabilities capabilities, Transactions transactions,
    OperationContext op, TimeProvider time, IDataProtectionProvider protection)
{
    public static readonly Error NotFound = Error.NotFound("FILE_NOT_FOUND", "There is no such file.");
    public static readonly Error BucketNotFound = Error.NotFound("BUCKET_NOT_FOUND", "There is no such place for files.");
    public static readonly Error Empty = Error.Unprocessable("FILE_EMPTY", "The file is empty.");
    public static readonly Error LinkExpired = new("LINK_EXPIRED", 410, "This download link has expired. Ask for a new one.");

    private readonly IDataProtector links = protection.CreateProtector("Ecosystem.Files.Links.v1");

    public async Task<Result<StoredFileView>> SaveAsync(string bucketName, Stream content, string? name, string? ownerId, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        if (buckets.Find(bucketName) is not { } bucket || !capabilities.Allows(bucket.UploadCapability, roles)) return BucketNotFound;

        // Read at most one byte more than the limit: a larger file is refused without reading (or storing) the rest.
        var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > bucket.MaxBytes)
            {
                return new Error("FILE_TOO_LARGE", 413, $"The file is larger than {Size(bucket.MaxBytes)}, the most this place takes.");
            }
        }

        if (buffer.Length == 0) return Empty;
        var bytes = buffer.ToArray();
        var type = FileTypes.Recognise(bytes);
        if (type is null || !bucket.ContentTypes.Contains(type, StringComparer.Ordinal))
        {
            return new Error("FILE_TYPE_NOT_ALLOWED", 415, $"This place takes only {string.Join(", ", bucket.ContentTypes.Select(Describe))}; the file is {(type is null ? "of another kind" : Describe(type))}.");
        }

        var file = new StoredFile
        {
            Id = Ids.New("fil", time),
            Bucket = bucket.Name,
            ContentType = type,
            Size = bytes.LongLength,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            Name = CleanName(name, type),
            OwnerId = ownerId,
            CreatedAt = time.UtcNowStored(),
            CreatedBy = op.ActorId,
            Content = options.InDatabase ? bytes : null,
        };
        var path = options.InDatabase ? null : PathOf(file);
        if (path is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".part";
            await File.WriteAllBytesAsync(temporary, bytes, ct).ConfigureAwait(false);
            File.Move(temporary, path);
        }

        try
        {
            return await transactions.RunAsync<StoredFileView>(db, async c =>
            {
                db.Files.Add(file);
                db.AuditLog.Add(AuditEntry.Create(op, time, "platform.file.stored", "file", file.Id, null,
                    new { bucket = file.Bucket, contentType = file.ContentType, size = file.Size, sha256 = file.Sha256, name = file.Name, ownerId = file.OwnerId }));
                await db.SaveChangesAsync(c).ConfigureAwait(false);
                return View(file);
            }, ct).ConfigureAwait(false);
        }
        catch
        {
            if (path is not null) File.Delete(path);
            throw;
        }
    }

    /// <summary>A file's record and a fresh link, for its owner or whoever may read its bucket; anyone else gets 404.</summary>
    public async Task<Result<StoredFileView>> GetAsync(string id, string callerId, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        var file = await db.Files.AsNoTracking().Where(f => f.Id == id)
            .Select(f => new StoredFile { Id = f.Id, Bucket = f.Bucket, ContentType = f.ContentType, Size = f.Size, Sha256 = f.Sha256, Name = f.Name, OwnerId = f.OwnerId, CreatedAt = f.CreatedAt, CreatedBy = f.CreatedBy })
            .SingleOrDefaultAsync(ct).ConfigureAwait(false);
        if (file is null || buckets.Find(file.Bucket) is not { } bucket) return NotFound;
        if (file.OwnerId != callerId && !capabilities.Allows(bucket.ReadCapability, roles)) return NotFound;
        return View(file);
    }

    /// <summary>The file a download link names, while the link lives: its record and its bytes.</summary>
    public async Task<Result<(string Name, string ContentType, byte[] Content)>> OpenByLinkAsync(string token, CancellationToken ct)
    {
        string payload;
        try
        {
            payload = links.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return NotFound;
        }

        var parts = payload.Split('|');
        if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)) return NotFound;
        if (time.GetUtcNow().ToUnixTimeSeconds() >= expires) return LinkExpired;
        var file = await db.Files.AsNoTracking().SingleOrDefaultAsync(f => f.Id == parts[0], ct).ConfigureAwait(false);
        if (file is null) return NotFound;
        var bytes = file.Content ?? await File.ReadAllBytesAsync(PathOf(file), ct).ConfigureAwait(false);
        return (file.Name, file.ContentType, bytes);
    }

    private StoredFileView View(StoredFile file)
    {
        var expires = time.GetUtcNow().Add(options.LinkLifetime);
        var token = links.Protect(file.Id + "|" + expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return new StoredFileView(file.Id, file.Bucket, file.ContentType, file.Size, file.Sha256, file.Name, file.CreatedAt, "/files/" + token, expires);
    }

    /// <summary>Where the folder store keeps a file: its bucket's folder and the id the platform made, checked to stay inside the root.</summary>
    private string PathOf(StoredFile file)
    {
        var root = options.Root!;
        var path = Path.GetFullPath(Path.Combine(root, file.Bucket, file.Id));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)) throw new InvalidOperationException("A file path left the file store.");
        return path;
    }

    /// <summary>The name a download is saved under: the caller's file name without folders or control characters.</summary>
    private static string CleanName(string? name, string type)
    {
        var clean = new string(Path.GetFileName(name ?? "").Where(c => !char.IsControl(c) && c is not '"' and not '\\' and not '/').ToArray()).Trim();
        if (clean.Length == 0) clean = "file" + type switch { FileTypes.Png => ".png", FileTypes.Jpeg => ".jpg", FileTypes.Gif => ".gif", FileTypes.WebP => ".webp", FileTypes.Pdf => ".pdf", _ => ".csv" };
        return clean.Length <= 200 ? clean : clean[^200..];
    }

    private static string Describe(string type) => type switch
    {
        FileTypes.Png => "PNG images",
        FileTypes.Jpeg => "JPEG images",
        FileTypes.Gif => "GIF images",
        FileTypes.WebP => "WebP images",
        FileTypes.Pdf => "PDF documents",
        FileTypes.Csv => "CSV or text files",
        _ => type,
    };

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB";
}
