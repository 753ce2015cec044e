using System.Diagnostics;
using System.Globalization;
using System.Text;
using EDRS.Knowledge.Documents.Chunking;
using EDRS.Knowledge.Documents.Parsing;
using EDRS.Models.Embeddings.MiniLm;

namespace EDRS.Benchmarks.Documents;

/// <summary>
/// <c>documents</c>: document ingestion throughput of EDRS.Knowledge.Documents on one core — parsing each format to its
/// canonical text, and chunking that text with the real all-MiniLM-L6-v2 word-piece counter — at two sizes (1× and 4×),
/// whose time ratio shows whether work grows linearly with the input (≈ 4). Each time is the best of several rounds: on a
/// shared machine the fastest round is the one least slowed by other processes. PDFs get a quarter of the content
/// (page layout analysis costs far more per character than the text formats).
/// </summary>
public static class DocumentsBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var quick = false;
        foreach (var arg in args)
        {
            if (arg == "--quick")
                quick = true;
            else
            {
                Console.Error.WriteLine($"documents: unknown option '{arg}' (run without arguments for usage)");
                return Task.FromResult(2);
            }
        }

        var baseCharacters = quick ? 250_000 : 1_000_000;
        var rounds = quick ? 3 : 5;
        var parser = new DocumentParser();
        var counter = new MiniLmWordPieceCounter();
        var chunker = new DocumentChunker(counter, new ChunkingOptions());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"documents: content of ~{baseCharacters / 1000} k characters (1×; PDF a quarter) and 4×, best of {rounds} rounds, one thread; chunking with default options " +
            $"(target 300, min 200, max 400, overlap 50 all-MiniLM-L6-v2 word pieces)."));
        Console.WriteLine();
        Console.WriteLine("| step | input 1× | time 1× | time 4× | 4×/1× | throughput at 4× |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");

        var results = new Dictionary<string, double>();
        var worstRatio = 0.0;
        var small = BenchmarkDocuments.Content(baseCharacters);
        var large = BenchmarkDocuments.Content(baseCharacters * 4);
        var smallPdfContent = BenchmarkDocuments.Content(baseCharacters / 4);
        var largePdfContent = BenchmarkDocuments.Content(baseCharacters);
        var formats = new (string Name, string Type, Func<List<(string, List<string>, List<string>)>, byte[]> Make)[]
        {
            ("plain text", DocumentContentTypes.PlainText, c => Encoding.UTF8.GetBytes(BenchmarkDocuments.PlainText(c))),
            ("markdown", DocumentContentTypes.Markdown, c => Encoding.UTF8.GetBytes(BenchmarkDocuments.Markdown(c))),
            ("html", DocumentContentTypes.Html, c => Encoding.UTF8.GetBytes(BenchmarkDocuments.Html(c))),
            ("pdf", DocumentContentTypes.Pdf, c => BenchmarkDocuments.Pdf(c).Bytes),
        };
        ParsedDocument? largeMarkdown = null;
        foreach (var (name, type, make) in formats)
        {
            var isPdf = type == DocumentContentTypes.Pdf;
            var smallBytes = make(isPdf ? smallPdfContent : small);
            var largeBytes = make(isPdf ? largePdfContent : large);
            var timeSmall = Best(rounds, () => parser.Parse(smallBytes, type));
            var timeLarge = Best(rounds, () => parser.Parse(largeBytes, type));
            var parsed = parser.Parse(largeBytes, type);
            if (type == DocumentContentTypes.Markdown)
                largeMarkdown = parsed;
            var ratio = timeLarge / timeSmall;
            worstRatio = Math.Max(worstRatio, ratio);
            var throughput = type == DocumentContentTypes.Pdf
                ? $"{parsed.PageCount / timeLarge:0} pages/s ({largeBytes.Length / timeLarge / 1e6:0.00} MB/s)"
                : $"{largeBytes.Length / timeLarge / 1e6:0.00} MB/s";
            results[name] = type == DocumentContentTypes.Pdf ? parsed.PageCount!.Value / timeLarge : largeBytes.Length / timeLarge / 1e6;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| parse {name} | {Size(smallBytes.Length)}{(type == DocumentContentTypes.Pdf ? $", {parser.Parse(smallBytes, type).PageCount} pages" : "")} | {timeSmall * 1000:0} ms | {timeLarge * 1000:0} ms | {ratio:0.00} | {throughput} |"));
        }

        var smallMarkdown = parser.Parse(Encoding.UTF8.GetBytes(BenchmarkDocuments.Markdown(small)), DocumentContentTypes.Markdown);
        var chunkSmall = Best(rounds, () => chunker.Chunk(smallMarkdown));
        var chunkLarge = Best(rounds, () => chunker.Chunk(largeMarkdown!));
        var chunks = chunker.Chunk(largeMarkdown!);
        var chunkRatio = chunkLarge / chunkSmall;
        worstRatio = Math.Max(worstRatio, chunkRatio);
        var chunkMbPerSecond = largeMarkdown!.Text.Length / chunkLarge / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| chunk (markdown's canonical text) | {Size(smallMarkdown.Text.Length)} | {chunkSmall * 1000:0} ms | {chunkLarge * 1000:0} ms | {chunkRatio:0.00} | {chunkMbPerSecond:0.00} M chars/s, {chunks.Count / chunkLarge:0} chunks/s |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{chunks.Count} chunks of the 4× markdown: tokens mean {chunks.Average(c => c.TokenCount):0}, min {chunks.Min(c => c.TokenCount)}, max {chunks.Max(c => c.TokenCount)}; " +
            $"{chunks.Count(c => c.OverlapLength > 0)} start with an overlap."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT parse_text_mb_s={results["plain text"]:0.00} parse_markdown_mb_s={results["markdown"]:0.00} parse_html_mb_s={results["html"]:0.00} " +
            $"parse_pdf_pages_s={results["pdf"]:0} chunk_mchars_s={chunkMbPerSecond:0.00} worst_4x_time_ratio={worstRatio:0.00}"));
        return Task.FromResult(0);
    }

    /// <summary>The fastest of <paramref name="rounds"/> runs (after one warm-up run: JIT, first allocations), in seconds.</summary>
    private static double Best(int rounds, Action action)
    {
        action();
        var best = double.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        return best;
    }

    private static string Size(int bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.00} MB");
}
