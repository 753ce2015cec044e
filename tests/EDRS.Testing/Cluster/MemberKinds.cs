namespace EDRS.Testing.Cluster;

/// <summary>The features (and so the grain kinds) a <see cref="TestMember"/> registers, as a host's Program.cs would.</summary>
[Flags]
public enum MemberKinds
{
    /// <summary>No kinds: a member that only calls grains (a gateway in a cluster).</summary>
    None = 0,
    Personas = 1,
    WorkingMemory = 2,
    Sessions = 4,
    Inbound = 8,

    /// <summary>Long-term memory (its embeddings come from the embedding kind, wherever it is hosted).</summary>
    Memory = 64,

    /// <summary>The inference runner (the model from <see cref="MemberSpec.ModelPath"/>).</summary>
    Inference = 16,

    /// <summary>The embedding runner (all-MiniLM-L6-v2 in-process; the test project needs ICU).</summary>
    Embedding = 32,

    /// <summary>Knowledge collections and their shards (documents, chunks, vector and lexical indexes).</summary>
    Knowledge = 128,

    /// <summary>Tasks (with the reminders their grains use).</summary>
    Tasks = 256,

    /// <summary>The tool registry and what calling tools needs.</summary>
    Tools = 512,

    /// <summary>Workflow templates and instances (with the reminders and tools they use).</summary>
    Workflows = 1024,

    /// <summary>Webhooks out: this member takes its share of the deliveries (needs the journal).</summary>
    Webhooks = 2048,

    /// <summary>What a core member hosts (EDRS.Hosts.Member).</summary>
    Core = Personas | WorkingMemory | Sessions | Inbound | Memory | Knowledge | Tasks | Tools | Workflows | Webhooks,

    /// <summary>What an inference member hosts (EDRS.Hosts.Inference).</summary>
    Models = Inference | Embedding,
}
