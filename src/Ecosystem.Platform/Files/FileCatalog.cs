using System.Text.RegularExpressions;

namespace Ecosystem.Platform.Files;

/// <summary>Every bucket the modules declared, by name (lower case letters, digits and hyphens).</summary>
public sealed partial class FileCatalog
{
    private readonly Dictionary<string, FileBucket> byName = new(StringComparer.Ordinal);

    public FileCatalog(IEnumerable<FileBucket> buckets)
    {
        foreach (var bucket in buckets)
        {
            if (!NamePattern().IsMatch(bucket.Name)) throw new InvalidOperationException($"'{bucket.Name}' is not a bucket name (a-z, 0-9 and -, at most 40 characters).");
            if (bucket.MaxBytes <= 0) throw new InvalidOperationException($"The bucket '{bucket.Name}' needs a positive size limit.");
            if (bucket.ContentTypes.Count == 0) throw new InvalidOperationException($"The bucket '{bucket.Name}' takes no content type.");
            if (!byName.TryAdd(bucket.Name, bucket)) throw new InvalidOperationException($"The bucket '{bucket.Name}' is declared twice ({byName[bucket.Name].Module}, {bucket.Module}).");
        }
    }

    public IReadOnlyCollection<FileBucket> All => byName.Values;

    /// <summary>The largest file any bucket takes (the upload endpoint's body limit).</summary>
    public long LargestFile => byName.Count == 0 ? 0 : byName.Values.Max(b => b.MaxBytes);

    public FileBucket? Find(string name) => byName.GetValueOrDefault(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
