using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EDRS.Grains.Contracts.Personas;
using Grpc.Core;

namespace EDRS.Benchmarks.Faults;

/// <summary>
/// <c>POST /api/v1/personas/{id}/people/{person}/facts</c> on the gateway process, with the command's request id as its
/// <c>Idempotency-Key</c> and a bearer token of the tenant the load writes to. Answers are mapped back to the status codes
/// the gateway mapped them from (503 UNAVAILABLE, 504 DEADLINE_EXCEEDED, 409 ABORTED, ...), so the checks are the same.
/// </summary>
internal sealed class RestFactSender(HttpClient http, string token) : IFactSender
{
    public string Name => "REST via the gateway";

    public async Task<FactAck> SendAsync(RememberFactRequest request, TimeSpan deadline)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post,
            $"/api/v1/personas/{request.PersonaId}/people/{request.PersonId}/facts")
        {
            Content = JsonContent.Create(new { kind = "preference", subject = request.Subject, text = request.Text }),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Headers.Add("Idempotency-Key", request.RequestId);
        using var timeout = new CancellationTokenSource(deadline);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "no HTTP answer within the deadline"));
        }
        catch (HttpRequestException ex)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"HTTP request failed: {ex.Message}"));
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                var ack = System.Text.Json.JsonSerializer.Deserialize<RestFactAck>(body, System.Text.Json.JsonSerializerOptions.Web)
                          ?? throw new RpcException(new Status(StatusCode.Internal, $"empty acknowledgement: {body}"));
                return new FactAck { PersonaId = ack.PersonaId, PersonId = ack.PersonId, FactId = ack.FactId, Version = ack.Version };
            }
            var status = response.StatusCode switch
            {
                HttpStatusCode.ServiceUnavailable => StatusCode.Unavailable,
                HttpStatusCode.GatewayTimeout => StatusCode.DeadlineExceeded,
                HttpStatusCode.Conflict => StatusCode.Aborted,
                HttpStatusCode.TooManyRequests => StatusCode.ResourceExhausted,
                HttpStatusCode.BadRequest => StatusCode.InvalidArgument,
                _ => StatusCode.Unknown,
            };
            throw new RpcException(new Status(status, $"HTTP {(int)response.StatusCode}: {body}"));
        }
    }
}
