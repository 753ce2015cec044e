using EDRS.Benchmarks.DurableCommands;

// One class per benchmark; the first argument picks it.
return args switch
{
    ["durable-commands", .. var rest] => await DurableCommandsBenchmark.RunAsync(rest),
    ["gateway", .. var rest] => await EDRS.Benchmarks.Gateway.GatewayBenchmark.RunAsync(rest),
    ["events", .. var rest] => await EDRS.Benchmarks.Events.EventsBenchmark.RunAsync(rest),
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

          gateway [--quick] [--read-connections N] [--write-connections N]
              REST read path (GET persona) and write path (POST fact, ack after commit) through the real gateway
              binary with auth and rate limits on, against plain Kestrel returning the same JSON; .NET raw-socket
              load generator. Ends with a RESULT line.
              --quick   3 s warm-up + 8 s measured per run (default 10 s + 30 s)

          events [--quick] [--producers N] [--set Section:Key=Value ...]
              External events ingested -> journaled (own stream, dedup) -> routed -> in a persona inbox (durable), 100 personas,
              mixed priorities: events/s and end-to-end latency (closed loop, N producers, default 128), a replay of accepted ids
              (duplicate effects), then saturation: p95 inbox wait of CRITICAL vs LOW. Ends with a RESULT line.
              --quick   4 s warm-up + 12 s measured + 10 s saturation (default 10 + 60 + 30)
        """);
    return 2;
}
