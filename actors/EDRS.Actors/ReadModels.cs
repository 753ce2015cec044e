using EDRS.Actors.Knowledge.Directory;
using EDRS.Actors.Personas.Directory;
using EDRS.Actors.Tasks.Board;
using Marten;

namespace EDRS.Actors;

/// <summary>The read models (Marten projections) every host's store declares, so each host's schema is the same.</summary>
public static class ReadModels
{
    public static void Configure(StoreOptions store)
    {
        PersonaDirectory.Configure(store);
        KnowledgeCollectionDirectory.Configure(store);
        TaskBoard.Configure(store);
    }
}
