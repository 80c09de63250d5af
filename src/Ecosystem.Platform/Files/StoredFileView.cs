namespace Ecosystem.Platform.Files;

/// <summary>A stored file as the API shows it, with a short-lived download link.</summary>
public sealed record StoredFileView(string Id, string Bucket, string ContentType, long Size, string Sha256, string Name, DateTimeOffset CreatedAt, string DownloadUrl, DateTimeOffset DownloadUrlExpiresAt);
