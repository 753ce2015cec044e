using EDRS.Testing.Cluster;
using EDRS.Testing.Models;

namespace EDRS.Models.Tests.Inference;

/// <summary>
/// The development topology the inference tests run on: one member hosting the core kinds and the inference runner,
/// serving the tiny GGUF model unless the settings say otherwise (MODEL_PATH, OPENAI_BASE_URL, ...).
/// </summary>
internal static class DevelopmentNode
{
    public static MemberSpec Spec(string journal, IReadOnlyDictionary<string, string?>? settings = null) => new()
    {
        Journal = journal,
        Kinds = MemberKinds.Core | MemberKinds.Inference,
        ModelPath = TinyModel.Path,
        Settings = settings ?? new Dictionary<string, string?>(),
    };

    public static Task<TestMember> StartAsync(string journal, IReadOnlyDictionary<string, string?>? settings = null) =>
        TestMember.StartAsync(Spec(journal, settings));
}
