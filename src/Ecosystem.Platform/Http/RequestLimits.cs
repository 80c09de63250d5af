using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;

namespace Ecosystem.Platform.Http;

/// <summary>
/// The largest request body any endpoint accepts: <c>Ecosystem:Limits:MaxRequestBodyBytes</c>, default 1 MiB (the
/// events batch contract is 500 KB, checked by its endpoint). A declared larger <c>Content-Length</c> is refused with a
/// 413 <c>PAYLOAD_TOO_LARGE</c> problem before any endpoint runs; a chunked body that grows past the limit is cut off
/// by the server (Kestrel's limit, set to the same value) or, where the server has no limit feature, by a counting
/// stream: either way the endpoint sees a 413 <see cref="BadHttpRequestException"/>, which the exception handler turns
/// into the same problem. Nothing is written: every write happens after the body has been read.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, IConfiguration configuration)
{
    public const long DefaultMaxBytes = 1024 * 1024;

    private readonly long max = MaxBytes(configuration);

    public static long MaxBytes(IConfiguration configuration) => configuration.GetValue("Ecosystem:Limits:MaxRequestBodyBytes", DefaultMaxBytes);

    public async Task InvokeAsync(HttpContext http)
    {
        // An endpoint may declare its own limit (the file upload: its largest bucket's); every other takes the setting.
        var max = http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? this.max;
        if (http.Request.ContentLength > max)
        {
            await Problems.WriteAsync(http, new Error("PAYLOAD_TOO_LARGE", 413, $"The request body is larger than {max / 1024} KB.")).ConfigureAwait(false);
            return;
        }

        var feature = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = max;
        }
        else if (feature is null && http.Request.ContentLength is null)
        {
            http.Request.Body = new LimitedReadStream(http.Request.Body, max);
        }

        await next(http).ConfigureAwait(false);
    }

    /// <summary>Throws a 413 <see cref="BadHttpRequestException"/> once more than the limit has been read.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long total;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => total; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            total += read;
            if (total > limit) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
