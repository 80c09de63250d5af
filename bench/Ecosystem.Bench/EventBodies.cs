using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Ecosystem.Bench;

/// <summary>
/// Writes request bodies: a realistic mix of client events (70 % com.ecosystem.shell.navigation.clicked with
/// metadata {"target": ...}, 30 % com.ecosystem.web.page.viewed with metadata {}), each with a unique eventId,
/// occurredAt ≈ now and a userEcosystemId drawn from usr_bench_0001..usr_bench_NNNN. One writer per connection:
/// the buffer is reused once the previous request has been answered.
/// </summary>
internal sealed class EventBodies(int users, string runId)
{
    private static readonly string[] Targets = ["/app", "/app/card", "/app/card/purchases", "/app/profile", "/admin", "/admin/events", "/admin/cards", "/admin/users"];
    private long sequence;

    public int Users { get; } = users;

    public string UserId(int i) => "usr_bench_" + (i + 1).ToString("D4", CultureInfo.InvariantCulture);

    public Writer NewWriter() => new(this);

    private string NextEventId() => $"evt_bench_{runId}_{Interlocked.Increment(ref sequence).ToString("x", CultureInfo.InvariantCulture)}";

    internal sealed class Writer(EventBodies owner)
    {
        private readonly ArrayBufferWriter<byte> buffer = new(128 * 1024);
        private readonly Random random = new();

        /// <summary>{"events":[...]} with <paramref name="count"/> events; <paramref name="probeUser"/>, when set, owns the first event.</summary>
        public ReadOnlyMemory<byte> Batch(int count, string? probeUser = null)
        {
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer))
            {
                var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                w.WriteStartObject();
                w.WriteStartArray("events");
                for (var i = 0; i < count; i++) WriteEvent(w, now, i == 0 ? probeUser : null);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            return buffer.WrittenMemory;
        }

        /// <summary>One event object, for POST /api/events.</summary>
        public ReadOnlyMemory<byte> Single()
        {
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer))
            {
                WriteEvent(w, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), null);
            }

            return buffer.WrittenMemory;
        }

        private void WriteEvent(Utf8JsonWriter w, string now, string? user)
        {
            w.WriteStartObject();
            w.WriteString("eventId", owner.NextEventId());
            var navigation = random.Next(10) < 7;
            w.WriteString("eventName", navigation ? "com.ecosystem.shell.navigation.clicked" : "com.ecosystem.web.page.viewed");
            w.WriteString("occurredAt", now);
            w.WriteString("userEcosystemId", user ?? owner.UserId(random.Next(owner.Users)));
            w.WriteStartObject("metadata");
            if (navigation) w.WriteString("target", Targets[random.Next(Targets.Length)]);
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }
}
