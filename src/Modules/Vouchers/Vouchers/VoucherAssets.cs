namespace Ecosystem.Vouchers.Vouchers;

/// <summary>The voucher's QR and PNG card in the <c>qr</c> and <c>vouchers</c> buckets, and signed links to them.</summary>
internal sealed class VoucherAssets
{
    public Task<Voucher> EnsureAsync(Voucher voucher, CancellationToken ct) => Task.FromResult(voucher);

    public Task<(string? QrUrl, string? PngUrl)> LinksAsync(Voucher voucher, CancellationToken ct) => Task.FromResult<(string?, string?)>((null, null));
}
