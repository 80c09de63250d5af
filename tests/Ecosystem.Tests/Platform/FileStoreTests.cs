using System.Net;
using System.Net.Http.Json;
using Ecosystem.Tests.Architecture;
using Ecosystem.Tests.Infrastructure;

namespace Ecosystem.Tests.Platform;

/// <summary>
/// Files in declared buckets: checked on their bytes before they are stored, kept under ids the platform makes, read
/// back through short-lived signed links. SQLite runs the folder store, PostgreSQL the database store (their defaults).
/// </summary>
public abstract class FileStoreTests(Db db) : AppTest(db)
{
    private static readonly byte[] PngHeader = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly TestClock clock = new(DateTimeOffset.UtcNow);

    /// <summary>The folder store's root for this test alone (SQLite test databases share one folder).</summary>
    private readonly string root = Path.Combine(Path.GetTempPath(), "ecosystem-tests", "files-" + Guid.NewGuid().ToString("N"));

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, settings: Db == Db.Sqlite ? new() { ["Ecosystem:Files:Root"] = root } : null, services: s =>
    {
        s.AddSampleModule();
        EcosystemApp.UseClock(s, clock);
    });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private static byte[] Png(int size)
    {
        var bytes = new byte[size];
        PngHeader.CopyTo(bytes, 0);
        for (var i = PngHeader.Length; i < size; i++) bytes[i] = (byte)(i * 7);
        return bytes;
    }

    private static ByteArrayContent Body(byte[] bytes) => new(bytes) { Headers = { ContentType = new("application/octet-stream") } };

    [Fact]
    public async Task A_stored_file_is_read_back_by_its_link_only_while_the_link_lives_and_only_by_those_who_may()
    {
        if (Db == Db.Sqlite) Assert.False(Directory.Exists(root));
        using var admin = await App.AdminAsync();
        var png = Png(1500);
        var created = await admin.PostAsync("/api/files/sample-media?name=../../etc/logo.png", Body(png));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var file = await created.Json();
        var id = file.GetProperty("id").GetString()!;
        Assert.Equal("image/png", file.GetProperty("contentType").GetString());
        Assert.Equal(1500, file.GetProperty("size").GetInt64());
        Assert.Equal("logo.png", file.GetProperty("name").GetString());

        var anonymous = App.CreateClient();
        var download = await anonymous.GetAsync(file.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
        if (Db == Db.Sqlite) Assert.Equal(png, await File.ReadAllBytesAsync(Path.Combine(root, "sample-media", id)));

        // A customer who may not read the bucket does not learn the file exists.
        using var user = await App.UserAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync($"/api/files/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.PostAsync("/api/files/sample-media", Body(Png(100)))).StatusCode);

        var fresh = await (await admin.GetAsync($"/api/files/{id}")).Json();
        clock.Advance(TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(1)));
        var expired = await anonymous.GetAsync(fresh.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Equal("LINK_EXPIRED", await expired.Code());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/files/not-a-real-token")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync((await (await admin.GetAsync($"/api/files/{id}")).Json()).GetProperty("downloadUrl").GetString())).StatusCode);
    }

    [Fact]
    public async Task Files_over_the_limit_or_of_another_type_are_refused_before_anything_is_stored()
    {
        using var admin = await App.AdminAsync();
        var tooLarge = await admin.PostAsync("/api/files/sample-media?name=big.png", Body(Png(2049)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("FILE_TOO_LARGE", await tooLarge.Code());

        // The name says PNG; the bytes are a PDF, which this bucket does not take.
        var pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"u8.ToArray();
        var wrongType = await admin.PostAsync("/api/files/sample-media?name=photo.png", Body(pdf));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal("FILE_TYPE_NOT_ALLOWED", await wrongType.Code());
        Assert.Contains("PDF documents", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal("FILE_EMPTY", await (await admin.PostAsync("/api/files/sample-media", Body([]))).Code());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/files/..%2F..%2Fetc", Body(Png(100)))).StatusCode);

        var audit = await (await admin.GetAsync("/api/admin/audit?targetType=file")).Json();
        Assert.Empty(audit.GetProperty("items").EnumerateArray());
        if (Db == Db.Sqlite)
        {
            Assert.False(Directory.Exists(root) && Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Any(), "nothing was written to the folder store");
        }
    }
}

public sealed class FileStoreTests_Sqlite() : FileStoreTests(Db.Sqlite);

public sealed class FileStoreTests_Postgres() : FileStoreTests(Db.Postgres);
