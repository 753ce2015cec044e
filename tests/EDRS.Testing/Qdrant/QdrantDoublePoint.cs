using Google.Protobuf.Collections;
using Qdrant.Client.Grpc;

namespace EDRS.Testing.Qdrant;

/// <summary>A point as the double stores it: id, the (cosine-normalised) vector, the payload.</summary>
public sealed record QdrantDoublePoint(PointId Id, float[] Vector, MapField<string, Value> Payload);
