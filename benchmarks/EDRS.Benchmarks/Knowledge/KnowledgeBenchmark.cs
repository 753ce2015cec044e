using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EDRS.Benchmarks.Gateway;
using EDRS.Benchmarks.Measurement;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Knowledge.Documents.Parsing;
using EDRS.Testing;

namespace EDRS.Benchmarks.Knowledge;

/// <summary>
/// <c>knowledge</c>: the knowledge base end to end through the real gateway binary (auth on, PostgreSQL): every corpus
/// document (Corpus/README.md) ingested through REST — JSON for text, Markdown and HTML, a multipart upload for the PDFs
/// rendered at run time — then every question asked through <c>GET …/search?k=5</c>. Measures ingest throughput (pages/s,
/// chunks/s; parsing, chunking, embedding and indexing included), search latency through REST, and hit@1 / hit@5 of the
/// hybrid ranking against plain cosine on the same chunks (<see cref="CosineBaseline"/>). Ends with a RESULT line.
/// </summary>
internal static class KnowledgeBenchmark
{
    private const string CollectionId = "kb-bench";
    private const int K = 5;

    /// <summary>Documents sent at once: the ingestor embeds two windows of a document at a time, so two documents keep two cores busy.</summary>
    private const int IngestConcurrency = 2;

    /// <summary>--quick: PostgreSQL pages kept (those answering the first questions about PostgreSQL), beside all company documents and PDFs.</summary>
    private const int QuickPostgreSqlPages = 4;

    /// <summary>The gateway's chunk sizes (EDRS.Hosting's KnowledgeRegistration); the run checks them against the gateway's chunk counts.</summary>
    private static readonly ChunkingOptions GatewayChunking = new() { MaxTokens = 250, TargetTokens = 200, MinTokens = 120, OverlapTokens = 50 };

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = false;
        foreach (var arg in args)
        {
            if (arg == "--quick")
                quick = true;
            else
            {
                await Console.Error.WriteLineAsync($"knowledge: unknown option '{arg}' (run without arguments for usage)").ConfigureAwait(false);
                return 2;
            }
        }

        var set = KnowledgeEvalSet.Load(KnowledgeEvalSet.DefaultCorpusFolder);
        if (set.Validate() is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
                await Console.Error.WriteLineAsync($"knowledge: corpus: {problem}").ConfigureAwait(false);
            return 1;
        }
        var documents = quick ? QuickSubset(set) : set.Documents;
        var included = documents.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        var questions = set.Questions.Where(q => included.Contains(q.Document)).ToList();
        var clock = Stopwatch.StartNew();

