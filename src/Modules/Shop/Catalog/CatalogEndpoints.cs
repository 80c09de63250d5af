using Ecosystem.Platform;
using Ecosystem.Platform.Files;
using Ecosystem.Platform.Http;
using Ecosystem.Shop.Pricing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ecosystem.Shop.Catalog;

/// <summary>The catalog: read by anyone under <c>/shop</c>, edited by catalog admins under <c>/admin/shop/products</c>; product images at <c>/shop/media/{id}</c>.</summary>
internal static class CatalogEndpoints
{
    public static void Map(RouteGroupBuilder open, RouteGroupBuilder catalogAdmin, IEndpointRouteBuilder root)
    {
        open.MapGet("/products", ListProducts).WithName("ListShopProducts");
        open.MapGet("/products/{slug}", GetProduct).WithName("GetShopProduct");
        open.MapPost("/price", Price).WithName("PriceShopItems");
        catalogAdmin.MapGet("/products", ListAllProducts).WithName("ListCatalogProducts");
        catalogAdmin.MapPost("/products", CreateProduct).WithName("CreateCatalogProduct");
        catalogAdmin.MapPut("/products/{slug}", ReplaceProduct).WithName("ReplaceCatalogProduct");
        root.MapGet("/shop/media/{mediaId}", Media).AllowAnonymous().RequireRateLimiting(RateLimits.Public).WithTags("Shop").WithName("GetShopMedia");
    }

    private static async Task<Ok<ItemsResponse<ProductResponse>>> ListProducts(string? category, CatalogService catalog, CancellationToken ct) =>
        TypedResults.Ok(new ItemsResponse<ProductResponse>(await catalog.ListAsync(false, category, ct).ConfigureAwait(false)));

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetProduct(string slug, CatalogService catalog, CancellationToken ct) =>
        (await catalog.GetAsync(slug, false, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Results<Ok<PriceQuote>, ProblemHttpResult>> Price(PriceRequest request, PricingService pricing, CancellationToken ct) =>
        (await pricing.QuoteAsync(request, ct).ConfigureAwait(false)).ToOk();

    private static async Task<Ok<ItemsResponse<ProductResponse>>> ListAllProducts(CatalogService catalog, CancellationToken ct) =>
        TypedResults.Ok(new ItemsResponse<ProductResponse>(await catalog.ListAsync(true, null, ct).ConfigureAwait(false)));

    private static async Task<Results<Created<ProductResponse>, ProblemHttpResult>> CreateProduct(ProductRequest request, CatalogService catalog, CancellationToken ct)
    {
        var result = await catalog.SaveAsync(null, request, ct).ConfigureAwait(false);
        return result.IsSuccess ? TypedResults.Created($"/api/shop/products/{result.Value!.Slug}", result.Value) : Problems.For(result.Error!);
    }

    private static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> ReplaceProduct(string slug, ProductRequest request, CatalogService catalog, CancellationToken ct) =>
        (await catalog.SaveAsync(slug, request, ct).ConfigureAwait(false)).ToOk();

    /// <summary>A product image: catalog images are public, so this answers a fresh short-lived link to the file.</summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> Media(string mediaId, CatalogService catalog, FileService files, CancellationToken ct)
    {
        if (mediaId.Length > 40 || await catalog.MediaFileAsync(mediaId, ct).ConfigureAwait(false) is not { } fileId) return Problems.For(Error.NotFound("MEDIA_NOT_FOUND", "There is no such image."));
        var file = await files.GetAsync(fileId, "anonymous", [], ct).ConfigureAwait(false);
        return file.IsSuccess ? TypedResults.Redirect(file.Value!.DownloadUrl) : Problems.For(file.Error!);
    }
}
