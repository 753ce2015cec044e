using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using EDRS.Testing.Gateway;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using static EDRS.Testing.Grains.Personas;
using Personas = EDRS.Grains.Contracts.Personas.PersonaGrain.PersonaGrainClient;

namespace EDRS.Attacks.Tests.TextAndErrors;

/// <summary>
/// NUL and unpaired surrogates through the gRPC gateway: in a grain rpc's string fields (nested, repeated), in the
/// event's metadata map and in the JSON its payload string holds — INVALID_ARGUMENT with a google.rpc.BadRequest naming
/// the field (proto names), nothing journaled. A string that is not UTF-8 on the wire (a lone surrogate as some encoders
/// write it) is INVALID_ARGUMENT naming the field too — protobuf's parser alone answers UNKNOWN, others turn it into U+FFFD.
/// </summary>
public sealed class PoisonedTextGrpcTests(PoisonGateway gateway) : IClassFixture<PoisonGateway>
{
    public static TheoryData<string, string> PersonaRequests => new()
    {
        // what is poisoned, the field the BadRequest names
        { "text", "text" },
        { "subject", "subject" },
        { "source", "source" },
        { "name", "profile.name" },
        { "skill", "profile.skills[1]" },
    };

    [Theory]
    [MemberData(nameof(PersonaRequests))]
    public async Task A_NUL_in_a_grain_rpc_is_INVALID_ARGUMENT_naming_the_field(string poisoned, string field)
    {
        using var channel = gateway.OpenGrpcChannel();
        var personas = new Personas(await gateway.GrpcForAsync(channel));
        var personaId = $"g-nul-{poisoned}";
        await personas.HireAsync(Hire(personaId));
        var journal = await gateway.Database.JournalAsync("");

        var fact = Remember(personaId, "bob", poisoned == "text" ? "a\0b" : "ok", subject: poisoned == "subject" ? "t\0ea" : "");
        fact.Source = poisoned == "source" ? "1:1\0" : "";
        var profile = poisoned == "name" ? Profile("A\0da") : Profile("Ada", "csharp", "s\0ql");

        var error = await Assert.ThrowsAsync<RpcException>(() => poisoned is "name" or "skill"
            ? personas.UpdateProfileAsync(new UpdateProfileRequest { RequestId = NewRequestId(), PersonaId = personaId, Profile = profile }).ResponseAsync
            : personas.RememberFactAsync(fact).ResponseAsync);

        AssertNames(error, field);
        Assert.Equal(journal, await gateway.Database.JournalAsync(""));
    }

    public static TheoryData<string, string> PoisonedEvents => new()
    {
        // payload JSON or metadata value (prefixed "meta:"), the field the BadRequest names
        { """{"note":"a\u0000b"}""", "payload.note" },
        { """{"note":"\ud800"}""", "payload.note" },
        { """{"a":[{"b":"\udfff"}]}""", "payload.a[0].b" },
        { """{"n\u0000":1}""", "payload" },
        { "meta:a\0b", "metadata.k" },
    };

    [Theory]
    [MemberData(nameof(PoisonedEvents))]
    public async Task A_poisoned_event_published_over_gRPC_is_INVALID_ARGUMENT_naming_the_field(string poison, string field)
    {
        using var channel = gateway.OpenGrpcChannel();
        var ingestion = new EventIngestion.EventIngestionClient(await gateway.GrpcForAsync(channel));
        var e = Poisoned(poison);

        var error = await Assert.ThrowsAsync<RpcException>(() => ingestion.PublishAsync(e).ResponseAsync);

        AssertNames(error, field);
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id like $1", $"%{e.EventId}"));
    }

    [Fact]
    public async Task A_poisoned_event_in_a_stream_is_refused_alone_naming_the_field()
    {
        using var channel = gateway.OpenGrpcChannel();
        var ingestion = new EventIngestion.EventIngestionClient(await gateway.GrpcForAsync(channel));
        var clean = Poisoned("""{"note":"fine"}""");
        var poisoned = Poisoned("""{"note":"a\u0000b"}""");

        using var call = ingestion.PublishStream();
        await call.RequestStream.WriteAsync(clean);
        await call.RequestStream.WriteAsync(poisoned);
        await call.RequestStream.CompleteAsync();
        var reply = await call.ResponseAsync;

        Assert.Equal((1, 1), (reply.Accepted, reply.Refused));
        Assert.Equal(((int)StatusCode.InvalidArgument, "payload.note"), (reply.Results[1].ErrorCode, reply.Results[1].ErrorField));
        Assert.Equal(0, await gateway.Database.CountAsync("select count(*) from mt_streams where id like $1", $"%{poisoned.EventId}"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_string_that_is_not_UTF8_on_the_wire_is_INVALID_ARGUMENT_naming_the_field(bool gzip)
    {
        using var channel = gateway.OpenGrpcChannel();
        var invoker = await gateway.GrpcForAsync(channel);
        var personas = new Personas(invoker);
        var personaId = gzip ? "g-wire-gzip" : "g-wire";
        await personas.HireAsync(Hire(personaId));
        var journal = await gateway.Database.JournalAsync("");
        // U+4E2D is three bytes in UTF-8 (E4 B8 AD); swapped for ED A0 80, the three bytes an encoder that does not check
        // writes for the lone surrogate U+D800 (CESU-8/WTF-8). Not UTF-8: protobuf parsers must not take it as a string.
        var bytes = Remember(personaId, "bob", "a\u4e2db").ToByteArray();
        var at = bytes.AsSpan().IndexOf([(byte)0xE4, (byte)0xB8, (byte)0xAD]);
        bytes[at] = 0xED;
        bytes[at + 1] = 0xA0;
        bytes[at + 2] = 0x80;
        var raw = new Method<byte[], FactAck>(MethodType.Unary, PersonaGrain.Descriptor.FullName, "RememberFact",
            Marshallers.Create(b => b, b => b), Marshallers.Create(m => m.ToByteArray(), FactAck.Parser.ParseFrom));

        // Compressed, it must be checked all the same (gzip is what gRPC clients send when asked to compress).
        var headers = gzip ? new Metadata { { "grpc-internal-encoding-request", "gzip" } } : null;

        var error = await Assert.ThrowsAsync<RpcException>(() => invoker.AsyncUnaryCall(raw, null, new CallOptions(headers), bytes).ResponseAsync);

        AssertNames(error, "text");
        Assert.Equal(journal, await gateway.Database.JournalAsync(""));
    }

    private static BaseEvent Poisoned(string poison)
    {
        var e = new BaseEvent
        {
            EventId = InboundApi.NewEventId(),
            Source = "grpc",
            EventType = "poison.grpc",
            Priority = EventPriority.Normal,
            Payload = poison.StartsWith("meta:", StringComparison.Ordinal) ? "{}" : poison,
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        };
        if (poison.StartsWith("meta:", StringComparison.Ordinal))
            e.Metadata["k"] = poison["meta:".Length..];
        return e;
    }

    private static void AssertNames(RpcException error, string field)
    {
        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{error.StatusCode}: {error.Status.Detail}");
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Contains(badRequest.FieldViolations, v => v.Field == field);
    }
}
