using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Google.Protobuf;
using Grpc.Core;
using Client = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Hosts.Gateway.Tests.Grpc;

/// <summary>The client's deadline bounds the cluster call: a grain stuck on the journal answers DEADLINE_EXCEEDED at the deadline, not after the 5 s default.</summary>
public sealed class DeadlineTests(KestrelGateway gateway) : IClassFixture<KestrelGateway>
{
    [Fact]
    public async Task A_call_to_a_grain_stuck_on_the_journal_ends_with_DEADLINE_EXCEEDED_at_the_clients_deadline()
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Client(await gateway.GrpcForAsync(channel, TestClients.Default));
        var clock = Stopwatch.StartNew();
        RpcException error;
        await using (await JournalLock.TakeAsync(gateway))
        {
            // A persona never called before: its activation must read the (locked) journal to recover (its stream's version at least).
            error = await Assert.ThrowsAsync<RpcException>(() => personas.GetPersonaAsync(
                new GetPersonaRequest { PersonaId = "deadline-cold" }, deadline: DateTime.UtcNow.AddMilliseconds(400)).ResponseAsync);
        }

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(350), TimeSpan.FromSeconds(2));
        // Once the journal is free the grain answers again.
        var later = await Assert.ThrowsAsync<RpcException>(() => personas.GetPersonaAsync(new GetPersonaRequest { PersonaId = "deadline-cold" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, later.StatusCode);
    }

    /// <summary>
    /// Grpc.Net.Client enforces a deadline on its own too, so this call is made by hand over h2c with only the
    /// <c>grpc-timeout</c> header: the DEADLINE_EXCEEDED it gets can only come from the gateway.
    /// </summary>
    [Fact]
    public async Task The_gateway_itself_ends_the_call_at_the_grpc_timeout_it_was_sent()
    {
        var token = await gateway.TokenAsync(TestClients.Default);
        using var http = new HttpClient();
        var message = new GetPersonaRequest { PersonaId = "deadline-raw" }.ToByteArray();
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{gateway.GrpcPort}/edrs.personas.v1.PersonaGrain/GetPersona")
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("grpc-timeout", "300m");
        request.Headers.Authorization = new("Bearer", token);
        var clock = Stopwatch.StartNew();

        HttpResponseMessage response;
        await using (await JournalLock.TakeAsync(gateway))
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        }

        using (response)
        {
            Assert.True(response.Headers.Contains("grpc-status") || response.TrailingHeaders.Contains("grpc-status"),
                $"{(int)response.StatusCode} {response.Version} headers: {response.Headers} {response.Content.Headers} trailers: {response.TrailingHeaders} body: {await response.Content.ReadAsStringAsync()}");
            var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
                : response.Headers.GetValues("grpc-status").Single();
            Assert.Equal(((int)StatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture), status);
        }
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
    }
}
