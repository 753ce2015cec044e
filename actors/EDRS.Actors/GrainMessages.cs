namespace EDRS.Actors;

/// <summary>Descriptors of every protobuf message that crosses the cluster; every member registers all of them.</summary>
public static class GrainMessages
{
    public static IReadOnlyList<Google.Protobuf.Reflection.FileDescriptor> Descriptors { get; } =
    [
        Grains.Contracts.GrainFaultReflection.Descriptor,
        Grains.Contracts.GrainStreamReflection.Descriptor,
        Grains.Contracts.Personas.PersonaReflection.Descriptor,
        // Model grains are hosted on inference nodes only, but every member may call them.
        Grains.Contracts.Embeddings.EmbeddingReflection.Descriptor,
        Grains.Contracts.Memory.WorkingMemoryReflection.Descriptor,
        Grains.Contracts.Memory.MemoryReflection.Descriptor,
        Grains.Contracts.Sessions.SessionReflection.Descriptor,
        Grains.Contracts.Inference.InferenceReflection.Descriptor,
        Grains.Contracts.Events.EventsReflection.Descriptor,
        // Not a grain's: how a process that is no member (the gateway) gets the member list from the members.
        Grains.Contracts.Cluster.TopologyRelayReflection.Descriptor,
        Grains.Contracts.Knowledge.KnowledgeReflection.Descriptor,
        Grains.Contracts.Work.TasksReflection.Descriptor,
        Grains.Contracts.Work.ToolsReflection.Descriptor,
        Grains.Contracts.Work.WorkflowsReflection.Descriptor,
        Google.Protobuf.WellKnownTypes.TimestampReflection.Descriptor,
    ];
}
