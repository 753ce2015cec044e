using System.Text;
using EDRS.Grains.Contracts.Events;
using EDRS.Grains.Contracts.Personas;
using Google.Protobuf;

namespace EDRS.Grains.Runtime.Tests.Text;

/// <summary>The edges' one text check: where it looks, and how it names what it finds.</summary>
public sealed class TextHygieneTests
{
    [Theory]
    [InlineData("""{"text":"a\u0000b"}""", "text")]
    [InlineData("""{"a":{"b":[1,{"c":"\ud800"}]}}""", "a.b[1].c")]
    [InlineData("""{"a":["x","y","\udc00z"]}""", "a[2]")]
    [InlineData("""{"a":{"k\u0000":1}}""", "a")]
    [InlineData("""{"\ud83d":1}""", "")]
    [InlineData("""["ok","\ud800"]""", "[1]")]
    [InlineData("""{"a":"\ud83d\u0041"}""", "a")]
    public void A_JSON_escape_of_NUL_or_an_unpaired_surrogate_is_found_by_its_path(string json, string path) =>
        Assert.Equal(path, TextHygiene.InJson(Encoding.UTF8.GetBytes(json))?.Field);

    [Theory]
    [InlineData("""{"text":"a\\u0000b"}""")]
    [InlineData("""{"emoji":"\ud83d\ude00","rtl":"\u05e9\u05dc\u05d5\u05dd","replacement":"\ufffd"}""")]
    [InlineData("""{"text":"no escapes at all"}""")]
    [InlineData("""{"broken":"\u0000""")]
    public void Storable_JSON_and_JSON_that_does_not_parse_pass(string json) =>
        Assert.Null(TextHygiene.InJson(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void A_message_is_checked_through_nested_repeated_and_map_fields_and_the_JSON_of_json_text_fields()
    {
        var profile = new PersonaProfile { Name = "Ada" };
        profile.Skills.AddRange(["csharp", "s\0ql"]);
        Assert.Equal("profile.skills[1]", TextHygiene.InMessage(new HirePersonaRequest { Profile = profile })?.Field);
        Assert.Equal("profile.skills[1]", TextHygiene.InMessage(new HirePersonaRequest { Profile = profile }, FieldNaming.Proto)?.Field);

        var e = new BaseEvent { EventId = "e", Payload = """{"note":{"deep":"\u0000"}}""" };
        Assert.Equal("payload.note.deep", TextHygiene.InMessage(e)?.Field);
        e.Payload = "{}";
        e.Metadata["traceId"] = "\ud800";
        Assert.Equal("metadata.traceId", TextHygiene.InMessage(e, FieldNaming.Proto)?.Field);
        e.Metadata.Clear();
        e.Metadata["k\0"] = "v";
        Assert.Equal("metadata", TextHygiene.InMessage(e)?.Field);
        e.Metadata.Clear();
        e.EventType = "a.b\0";
        Assert.Equal("event_type", TextHygiene.InMessage(e, FieldNaming.Proto)?.Field);
        Assert.Equal("eventType", TextHygiene.InMessage(e)?.Field);
    }

    [Fact]
    public void A_string_field_holding_escapes_is_not_taken_for_JSON_unless_marked()
    {
        // The text of a fact may well quote JSON: "\u0000" in it is six characters, not a NUL.
        Assert.Null(TextHygiene.InMessage(new RememberFactRequest { Text = """{"a":"\u0000"}""" }));
    }

    [Fact]
    public void On_the_wire_a_string_that_is_not_UTF8_is_found_by_its_proto_path_in_nested_repeated_and_map_fields()
    {
        var profile = new PersonaProfile { Name = "Ada" };
        profile.Skills.AddRange(["csharp", "s\u4e2dl"]);
        Assert.Equal("profile.skills[1]", TextHygiene.OnWire(HirePersonaRequest.Descriptor, Broken(new HirePersonaRequest { Profile = profile }))?.Field);

        var e = new BaseEvent { EventId = "e" };
        e.Metadata["trace"] = "x\u4e2d";
        Assert.Equal("metadata.trace", TextHygiene.OnWire(BaseEvent.Descriptor, Broken(e))?.Field);
        e.Metadata.Clear();
        e.Metadata["k\u4e2d"] = "v";
        Assert.Equal("metadata", TextHygiene.OnWire(BaseEvent.Descriptor, Broken(e))?.Field);
    }

    [Fact]
    public void On_the_wire_good_messages_pass_and_a_truncated_one_is_reported()
    {
        var e = new BaseEvent { EventId = "e", Payload = """{"emoji":"😀"}""", Source = "\u05e9" };
        e.Metadata["k"] = "v";
        var bytes = e.ToByteArray();
        Assert.Null(TextHygiene.OnWire(BaseEvent.Descriptor, bytes));
        Assert.NotNull(TextHygiene.OnWire(BaseEvent.Descriptor, bytes.AsSpan(0, bytes.Length - 1)));
    }

    /// <summary>The message with every U+4E2D (E4 B8 AD) swapped for ED A0 80: U+D800 as an unchecking encoder writes it.</summary>
    private static byte[] Broken(IMessage message)
    {
        var bytes = message.ToByteArray();
        for (var at = bytes.AsSpan().IndexOf([(byte)0xE4, (byte)0xB8, (byte)0xAD]); at >= 0; at = bytes.AsSpan().IndexOf([(byte)0xE4, (byte)0xB8, (byte)0xAD]))
            (bytes[at], bytes[at + 1], bytes[at + 2]) = ((byte)0xED, (byte)0xA0, (byte)0x80);
        return bytes;
    }
}
