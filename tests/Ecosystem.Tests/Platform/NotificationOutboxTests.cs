using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Ecosystem.Platform;
using Ecosystem.Platform.Data;
using Ecosystem.Platform.Notifications;
using Ecosystem.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Ecosystem.Tests.Platform;

/// <summary>The shared notification outbox: written with the change that sends it, sent once, retried with its error.</summary>
public abstract class NotificationOutboxTests(Db db) : AppTest(db)
{
    private readonly TestClock clock = new(DateTimeOffset.UtcNow);
    private readonly RecordingSender recorder = new();

    protected override Task<EcosystemApp> StartAsync() => EcosystemApp.StartAsync(Db, services: s =>
    {
        EcosystemApp.UseClock(s, clock);
        s.AddSingleton<INotificationSender>(recorder);
        s.AddModule("notetest", typeof(NotificationOutboxTests))
            .NotificationTemplate("test.welcome", NotificationChannel.Email, "Welcome, {{ name }}", "Hi {{ name }}, your code is {{ code }}.", ["name", "code"]);
    });

    /// <summary>Queues in a unit of work of its own that keeps its writes only when <paramref name="keep"/>.</summary>
    private async Task<string> QueueAsync(string recipient, string name, bool keep = true)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var dbc = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        string id = "";
        await scope.ServiceProvider.GetRequiredService<Transactions>().RunAsync<bool>(dbc, async c =>
        {
            id = notifier.Queue(dbc, "test.welcome", recipient, new Dictionary<string, string> { ["name"] = name, ["code"] = "{{ code }} & <b>" }).Id;
            await dbc.SaveChangesAsync(c);
            return keep ? true : Error.Conflict("CHANGED_MIND", "The state change was refused after the message was queued.");
        }, CancellationToken.None);
        return id;
    }

    private async Task<NotificationMessage?> FindAsync(string id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().NotificationOutbox.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id);
    }

    private async Task RelayAsync()
    {
        await App.Services.GetRequiredService<NotificationRelay>().RelayOnceAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_message_is_rendered_from_its_template_sent_once_and_listed_as_the_recipient_reads_it()
    {
        var id = await QueueAsync("ada@example.com", "Ada");
        await RelayAsync();
        var sent = await FindAsync(id);
        Assert.Equal((NotificationStatus.Sent, "recording"), (sent!.Status, sent.SentVia));
        // Variables are text: a value that looks like template code or HTML is written as it is.
        Assert.Equal(("Welcome, Ada", "Hi Ada, your code is {{ code }} & <b>."), (sent.Subject, sent.Body));
        Assert.Equal(1, recorder.Count(id));

        var admin = await App.AdminAsync();
        var listed = await (await admin.GetAsync("/api/admin/notifications?module=notetest")).Json();
        var item = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal(("ada@example.com", "sent", "email"), (item.GetProperty("recipient").GetString(), item.GetProperty("status").GetString(), item.GetProperty("channel").GetString()));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await (await App.UserAsync()).GetAsync("/api/admin/notifications")).StatusCode);
    }

    [Fact]
    public async Task A_message_queued_in_a_unit_that_rolls_back_is_never_sent()
    {
        var id = await QueueAsync("bob@example.com", "Bob", keep: false);
        await RelayAsync();
        Assert.Null(await FindAsync(id));
        Assert.Equal(0, recorder.Count(id));
    }

    [Fact]
    public async Task A_failed_send_shows_its_error_is_retried_after_its_backoff_and_fails_for_good_after_the_last_attempt()
    {
        recorder.FailWith = "mailbox unavailable";
        var id = await QueueAsync("carol@example.com", "Carol");
        await RelayAsync();
        var failed = await FindAsync(id);
        Assert.Equal((NotificationStatus.Retrying, 1), (failed!.Status, failed.Attempts));
        Assert.Contains("mailbox unavailable", failed.LastError, StringComparison.Ordinal);

        await RelayAsync(); // not due yet: nothing is tried
        Assert.Equal(1, (await FindAsync(id))!.Attempts);

        recorder.FailWith = null;
        clock.Advance(NotificationRelay.Backoff(1) + TimeSpan.FromSeconds(1));
        await RelayAsync();
        Assert.Equal(NotificationStatus.Sent, (await FindAsync(id))!.Status);
        Assert.Equal(1, recorder.Count(id));

        recorder.FailWith = "still down";
        var doomed = await QueueAsync("dan@example.com", "Dan");
        for (var attempt = 1; attempt <= NotificationRelay.MaxAttempts; attempt++)
        {
            await RelayAsync();
            clock.Advance(NotificationRelay.Backoff(attempt) + TimeSpan.FromSeconds(1));
        }

        var dead = await FindAsync(doomed);
        Assert.Equal((NotificationStatus.Failed, NotificationRelay.MaxAttempts), (dead!.Status, dead.Attempts));
        Assert.Contains("still down", dead.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_relays_running_at_once_send_each_message_once()
    {
        var ids = new List<string>();
        for (var i = 0; i < 40; i++) ids.Add(await QueueAsync($"p{i}@example.com", "P" + i));
        var relays = Enumerable.Range(0, 3).Select(_ => ActivatorUtilities.CreateInstance<NotificationRelay>(App.Services)).ToList();
        await Task.WhenAll(relays.Select(r => Task.Run(async () =>
        {
            for (var pass = 0; pass < 20 && ids.Any(id => recorder.Count(id) == 0); pass++) await r.RelayOnceAsync(CancellationToken.None);
        })));

        Assert.All(ids, id => Assert.Equal(1, recorder.Count(id)));

        // The app's own background relay may have sent the last one and still be writing its "sent" row: wait for it.
        var sent = 0;
        for (var i = 0; i < 100 && sent < 40; i++)
        {
            await using var scope = App.Services.CreateAsyncScope();
            sent = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().NotificationOutbox.CountAsync(n => ids.Contains(n.Id) && n.Status == NotificationStatus.Sent && n.Attempts == 1);
            if (sent < 40) await Task.Delay(100);
        }

        Assert.Equal(40, sent);
    }
}

public sealed class NotificationOutboxTests_Sqlite() : NotificationOutboxTests(Db.Sqlite);

public sealed class NotificationOutboxTests_Postgres() : NotificationOutboxTests(Db.Postgres);

/// <summary>Stands in for a channel's provider: counts what it was asked to send, or fails as told.</summary>
public sealed class RecordingSender : INotificationSender
{
    private readonly ConcurrentDictionary<string, int> sends = new();

    public volatile string? FailWith;

    public string Channel => NotificationChannel.Email;

    public string Name => "recording";

    public int Count(string id) => sends.GetValueOrDefault(id);

    public async Task<string?> SendAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (FailWith is { } error) throw new InvalidOperationException(error);
        sends.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
        return "rec-" + message.Id;
    }
}

