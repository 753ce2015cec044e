using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace EDRS.Benchmarks.Knowledge;

/// <summary>
/// The knowledge benchmark's corpus (company documents, PostgreSQL documentation pages, PDF sources) and its retrieval
/// questions, loaded from <c>Knowledge/Corpus</c> (copied next to the benchmark binary). See Corpus/README.md.
/// </summary>
public sealed partial class KnowledgeEvalSet
{
    /// <summary>The question file at the corpus root; it and <see cref="ReadmeFile"/> are not documents.</summary>
    public const string QuestionsFile = "questions.json";

    public const string ReadmeFile = "README.md";

    /// <summary>Folder of the plain-text sources that are rendered to PDF at run time.</summary>
    public const string PdfSourceFolder = "pdf-source/";

    /// <summary>Folder of the PostgreSQL documentation pages.</summary>
    public const string PostgreSqlFolder = "postgresql/";

    // Floors the benchmark relies on: hit@1/hit@5 need at least 50 questions to mean anything, and each category must be
    // large enough to report on its own.
    public const int MinQuestions = 70;
    public const int MinPostgreSqlQuestions = 25;
    public const int MinQuestionsPerOtherCategory = 8;
    public const int MinPostgreSqlPages = 50;
    public const int MinPdfSources = 3;
    public const int MinCompanyDocuments = 20;
    public const int MinPassageWords = 5;
    public const int MaxPassageWords = 40;

    // The corpus ships in the repository: no file over 1 MiB, all of it under 4 MiB.
    public const long MaxDocumentBytes = 1L << 20;
    public const long MaxCorpusBytes = 4L << 20;

    // PDF sources are drawn line by line, without wrapping: at 10 pt Helvetica with 40 pt margins an A4 line holds
    // 95 characters and a page 55 lines. The standard 14 fonts only encode printable ASCII reliably.
    public const int MaxPdfLineCharacters = 95;
    public const int MaxPdfLinesPerPage = 55;

    private static readonly JsonSerializerOptions QuestionJson = new()
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private KnowledgeEvalSet(string corpusFolder, IReadOnlyList<KnowledgeDocument> documents, IReadOnlyList<KnowledgeQuestion> questions)
    {
        CorpusFolder = corpusFolder;
        Documents = documents;
        Questions = questions;
    }

    public string CorpusFolder { get; }

    /// <summary>Every file under the corpus folder except questions.json and README.md at its root, ordered by path.</summary>
    public IReadOnlyList<KnowledgeDocument> Documents { get; }

    public IReadOnlyList<KnowledgeQuestion> Questions { get; }

    /// <summary>The corpus folder copied next to the benchmark binary (EDRS.Benchmarks.csproj copies Knowledge/Corpus).</summary>
    public static string DefaultCorpusFolder => Path.Combine(AppContext.BaseDirectory, "Knowledge", "Corpus");

    /// <summary>
    /// Reads the documents and questions. Throws only when the set cannot be read at all (missing folder or question
    /// file, malformed JSON, a question object missing a field); everything else is reported by <see cref="Validate"/>.
    /// </summary>
    public static KnowledgeEvalSet Load(string corpusFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(corpusFolder);
        var root = Path.GetFullPath(corpusFolder);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Knowledge corpus folder '{root}' does not exist.");
        var questionsPath = Path.Combine(root, QuestionsFile);
        if (!File.Exists(questionsPath))
            throw new FileNotFoundException($"Knowledge corpus folder '{root}' has no {QuestionsFile}.", questionsPath);

        var documents = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => path is not QuestionsFile and not ReadmeFile)
            .Order(StringComparer.Ordinal)
            .Select(path => ReadDocument(root, path))
            .ToList();

        List<KnowledgeQuestion?>? questions;
        try
        {
            questions = JsonSerializer.Deserialize<List<KnowledgeQuestion?>>(File.ReadAllBytes(questionsPath), QuestionJson);
        }
        catch (JsonException e)
        {
            // The message names the field; the path names the question (e.g. $[3] is the fourth).
            var where = e.Path is null || e.Message.Contains(e.Path, StringComparison.Ordinal) ? "" : $" (at {e.Path})";
            throw new InvalidDataException($"{questionsPath}: {e.Message}{where}", e);
        }
        if (questions is null || questions.Any(question => question is null))
            throw new InvalidDataException($"{questionsPath}: expected a JSON array of question objects, found null.");

