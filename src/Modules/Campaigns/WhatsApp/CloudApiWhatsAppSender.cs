using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ecosystem.Campaigns.Sending;

namespace Ecosystem.Campaigns.WhatsApp;

/// <summary>
/// The WhatsApp Cloud API (<c>Campaigns:WhatsApp:Provider=cloud</c>): <c>POST {BaseUrl}{PhoneNumberId}/messages</c> with a
/// template message (language, body variables as text parameters, the template's media as an image header), bearer
/// token. A 2xx answer's <c>messages[0].id</c> is the message id; an error's <c>error.code</c> is kept (130429 and 131056
/// throttle, 5xx and timeouts are transient, anything else is permanent). Statuses arrive at the webhook inbox.
/// </summary>
internal sealed class CloudApiWhatsAppSender(HttpClient http, WhatsAppOptions options) : IWhatsAppSender
{
    public string Name => "cloud";

    public async Task<IReadOnlyList<SendOutcome>> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken ct)
    {
        var outcomes = new SendOutcome[messages.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, messages.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, c) => outcomes[i] = await SendOneAsync(messages[i], c).ConfigureAwait(false)).ConfigureAwait(false);
        return outcomes;
    }

    public Task ReportAsync(CancellationToken ct) => Task.CompletedTask;

    private async Task<SendOutcome> SendOneAsync(OutgoingMessage m, CancellationToken ct)
    {
        var components = new List<object>();
        if (m.Template.MediaUrl is { Length: > 0 } media) components.Add(new { type = "header", parameters = new[] { new { type = "image", image = new { link = media } } } });
        if (m.Variables.Count > 0) components.Add(new { type = "body", parameters = m.Variables.Select(v => new { type = "text", text = v ?? "" }).ToArray() });
        var payload = new
        {
            messaging_product = "whatsapp",
            to = m.To.TrimStart('+'),
            type = "template",
            template = new { name = m.Template.Name, language = new { code = m.Template.Language }, components },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUrl, $"{options.PhoneNumberId}/messages")) { Content = JsonContent.Create(payload) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AccessToken);
        try
        {
            using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false) is { Length: > 0 } bytes ? bytes : "{}"u8.ToArray());
            var root = doc.RootElement;
            if (response.IsSuccessStatusCode && root.TryGetProperty("messages", out var sent) && sent.ValueKind == JsonValueKind.Array && sent.GetArrayLength() > 0
                && sent[0].TryGetProperty("id", out var id) && id.GetString() is { Length: > 0 } messageId)
            {
                return SendOutcome.Sent(messageId);
            }

            var code = root.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var c) ? c.ToString() : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var transient = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests || SendPolicy.ThrottleCodes.Contains(code);
            return SendOutcome.Error(code, transient);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            // Whether Meta took the message is not known: the dispatcher records it so and does not resend (ADR 0028).
            return SendOutcome.Error("NO_ANSWER", transient: false);
        }
    }
}
