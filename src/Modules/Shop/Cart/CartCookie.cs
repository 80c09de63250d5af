using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ecosystem.Shop.Cart;

/// <summary>
/// The anonymous cart's cookie: a random token (32 bytes) the browser keeps for 30 days; the database keeps only its
/// SHA-256, so a copy of the database opens no cart. HttpOnly, SameSite=Lax, Secure over HTTPS.
/// </summary>
internal static class CartCookie
{
    public const string Name = "eco_cart";

    public static string? Read(HttpContext http) =>
        http.Request.Cookies.TryGetValue(Name, out var token) && token is { Length: >= 40 and <= 64 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? token : null;

    public static void Issue(HttpContext http, string token)
    {
        http.Response.Cookies.Append(Name, token, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, Path = "/", MaxAge = TimeSpan.FromDays(30), IsEssential = true,
        });
    }

    public static void Clear(HttpContext http) => http.Response.Cookies.Delete(Name, new CookieOptions { Path = "/" });

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
