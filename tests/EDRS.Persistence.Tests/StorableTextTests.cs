using EDRS.Persistence.Journal;

namespace EDRS.Persistence.Tests;

/// <summary>The codec's scan of stored JSON: escapes are read as PostgreSQL reads them, pairs included.</summary>
public sealed class StorableTextTests
{
    [Theory]
    [InlineData("""{"a":"plain"}""")]
    [InlineData("""{"a":"\ud83d\ude00 a pair"}""")]
    [InlineData("""{"a":"\uD83D\uDE00 a pair in upper case"}""")]
    [InlineData("""{"a":"an escaped backslash then text: \\u0000"}""")]
    [InlineData("""{"a":"\\\\u0000 two escaped backslashes"}""")]
    [InlineData("""{"a":"\u00e9\u0001\n\"quoted\""}""")]
    [InlineData("""{"a":"ends with a pair \ud83d\ude00"}""")]
    public void Json_PostgreSQL_stores_passes(string json) =>
        Assert.Equal(nameof(TextFault.None), StorableText.CheckJson(json).Fault.ToString());

    [Theory]
    [InlineData("""{"a":"\u0000"}""", "Nul", "22P05")]
    [InlineData("""{"a":"\\\u0000 an escaped backslash, then NUL"}""", "Nul", "22P05")]
    [InlineData("""{"a":"\ud800"}""", "UnpairedSurrogate", "22P02")]
    [InlineData("""{"a":"\ud800x"}""", "UnpairedSurrogate", "22P02")]
    [InlineData("""{"a":"\ud800\n"}""", "UnpairedSurrogate", "22P02")]
    [InlineData("""{"a":"\ud800\ud800"}""", "UnpairedSurrogate", "22P02")]
    [InlineData("""{"a":"\udc00 a low one alone"}""", "UnpairedSurrogate", "22P02")]
    [InlineData("""{"a":"\ud83d\ude00\ude00"}""", "UnpairedSurrogate", "22P02")]
    [InlineData("""{"a":"\ud800\u0000"}""", "UnpairedSurrogate", "22P02")]
    public void Json_PostgreSQL_refuses_is_found_with_the_state_PostgreSQL_gives(string json, string fault, string sqlState)
    {
        var found = StorableText.CheckJson(json);

        Assert.Equal(fault, found.Fault.ToString());
        Assert.Equal(sqlState, found.SqlState);
    }

    [Fact]
    public void Raw_NUL_and_raw_unpaired_surrogates_are_found_as_text_PostgreSQL_cannot_encode()
    {
        // Not theory data: an unpaired surrogate does not survive the test runner's serialization of arguments.
        Assert.Equal((TextFault.Nul, "22021"), StorableText.CheckJson("{\"a\":\"raw \u0000\"}"));
        Assert.Equal((TextFault.UnpairedSurrogate, "22021"), StorableText.CheckJson("{\"a\":\"raw \ud800\"}"));
        Assert.Equal((TextFault.UnpairedSurrogate, "22021"), StorableText.CheckJson("{\"a\":\"raw \udc00\ud800\"}"));
        Assert.Equal((TextFault.None, ""), StorableText.CheckJson("{\"a\":\"raw pair \ud83d\ude00\"}"));
    }

    [Fact]
    public void A_refused_stream_key_is_named_with_its_unprintable_characters_escaped()
    {
        var rejected = new JournalRejectedException("persona/t\0/\ud800x", "22021", "the stream key holds NUL (U+0000)");

        Assert.Contains(@"persona/t\u0000/\ud800x", rejected.Message, StringComparison.Ordinal);
        Assert.Equal("persona/t\0/\ud800x", rejected.StreamKey);
    }
}
