using System.Net;
using System.Text;
using EDRS.Actors.Outbound;
using Microsoft.Extensions.Options;

namespace EDRS.Actors.Webhooks;

/// <summary>
/// Sends one webhook request: a POST of the JSON body with <see cref="WebhookSignature"/>, the event type, the delivery id
/// and <c>Idempotency-Key</c> = the delivery id (the same on every retry, so a receiver that honours it acts once).
/// Never throws for the receiver's failures: the <see cref="WebhookAttempt"/> says what happened.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory http, IOptions<WebhooksOptions> options, TimeProvider time)
{
    /// <summary>The named HTTP client webhook requests go through (its timeout is <see cref="WebhooksOptions.Timeout"/>).</summary>
    public const string HttpClientName = "edrs-webhooks";

    /// <summary>The error code of a delivery whose URL resolves only into a blocked network (<see cref="OutboundRefusedException"/>): nothing was sent.</summary>
    public const string BlockedNetwork = "blocked_network";

    public async Task<WebhookAttempt> SendAsync(string url, string secret, string eventType, string deliveryId, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(secret, time.GetUtcNow(), body));
        request.Headers.TryAddWithoutValidation(WebhookSignature.EventTypeHeader, eventType);
        request.Headers.TryAddWithoutValidation(WebhookSignature.DeliveryIdHeader, deliveryId);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", deliveryId);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.Timeout);
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
                return new WebhookAttempt(true, status, null, false);
            var retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Conflict;
            return new WebhookAttempt(false, status, $"http_{status}", retryable);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(false, 0, "timeout", true);
        }
        catch (HttpRequestException ex) when (OutboundRefusedException.In(ex) is not null)
        {
            return new WebhookAttempt(false, 0, BlockedNetwork, false);
        }
        catch (HttpRequestException)
        {
            return new WebhookAttempt(false, 0, "connection_failed", true);
        }
    }
}
