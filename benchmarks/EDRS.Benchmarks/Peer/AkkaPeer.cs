using Akka.Actor;
using Akka.Configuration;
using Npgsql;

namespace EDRS.Benchmarks.Peer;

/// <summary>
/// An Akka.NET actor system journaling to PostgreSQL through Akka.Persistence.Sql, configured the way its
/// documentation recommends for throughput: the (batching) SQL journal with <c>parallelism = 3</c> writers and
/// <c>batch-size = 400</c> (its reference configuration: "larger batches may be better if you have a fast/local DB";
/// 400 is the akka-persistence-jdbc default it was ported from), the most specific provider name (PostgreSQL 15, as
/// its README asks), tables created by <c>auto-initialize</c>.
/// </summary>
internal sealed class AkkaPeer : IAsyncDisposable
{
    private AkkaPeer(ActorSystem system, string hocon)
    {
        System = system;
        Hocon = hocon;
    }

    public ActorSystem System { get; }

    /// <summary>The configuration as given to Akka (connection string elided), for the report.</summary>
    public string Hocon { get; }

    public static AkkaPeer Start(string connectionString)
    {
        // Same pool size as EDRS's connection string; Npgsql keyword casing as Npgsql writes it.
        var npgsql = new NpgsqlConnectionStringBuilder(connectionString).ConnectionString.Replace("\"", "\\\"", StringComparison.Ordinal);
        var hocon = """
            akka {
              loglevel = WARNING
              persistence {
                journal {
                  plugin = "akka.persistence.journal.sql"
                  sql {
                    class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                    connection-string = "$CONNECTION"
                    provider-name = "PostgreSQL.15"
                    auto-initialize = true
                    parallelism = 3
                    batch-size = 400
                  }
                }
                query.journal.sql {
                  class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
                  connection-string = "$CONNECTION"
                  provider-name = "PostgreSQL.15"
                }
                snapshot-store {
                  plugin = "akka.persistence.snapshot-store.sql"
                  sql {
                    class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                    connection-string = "$CONNECTION"
                    provider-name = "PostgreSQL.15"
                    auto-initialize = true
                  }
                }
              }
            }
            """;
        var system = ActorSystem.Create("peer", ConfigurationFactory.ParseString(hocon.Replace("$CONNECTION", npgsql, StringComparison.Ordinal)));
        return new AkkaPeer(system, hocon);
    }

    public IActorRef Spawn(string entityId, TaskCompletionSource? recovered = null) =>
        System.ActorOf(Props.Create(() => new PersonaEntity(entityId, recovered)), $"{entityId}-{Guid.NewGuid():N}");

    public async ValueTask DisposeAsync() => await System.Terminate().ConfigureAwait(false);
}