        await using var database = await TestDatabase.CreateAsync("knowledge").ConfigureAwait(false);
        await using var gateway = await GatewayProcess.StartAsync(database.ConnectionString).ConfigureAwait(false);
        using var http = gateway.AuthorizedClient(TimeSpan.FromMinutes(5));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"knowledge: {documents.Count} documents ({documents.Sum(d => d.Pages):0.0} pages), {questions.Count} questions{(quick ? " (--quick)" : "")}; " +
            $"gateway pid {gateway.Process.Id} started in {clock.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores"));

        using (var created = await http.PostAsJsonAsync("/api/v1/knowledge/collections",
                   new { id = CollectionId, name = "Knowledge benchmark", description = "Corpus/README.md" }).ConfigureAwait(false))
            await EnsureAsync(created, "create collection").ConfigureAwait(false);

        // Ingest.
        var pdfs = documents.Where(d => d.IsPdfSource).ToDictionary(d => d.Path, KnowledgePdf.Render, StringComparer.Ordinal);
        var ingested = new Dictionary<string, (string Title, int Chunks)>(StringComparer.Ordinal);
        var gatewayProcess = Process.GetProcessById(gateway.Process.Id);
        var cpuBefore = gatewayProcess.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = IngestConcurrency }, async (document, token) =>
        {
            using HttpContent content = pdfs.TryGetValue(document.Path, out var pdf) ? PdfUpload(document, pdf) : JsonBody(document);
            using var response = await http.PostAsync($"/api/v1/knowledge/collections/{CollectionId}/documents", content, token).ConfigureAwait(false);
            var body = await EnsureAsync(response, $"ingest {document.Path}").ConfigureAwait(false);
            using var json = JsonDocument.Parse(body);
            var ack = (json.RootElement.GetProperty("title").GetString() ?? "", json.RootElement.GetProperty("chunks").GetInt32());
            lock (ingested)
                ingested[document.Path] = ack;
        }).ConfigureAwait(false);
        var ingestSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        gatewayProcess.Refresh();
        var ingestCores = (gatewayProcess.TotalProcessorTime - cpuBefore).TotalSeconds / ingestSeconds;
        var pages = documents.Sum(d => d.Pages);
        var chunks = ingested.Values.Sum(v => v.Chunks);

        // Search through REST: a few warm-up queries, then every question once, one at a time.
        foreach (var question in questions.Take(5))
            await SearchAsync(http, question.Question).ConfigureAwait(false);
        var latencies = new List<long>(questions.Count);
        var hybrid = new List<IReadOnlyList<RetrievedChunk>>(questions.Count);
        var searchStarted = Stopwatch.GetTimestamp();
        foreach (var question in questions)
        {
            var asked = Stopwatch.GetTimestamp();
            hybrid.Add(await SearchAsync(http, question.Question).ConfigureAwait(false));
            latencies.Add(Stopwatch.GetTimestamp() - asked);
        }
        var search = LatencySummary.From([latencies], Stopwatch.GetElapsedTime(searchStarted));

        // Plain cosine on the same chunks, in this process (the gateway is idle by now).
        using var cosine = new CosineBaseline(GatewayChunking);
        var cosineStarted = Stopwatch.GetTimestamp();
        var mismatched = new List<string>();
        foreach (var document in documents)
        {
            var (title, gatewayChunks) = ingested[document.Path];
            var ours = pdfs.TryGetValue(document.Path, out var pdf)
                ? await cosine.AddAsync(DocumentId(document), title, pdf, DocumentContentTypes.Pdf, FileName(document)).ConfigureAwait(false)
                : await cosine.AddAsync(DocumentId(document), title, document.Bytes, document.ContentType, null).ConfigureAwait(false);
            if (ours != gatewayChunks)
                mismatched.Add($"{document.Path} ({ours} vs {gatewayChunks})");
        }
        var cosineEmbedSeconds = Stopwatch.GetElapsedTime(cosineStarted).TotalSeconds;
        var plain = new List<IReadOnlyList<RetrievedChunk>>(questions.Count);
        foreach (var question in questions)
            plain.Add(await cosine.SearchAsync(question.Question, K).ConfigureAwait(false));

        PrintReport(documents, questions, hybrid, plain, ingestSeconds, pages, chunks, ingestCores, search, cosine.Count, cosineEmbedSeconds, mismatched);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ingest_chunks_per_s={chunks / ingestSeconds:0.0} search_p50_ms={search.P50Ms:0.0} search_p99_ms={search.P99Ms:0.0} " +
            $"hit_at_1={HitAt(questions, hybrid, documents, 1):0.000} hit_at_5={HitAt(questions, hybrid, documents, K):0.000} " +
            $"cosine_hit_at_1={HitAt(questions, plain, documents, 1):0.000} cores={Environment.ProcessorCount}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"knowledge: done in {clock.Elapsed.TotalSeconds:0} s"));
        return 0;
    }

    /// <summary>All company documents and PDFs, and the PostgreSQL pages that answer the first questions about PostgreSQL.</summary>
    private static List<KnowledgeDocument> QuickSubset(KnowledgeEvalSet set)
    {
        var pages = set.Questions.Where(q => q.Category == KnowledgeQuestion.PostgreSql).Select(q => q.Document)
            .Distinct(StringComparer.Ordinal).Take(QuickPostgreSqlPages).ToHashSet(StringComparer.Ordinal);
        return [.. set.Documents.Where(d => !d.Path.StartsWith(KnowledgeEvalSet.PostgreSqlFolder, StringComparison.Ordinal) || pages.Contains(d.Path))];
    }

    /// <summary>The document id the benchmark gives a corpus file: its path with separators as dashes (a valid entity id).</summary>
    private static string DocumentId(KnowledgeDocument document)
    {
        var id = new string([.. document.Path.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]);
        return id.Length <= 64 ? id : id[^64..].TrimStart('-', '.', '_');
    }

    private static string FileName(KnowledgeDocument document) => Path.ChangeExtension(Path.GetFileName(document.Path), ".pdf");

    private static StringContent JsonBody(KnowledgeDocument document) =>
        new(JsonSerializer.Serialize(new
        {
            documentId = DocumentId(document),
            text = Encoding.UTF8.GetString(document.Bytes),
            contentType = document.ContentType,
        }), Encoding.UTF8, "application/json");

    private static MultipartFormDataContent PdfUpload(KnowledgeDocument document, byte[] pdf)
    {
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue(DocumentContentTypes.Pdf);
        return new MultipartFormDataContent
        {
            { file, "file", FileName(document) },
            { new StringContent(DocumentId(document)), "documentId" },
        };
    }

    private static async Task<IReadOnlyList<RetrievedChunk>> SearchAsync(HttpClient http, string query)
    {
        using var response = await http.GetAsync($"/api/v1/knowledge/collections/{CollectionId}/search?k={K}&q={Uri.EscapeDataString(query)}").ConfigureAwait(false);
        using var json = JsonDocument.Parse(await EnsureAsync(response, "search").ConfigureAwait(false));
        return [.. json.RootElement.GetProperty("items").EnumerateArray().Select(item => new RetrievedChunk(
            item.GetProperty("documentId").GetString()!,
            item.GetProperty("text").GetString()!,
            item.TryGetProperty("page", out var page) && page.ValueKind == JsonValueKind.Number ? page.GetInt32() : null))];
    }

    private static async Task<string> EnsureAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {body}");
    }

    /// <summary>
    /// A hit: a chunk of the question's document (for a PDF, citing the question's page: the page the chunk starts on)
    /// whose text, whitespace collapsed, contains the passage.
    /// </summary>
    private static bool IsHit(KnowledgeQuestion question, RetrievedChunk chunk, string documentId) =>
        chunk.DocumentId == documentId
        && (question.Page is null || chunk.Page == question.Page)
        && VisibleTextExtractor.Collapse(chunk.Text).Contains(VisibleTextExtractor.Collapse(question.Passage), StringComparison.Ordinal);

    private static double HitAt(IReadOnlyList<KnowledgeQuestion> questions, IReadOnlyList<IReadOnlyList<RetrievedChunk>> results, IReadOnlyList<KnowledgeDocument> documents, int k) =>
        questions.Count == 0 ? 0 : Hits(questions, results, documents, k, _ => true) / (double)questions.Count;

    private static int Hits(IReadOnlyList<KnowledgeQuestion> questions, IReadOnlyList<IReadOnlyList<RetrievedChunk>> results,
        IReadOnlyList<KnowledgeDocument> documents, int k, Func<KnowledgeQuestion, bool> which)
    {
        var byPath = documents.ToDictionary(d => d.Path, DocumentId, StringComparer.Ordinal);
        return questions.Select((q, i) => (q, i)).Count(x => which(x.q) && results[x.i].Take(k).Any(c => IsHit(x.q, c, byPath[x.q.Document])));
    }

    private static void PrintReport(
        IReadOnlyList<KnowledgeDocument> documents, IReadOnlyList<KnowledgeQuestion> questions,
        IReadOnlyList<IReadOnlyList<RetrievedChunk>> hybrid, IReadOnlyList<IReadOnlyList<RetrievedChunk>> plain,
        double ingestSeconds, double pages, int chunks, double ingestCores, LatencySummary search,
        int cosineChunks, double cosineEmbedSeconds, IReadOnlyList<string> mismatched)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("| ingest through REST (parse, chunk, embed, index) | value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(inv, $"| documents / pages / chunks | {documents.Count} / {pages:0.0} / {chunks} |"));
        Console.WriteLine(string.Create(inv, $"| time | {ingestSeconds:0.0} s ({IngestConcurrency} documents in flight) |"));
        Console.WriteLine(string.Create(inv, $"| pages/s | {pages / ingestSeconds:0.0} |"));
        Console.WriteLine(string.Create(inv, $"| chunks/s | {chunks / ingestSeconds:0.0} |"));
        Console.WriteLine(string.Create(inv, $"| gateway CPU | {ingestCores:0.00} of {Environment.ProcessorCount} cores |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(inv,
            $"search through REST (k={K}, one at a time): {search.Count} queries, p50 {search.P50Ms:0.0} ms, p99 {search.P99Ms:0.0} ms, max {search.MaxMs:0.0} ms"));
        var sameChunks = mismatched.Count == 0
            ? "chunk counts equal the gateway's for every document"
            : $"chunk counts differ from the gateway's for {string.Join(", ", mismatched)}";
        Console.WriteLine(string.Create(inv,
            $"plain cosine: {cosineChunks} chunks re-made in-process with the product's parser and chunker and embedded with the same model ({cosineEmbedSeconds:0.0} s); {sameChunks}"));
        Console.WriteLine();
        Console.WriteLine("| questions | n | hybrid hit@1 | hybrid hit@5 | cosine hit@1 | cosine hit@5 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var category in KnowledgeQuestion.Categories.Append("all"))
        {
            bool Which(KnowledgeQuestion q) => category == "all" || q.Category == category;
            var n = questions.Count(Which);
            if (n == 0)
                continue;
            string Rate(IReadOnlyList<IReadOnlyList<RetrievedChunk>> results, int k) =>
                (Hits(questions, results, documents, k, Which) / (double)n).ToString("0.000", inv);
            Console.WriteLine(string.Create(inv, $"| {category} | {n} | {Rate(hybrid, 1)} | {Rate(hybrid, K)} | {Rate(plain, 1)} | {Rate(plain, K)} |"));
        }
        Console.WriteLine();
    }
}
