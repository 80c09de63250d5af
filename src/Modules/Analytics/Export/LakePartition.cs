using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ecosystem.Analytics.Export;

/// <summary>
/// The files of one Hive-style partition folder (<c>DIR/DATASET/dt=YYYY-MM-DD/</c>) and its <c>_SUCCESS</c> marker.
/// The marker is written last (temporary name, fsync, rename) and lists every data file with its row count, size and
/// SHA-256. A partition is complete only when its marker parses, names this data set and day, and matches the data
/// files on disk exactly; anything else is a leftover of an interrupted run.
/// </summary>
internal static partial class LakePartition
{
    public const string Marker = "_SUCCESS";
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static string FolderName(DateOnly day) => "dt=" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Null when the partition is complete; otherwise why not ("no _SUCCESS marker", a mismatch …).
    /// <paramref name="formats"/> are the file kinds a complete partition holds, e.g. <c>jsonl.gz</c>.
    /// </summary>
    public static string? Verify(string directory, string dataset, DateOnly day, IReadOnlyCollection<string> formats, out long rows)
    {
        rows = 0;
        var markerPath = Path.Combine(directory, Marker);
        if (!File.Exists(markerPath)) return "no _SUCCESS marker";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(markerPath));
        }
        catch (JsonException)
        {
            return "_SUCCESS is not valid JSON";
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "_SUCCESS is not a JSON object";
            if (Text(root, "dataset") != dataset || Text(root, "dt") != day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            {
                return "_SUCCESS names another data set or day";
            }

            if (!root.TryGetProperty("rows", out var r) || !r.TryGetInt64(out var total) || total < 0) return "_SUCCESS has no row count";
            if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array) return "_SUCCESS lists no files";
            var listed = new HashSet<string>(StringComparer.Ordinal);
            var rowsByFormat = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var f in files.EnumerateArray())
            {
                if (f.ValueKind != JsonValueKind.Object) return "_SUCCESS has a malformed file entry";
                var name = Text(f, "name");
                if (name is null || !DataFileName().IsMatch(name) || !listed.Add(name)) return "_SUCCESS has a malformed file entry";
                if (!f.TryGetProperty("rows", out var fr) || !fr.TryGetInt64(out var fileRows) ||
                    !f.TryGetProperty("bytes", out var fb) || !fb.TryGetInt64(out var bytes) || Text(f, "sha256") is not { } sha)
                {
                    return $"_SUCCESS entry {name} is incomplete";
                }

                var path = Path.Combine(directory, name);
                if (!File.Exists(path)) return $"{name} is missing";
                if (new FileInfo(path).Length != bytes) return $"{name} has another size than _SUCCESS records";
                if (!string.Equals(Sha256Of(path), sha, StringComparison.OrdinalIgnoreCase)) return $"{name} has another SHA-256 than _SUCCESS records";
                var format = name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..];
                rowsByFormat[format] = rowsByFormat.GetValueOrDefault(format) + fileRows;
            }

            if (!rowsByFormat.Keys.Order(StringComparer.Ordinal).SequenceEqual(formats.Order(StringComparer.Ordinal))) return "_SUCCESS does not list the expected files";
            if (rowsByFormat.Values.Any(n => n != total)) return "the files' row counts do not add up to _SUCCESS's";
            var extra = Directory.EnumerateFiles(directory).Select(Path.GetFileName).FirstOrDefault(n => DataFileName().IsMatch(n!) && !listed.Contains(n!));
            if (extra is not null) return $"{extra} is not listed in _SUCCESS";
            rows = total;
            return null;
        }
    }

    /// <summary>Deletes what an earlier, unfinished run may have left: data files, temporary files and the marker.</summary>
    public static int RemoveLeftovers(string directory)
    {
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(directory).ToList())
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith("part-", StringComparison.Ordinal) || name.StartsWith(".part-", StringComparison.Ordinal) || name.StartsWith(Marker, StringComparison.Ordinal))
            {
                File.Delete(path);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Writes the marker under a temporary name, fsyncs it and renames it: the partition's commit point.</summary>
    public static void WriteMarker(string directory, string dataset, DateOnly day, long rows, IReadOnlyList<PartFile> files, DateTimeOffset exportedAt)
    {
        var temp = Path.Combine(directory, Marker + ".tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("dataset", dataset);
                json.WriteString("dt", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteNumber("rows", rows);
                json.WriteString("exportedAt", exportedAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
                json.WriteStartArray("files");
                foreach (var f in files)
                {
                    json.WriteStartObject();
                    json.WriteString("name", f.Name);
                    json.WriteNumber("rows", f.Rows);
                    json.WriteNumber("bytes", f.Bytes);
                    json.WriteString("sha256", f.Sha256);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(directory, Marker), overwrite: true);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex(@"^part-[0-9]{5}\.(jsonl|csv)\.gz$", RegexOptions.CultureInvariant)]
    private static partial Regex DataFileName();
}