/// <summary>The real SMTP adapter (MailKit) against an SMTP server this test starts on loopback.</summary>
public sealed class SmtpNotificationTests : IAsyncLifetime
{
    private readonly CapturingStore store = new();
    private readonly CancellationTokenSource stop = new();
    private readonly int port = FreePort();
    private EcosystemApp app = null!;
    private Task server = Task.CompletedTask;

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask InitializeAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        server = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
        app = await EcosystemApp.StartAsync(Db.Sqlite, settings: new()
        {
            ["Notifications:Email:Provider"] = "smtp",
            ["Notifications:Email:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Notifications:Email:Smtp:Security"] = "none",
            ["Notifications:Email:Smtp:From"] = "Ecosystem <no-reply@ecosystem.test>",
            ["Notifications:Email:Smtp:TimeoutSeconds"] = "5",
        }, services: s => s.AddModule("notetest", typeof(SmtpNotificationTests))
            .NotificationTemplate("test.receipt", NotificationChannel.Email, "Your receipt {{ number }}", "Thank you, {{ name }}. Receipt {{ number }} is attached to your account.", ["name", "number"]));
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await stop.CancelAsync();
        try { await server; } catch (OperationCanceledException) { }
        stop.Dispose();
    }

    private async Task<string> QueueAsync(string number)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var dbc = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var id = "";
        await scope.ServiceProvider.GetRequiredService<Transactions>().RunAsync<bool>(dbc, async c =>
        {
            id = scope.ServiceProvider.GetRequiredService<Notifier>().Queue(dbc, "test.receipt", "erin@example.com", new Dictionary<string, string> { ["name"] = "Erin", ["number"] = number }).Id;
            await dbc.SaveChangesAsync(c);
            return true;
        }, CancellationToken.None);
        return id;
    }

    [Fact]
    public async Task An_email_goes_out_over_SMTP_and_a_refusing_server_leaves_it_retrying_with_the_error()
    {
        var id = await QueueAsync("R-1001");
        await app.Services.GetRequiredService<NotificationRelay>().RelayOnceAsync(CancellationToken.None);

        var mail = Assert.Single(store.Messages);
        Assert.Equal("Your receipt R-1001", mail.Subject);
        Assert.Equal("erin@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Equal("no-reply@ecosystem.test", mail.From.Mailboxes.Single().Address);
        Assert.Contains("Thank you, Erin. Receipt R-1001", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(id, mail.Headers["X-Ecosystem-Notification"]);

        store.Refuse = true;
        var refused = await QueueAsync("R-1002");
        await app.Services.GetRequiredService<NotificationRelay>().RelayOnceAsync(CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().NotificationOutbox.AsNoTracking().SingleAsync(n => n.Id == refused);
        Assert.Equal(NotificationStatus.Retrying, row.Status);
        Assert.Contains("mailbox full", row.LastError, StringComparison.Ordinal);
        Assert.Single(store.Messages);
    }

    private sealed class CapturingStore : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public volatile bool Refuse;

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Refuse) return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "mailbox full");
            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