        return new KnowledgeEvalSet(root, documents, questions!);
    }

    /// <summary>Every problem found, one line each, naming the question key or document path; empty when the set is valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var byPath = Documents.ToDictionary(document => document.Path, StringComparer.Ordinal);

        ValidateDocuments(problems);

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var question in Questions)
        {
            var key = question.Key;
            if (!QuestionKey().IsMatch(key))
                problems.Add($"question '{key}': key must look like k001");
            if (!keys.Add(key))
                problems.Add($"{key}: key is used by more than one question");
            if (string.IsNullOrWhiteSpace(question.Question))
                problems.Add($"{key}: question is empty");
            if (!KnowledgeQuestion.Categories.Contains(question.Category))
                problems.Add($"{key}: category '{question.Category}' is not one of {string.Join(", ", KnowledgeQuestion.Categories)}");

            var passage = VisibleTextExtractor.Collapse(question.Passage);
            var words = passage.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (words is < MinPassageWords or > MaxPassageWords)
                problems.Add($"{key}: passage has {words} words, expected {MinPassageWords} to {MaxPassageWords}");

            if (!byPath.TryGetValue(question.Document, out var document))
            {
                problems.Add($"{key}: document '{question.Document}' is not in the corpus");
                continue;
            }
            ValidateCategoryMatchesDocument(problems, question, document);
            ValidatePassageLocation(problems, question, document, passage);
        }

        ValidateFloors(problems);
        return problems;
    }

    private static KnowledgeDocument ReadDocument(string root, string path)
    {
        var bytes = File.ReadAllBytes(Path.Combine(root, path));
        var text = Encoding.UTF8.GetString(bytes);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var contentType = extension switch
        {
            ".md" or ".markdown" => "text/markdown",
            ".html" or ".htm" => "text/html",
            ".txt" => "text/plain",
            _ => "application/octet-stream",
        };
        if (path.StartsWith(PdfSourceFolder, StringComparison.Ordinal) && contentType == "text/plain")
        {
            var pages = text.Split('\f');
            return new KnowledgeDocument(path, contentType, bytes,
                string.Join(' ', pages.Select(VisibleTextExtractor.Collapse)), pages);
        }
        var visible = contentType switch
        {
            "text/markdown" => VisibleTextExtractor.FromMarkdown(text),
            "text/html" => VisibleTextExtractor.FromHtml(text),
            _ => VisibleTextExtractor.FromPlainText(text),
        };
        return new KnowledgeDocument(path, contentType, bytes, visible, []);
    }

    private void ValidateDocuments(List<string> problems)
    {
        long total = 0;
        foreach (var document in Documents)
        {
            total += document.Bytes.Length;
            if (document.ContentType == "application/octet-stream")
                problems.Add($"{document.Path}: extension is not one of .md, .html, .htm, .txt");
            if (document.Bytes.Length > MaxDocumentBytes)
                problems.Add($"{document.Path}: {document.Bytes.Length:N0} bytes, over the {MaxDocumentBytes:N0}-byte limit per document");
            if (document.VisibleText.Length == 0)
                problems.Add($"{document.Path}: no visible text");
            if (document.IsPdfSource)
                ValidatePdfSource(problems, document);
        }
        if (total > MaxCorpusBytes)
            problems.Add($"corpus: {total:N0} bytes, over the {MaxCorpusBytes:N0}-byte limit");
    }

    private static void ValidatePdfSource(List<string> problems, KnowledgeDocument document)
    {
        for (var page = 0; page < document.PdfPages.Count; page++)
        {
            if (VisibleTextExtractor.Collapse(document.PdfPages[page]).Length == 0)
                problems.Add($"{document.Path}: page {page + 1} is empty (a stray form feed?)");
            var lines = document.PdfPages[page].Trim('\n').Split('\n');
            if (lines.Length > MaxPdfLinesPerPage)
                problems.Add($"{document.Path}: page {page + 1} has {lines.Length} lines, over {MaxPdfLinesPerPage}");
            for (var line = 0; line < lines.Length; line++)
            {
                if (lines[line].Length > MaxPdfLineCharacters)
                    problems.Add($"{document.Path}: page {page + 1} line {line + 1} has {lines[line].Length} characters, over {MaxPdfLineCharacters}");
                if (lines[line].Any(c => c is < ' ' or > '~'))
                    problems.Add($"{document.Path}: page {page + 1} line {line + 1} has a character outside printable ASCII");
            }
        }
    }

    private static void ValidateCategoryMatchesDocument(List<string> problems, KnowledgeQuestion question, KnowledgeDocument document)
    {
        var inPostgreSql = document.Path.StartsWith(PostgreSqlFolder, StringComparison.Ordinal);
        if ((question.Category == KnowledgeQuestion.PostgreSql) != inPostgreSql)
            problems.Add($"{question.Key}: category '{question.Category}' but document '{document.Path}' {(inPostgreSql ? "is" : "is not")} a PostgreSQL page");
        if ((question.Category == KnowledgeQuestion.Pdf) != document.IsPdfSource)
            problems.Add($"{question.Key}: category '{question.Category}' but document '{document.Path}' {(document.IsPdfSource ? "is" : "is not")} a PDF source");
    }

    private void ValidatePassageLocation(List<string> problems, KnowledgeQuestion question, KnowledgeDocument document, string passage)
    {
        if (document.IsPdfSource)
        {
            if (question.Page is not { } page || page < 1 || page > document.PdfPages.Count)
            {
                problems.Add($"{question.Key}: page must be 1 to {document.PdfPages.Count} for PDF source '{document.Path}', found {question.Page?.ToString(CultureInfo.InvariantCulture) ?? "null"}");
                return;
            }
            if (!VisibleTextExtractor.Collapse(document.PdfPages[page - 1]).Contains(passage, StringComparison.Ordinal))
                problems.Add($"{question.Key}: passage not found on page {page} of '{document.Path}'");
            return;
        }

        if (question.Page is not null)
            problems.Add($"{question.Key}: page must be null for '{document.Path}', which is not a PDF source");
        if (!document.VisibleText.Contains(passage, StringComparison.Ordinal))
        {
            problems.Add($"{question.Key}: passage not found in the visible text of '{document.Path}'");
            return;
        }
        // The knowledge grain ingests main text only: a passage that a reader sees only in navigation or a footer
        // could never be retrieved.
        if (document.ContentType == "text/html"
            && !VisibleTextExtractor.FromHtmlMain(Encoding.UTF8.GetString(document.Bytes)).Contains(passage, StringComparison.Ordinal))
            problems.Add($"{question.Key}: passage is outside the <main> element of '{document.Path}'");

        // Near-duplicate documents are the point of 'precise': the passage must single out its document.
        if (question.Category == KnowledgeQuestion.Precise)
        {
            var others = Documents.Where(other => other.Path != document.Path && other.VisibleText.Contains(passage, StringComparison.Ordinal))
                .Select(other => other.Path).ToList();
            if (others.Count > 0)
                problems.Add($"{question.Key}: 'precise' passage also appears in {string.Join(", ", others)}");
        }
    }

    private void ValidateFloors(List<string> problems)
    {
        if (Questions.Count < MinQuestions)
            problems.Add($"questions: {Questions.Count}, fewer than {MinQuestions}");
        foreach (var category in KnowledgeQuestion.Categories)
        {
            var count = Questions.Count(question => question.Category == category);
            var floor = category == KnowledgeQuestion.PostgreSql ? MinPostgreSqlQuestions : MinQuestionsPerOtherCategory;
            if (count < floor)
                problems.Add($"questions: {count} in category '{category}', fewer than {floor}");
        }

        var postgreSqlPages = Documents.Count(document => document.Path.StartsWith(PostgreSqlFolder, StringComparison.Ordinal));
        if (postgreSqlPages < MinPostgreSqlPages)
            problems.Add($"documents: {postgreSqlPages} PostgreSQL pages, fewer than {MinPostgreSqlPages}");
        var pdfSources = Documents.Count(document => document.IsPdfSource);
        if (pdfSources < MinPdfSources)
            problems.Add($"documents: {pdfSources} PDF sources, fewer than {MinPdfSources}");
        var company = Documents.Count - postgreSqlPages - pdfSources;
        if (company < MinCompanyDocuments)
            problems.Add($"documents: {company} company documents, fewer than {MinCompanyDocuments}");
    }

    [GeneratedRegex(@"^k\d{3,}\z")]
    private static partial Regex QuestionKey();
}
