using System.Text.Json.Nodes;

namespace EDRS.Cluster.Kubernetes.Tests.FakeKubernetesApi;

/// <summary>RFC 7386 JSON merge patch, as the API server applies <c>application/merge-patch+json</c>.</summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
            return patch?.DeepClone();
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
                result.Remove(key);
            else
                result[key] = Apply(result[key]?.DeepClone(), value);
        }

        return result;
    }
}
