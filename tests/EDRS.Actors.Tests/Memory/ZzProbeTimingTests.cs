using System.Diagnostics;
using System.Text.Json;
using EDRS.Actors.Embeddings;
using EDRS.Actors.Memory;
using EDRS.Grains.Contracts.Memory;
using EDRS.Testing;
using EDRS.Testing.Cluster;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EDRS.Actors.Tests.Memory;

public sealed class ZzProbeTimingTests(TestDatabase database, ITestOutputHelper output) : IClassFixture<TestDatabase>
{
    [Fact]
    public async Task Probe()
    {
        await using var member = await TestMember.StartAsync(new MemberSpec { Journal = database.ConnectionString, Kinds = MemberKinds.Core | MemberKinds.Embedding });
        using var doc = JsonDocument.Parse(File.ReadAllText("/work/main/benchmarks/EDRS.Benchmarks/Memory/Data/memory-eval.json"));
        var persona = "iris-support";
        var memory = member.Grains.Memory("acme", persona);
        foreach (var m in doc.RootElement.GetProperty("memories").EnumerateArray().Where(m => m.GetProperty("personaId").GetString() == persona))
            await memory.RememberAsync(new RememberMemoryRequest { RequestId = Guid.NewGuid().ToString("N"), Text = m.GetProperty("text").GetString(), PersonId = m.GetProperty("personId").GetString() ?? "", OccurredAt = Timestamp.FromDateTimeOffset(m.GetProperty("occurredAt").GetDateTimeOffset()) });
        var questions = doc.RootElement.GetProperty("questions").EnumerateArray().Where(q => q.GetProperty("personaId").GetString() == persona).Select(q => (q.GetProperty("text").GetString()!, q.GetProperty("askedAt").GetDateTimeOffset())).ToList();
        var port = member.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var one = new List<double>(); var two = new List<double>(); var search = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            one.Clear(); two.Clear(); search.Clear();
            foreach (var (q, at) in questions)
            {
                var sw = Stopwatch.StartNew();
                await port.GenerateAsync([q], EmbeddingInputs.ForQueries());
                one.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                await port.GenerateAsync([q, q + " x"], EmbeddingInputs.ForQueries());
                two.Add(sw.Elapsed.TotalMilliseconds);
                sw.Restart();
                await memory.SearchAsync(new SearchMemoriesRequest { Query = q, K = 10, AsOf = Timestamp.FromDateTimeOffset(at) });
                search.Add(sw.Elapsed.TotalMilliseconds);
            }
        }
        static double P50(List<double> l) { var s = l.OrderBy(x => x).ToList(); return s[s.Count / 2]; }
        output.WriteLine($"questions {questions.Count}: embed1 p50 {P50(one):0.00} ms, embed2 p50 {P50(two):0.00} ms, grain search p50 {P50(search):0.00} ms");
        File.WriteAllText("/tmp/probe/out.txt", $"questions {questions.Count}: embed1 p50 {P50(one):0.00} ms, embed2 p50 {P50(two):0.00} ms, grain search p50 {P50(search):0.00} ms");
    }
}
