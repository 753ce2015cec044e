using Google.Protobuf;
using Grpc.Core;

namespace EDRS.Testing.Qdrant;

/// <summary>Protobuf marshallers over Qdrant.Client's public message types, for the hand-bound double services.</summary>
internal static class QdrantDoubleMarshallers
{
    public static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : IMessage<T> =>
        Marshallers.Create(message => message.ToByteArray(), bytes => parser.ParseFrom(bytes));

    public static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string service, string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse> =>
        new(MethodType.Unary, service, name, For(request), For(response));
}
