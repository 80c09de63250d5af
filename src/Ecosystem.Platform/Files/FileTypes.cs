
namespace Ecosystem.Platform.Files;

/// <summary>
/// Recognises a file's type from its first bytes (its signature), not its name or the client's Content-Type. Only the
/// types the products store are known; anything else is refused by every bucket. SVG and HTML are not among them: a
/// browser would run their scripts on our origin.
/// </summary>
public static class FileTypes
{
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string WebP = "image/webp";
    public const string Pdf = "application/pdf";
    public const string Csv = "text/csv";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The content type of <paramref name="bytes"/>, or null when it is none the platform takes.</summary>
    public static string? Recognise(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(PngSignature)) return Png;
        if (bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF) return Jpeg;
        if (bytes.StartsWith("GIF87a"u8) || bytes.StartsWith("GIF89a"u8)) return Gif;
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return WebP;
        if (bytes.StartsWith("%PDF-"u8)) return Pdf;
        return IsText(bytes) ? Csv : null;
    }

    /// <summary>UTF-8 text (an optional byte-order mark) with no control characters but tab, CR and LF.</summary>
    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return false;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return false;
        foreach (var b in bytes)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n') return false;
            if (b == 0x7F) return false;
        }

        return true;
    }
}
