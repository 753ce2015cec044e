using EDRS.Grains.Contracts.Memory;

namespace EDRS.Actors.WorkingMemory;

/// <summary>The contract's <see cref="ItemPriority"/> and the domain's <see cref="MemoryPriority"/>, both ways (for grain edges).</summary>
public static class ItemPriorities
{
    /// <summary>The domain priority (UNSPECIFIED means the default, normal); null for a value the domain does not know.</summary>
    public static MemoryPriority? FromContract(ItemPriority priority) => priority switch
    {
        ItemPriority.Unspecified or ItemPriority.Normal => MemoryPriority.Normal,
        ItemPriority.Lowest => MemoryPriority.Lowest,
        ItemPriority.Low => MemoryPriority.Low,
        ItemPriority.High => MemoryPriority.High,
        ItemPriority.Highest => MemoryPriority.Highest,
        _ => null,
    };

    public static ItemPriority ToContract(MemoryPriority priority) => (ItemPriority)(int)priority;
}
