using System.Text;

namespace EDRS.Testing.Knowledge;

/// <summary>
/// Small documents of a fictional company in each format the knowledge base reads, each with sentences tests search
/// for. Everything is written here; nothing is read from disk.
/// </summary>
public static class SampleDocuments
{
    public const string LeaveSentence = "Every employee receives 27 days of annual leave per calendar year.";
    public const string CarryOverSentence = "Up to five unused days may be carried over into the first quarter of the next year.";
    public const string OnCallSentence = "The on-call engineer acknowledges a page within fifteen minutes, day or night.";
    public const string ExpenseSentence = "Hotel stays are reimbursed up to 180 euros per night in capital cities.";
    public const string ParkingSentence = "Visitors park in the blue zone behind building C and register at reception.";
    public const string PdfPageTwoSentence = "Dental cover starts after a waiting period of three months from the first day.";

    public static string LeavePolicyMarkdown =>
        $"""
        # Annual leave policy

        ## Entitlement

        {LeaveSentence} Part-time staff receive a pro-rata share of that entitlement.

        ## Carry-over

        {CarryOverSentence} Days not taken by the end of March are lost, unless a manager approves an exception in writing.

        ## Booking leave

        Book leave in the people portal at least two weeks ahead for periods longer than three days.
        """;

    public static string OnCallHtml =>
        $"""
        <!doctype html>
        <html><head><title>On-call policy</title><style>body {"{"} color: red; {"}"}</style></head>
        <body>
          <nav><a href="/">Home</a> <a href="/policies">Policies</a> Navigation text that is not content.</nav>
          <main>
            <h1>On-call policy</h1>
            <p>{OnCallSentence}</p>
            <p>Each rotation lasts one week and hands over on Mondays at ten in the morning.</p>
          </main>
          <footer>Copyright Kestrel Metrics. Footer text that is not content.</footer>
          <script>var tracking = "not content";</script>
        </body></html>
        """;

    public static string ExpensesText =>
        $"""
        TRAVEL AND EXPENSES

        {ExpenseSentence}
        Meals are covered by a daily allowance of 45 euros.

        Receipts are submitted within 30 days of the trip.
        """;

    public static string ParkingText => $"Parking\n\n{ParkingSentence}\n";

    /// <summary>A three-page benefits guide as a real PDF; <see cref="PdfPageTwoSentence"/> is on page 2.</summary>
    public static byte[] BenefitsPdf() => new TestPdf()
        .Page().Heading("Benefits guide").Paragraph("Health insurance covers every employee and their children from the first day of work.")
        .Page().Heading("Dental").Paragraph(PdfPageTwoSentence)
        .Page().Heading("Pension").Paragraph("The company adds four percent of the salary to the pension plan every month.")
        .Build();

    /// <summary>A long document whose every paragraph carries <paramref name="marker"/>: many chunks, all of one version.</summary>
    public static string Long(string marker, int paragraphs)
    {
        var text = new StringBuilder($"# Rotation notes {marker}\n\n");
        for (var i = 0; i < paragraphs; i++)
            text.Append($"Paragraph {i} of the {marker} edition describes the rotation schedule of team {i} in plain words, so that " +
                        $"each chunk of the {marker} edition can be told apart from every other edition by the word {marker}.\n\n");
        return text.ToString();
    }
}
