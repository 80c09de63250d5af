using System.Collections.Concurrent;

namespace Ecosystem.Analytics.WriteKeys;

internal sealed class WriteKeyCache
{
    private readonly ConcurrentDictionary<string, (WriteKeySource? Source, DateTimeOffset Until)> entries = new(StringComparer.Ordinal);

    public bool TryGet(string hash, DateTimeOffset now, out WriteKeySource? source)
    {
        if (entries.TryGetValue(hash, out var e) && e.Until > now)
        {
            source = e.Source;
            return true;
        }

        source = null;
        return false;
    }

    public void Put(string hash, WriteKeySource? source, DateTimeOffset until)
    {
        if (entries.Count > 10_000) entries.Clear();
        entries[hash] = (source, until);
    }

    public void Forget(string hash) => entries.TryRemove(hash, out _);
}
