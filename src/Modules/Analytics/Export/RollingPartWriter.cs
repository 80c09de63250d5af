using System.Buffers;
using System.IO.Compression;

namespace Ecosystem.Analytics.Export;

/// <summary>
/// Writes one format of one partition as gzip files <c>part-00000.EXT</c>, <c>part-00001.EXT</c> …, starting a new file
/// every <c>rowsPerFile</c> rows. A file is written under a hidden temporary name (<c>.part-00000.EXT.tmp</c>, which
/// Spark, Hive and a <c>*.EXT</c> glob all ignore), fsynced when closed, and renamed only by <see cref="Publish"/>.
/// Rows are formatted into <see cref="Buffer"/> between <see cref="BeginRow"/> and <see cref="EndRow"/>.
/// Disposing before <see cref="Publish"/> deletes the temporary files.
/// </summary>
internal sealed class RollingPartWriter(string directory, string extension, ReadOnlyMemory<byte> header, int rowsPerFile, CompressionLevel level) : IDisposable
{
    private const int FlushAt = 64 * 1024;
    private readonly List<(PartFile File, string TempPath)> closed = [];
    private FileStream? file;
    private GZipStream? gzip;
    private string? tempPath;
    private long rowsInFile;
    private bool published;

    public ArrayBufferWriter<byte> Buffer { get; } = new(FlushAt * 2);

    public IReadOnlyList<PartFile> Files => closed.Select(c => c.File).ToList();

    public long Rows { get; private set; }

    public void BeginRow()
    {
        if (gzip is not null) return;
        var name = $"part-{closed.Count:D5}.{extension}";
        tempPath = Path.Combine(directory, "." + name + ".tmp");
        file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        gzip = new GZipStream(file, level, leaveOpen: true);
        if (!header.IsEmpty) gzip.Write(header.Span);
    }

    public void EndRow()
    {
        rowsInFile++;
        Rows++;
        if (rowsInFile >= rowsPerFile) CloseFile();
        else if (Buffer.WrittenCount >= FlushAt) FlushBuffer();
    }

    /// <summary>Closes the current file (flush, gzip trailer, fsync) and hashes it.</summary>
    public void Complete()
    {
        if (gzip is not null) CloseFile();
    }

    /// <summary>Renames the finished temporary files to their final names.</summary>
    public void Publish()
    {
        foreach (var (part, temp) in closed) File.Move(temp, Path.Combine(directory, part.Name), overwrite: true);
        published = true;
    }

    public void Dispose()
    {
        gzip?.Dispose();
        file?.Dispose();
        if (published) return;
        if (tempPath is not null) File.Delete(tempPath);
        foreach (var (_, temp) in closed) File.Delete(temp);
    }

    private void FlushBuffer()
    {
        gzip!.Write(Buffer.WrittenSpan);
        Buffer.ResetWrittenCount();
    }

    private void CloseFile()
    {
        FlushBuffer();
        gzip!.Dispose();
        gzip = null;
        file!.Flush(flushToDisk: true);
        var bytes = file.Length;
        file.Dispose();
        file = null;
        var name = $"part-{closed.Count:D5}.{extension}";
        closed.Add((new PartFile(name, rowsInFile, bytes, LakePartition.Sha256Of(tempPath!)), tempPath!));
        tempPath = null;
        rowsInFile = 0;
    }
}
