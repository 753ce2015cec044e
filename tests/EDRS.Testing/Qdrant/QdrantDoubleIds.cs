using Grpc.Core;
using Qdrant.Client.Grpc;

namespace EDRS.Testing.Qdrant;

/// <summary>Point ids as Qdrant treats them: integers before UUIDs, UUIDs parsed (so any spelling of one UUID is one id).</summary>
internal static class QdrantDoubleIds
{
    public static string Key(PointId id) => id.PointIdOptionsCase switch
    {
        PointId.PointIdOptionsOneofCase.Num => $"0:{id.Num:D20}",
        PointId.PointIdOptionsOneofCase.Uuid => Guid.TryParse(id.Uuid, out var uuid)
            ? $"1:{uuid:D}"
            : throw new RpcException(new Status(StatusCode.InvalidArgument, $"Unable to parse UUID: {id.Uuid}")),
        _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "Wrong input: point id is empty")),
    };
}
