using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

/// <summary>The tools a persona's profile names for its chat model: validated as tool names, journaled, held.</summary>
public sealed class ProfileToolsTests
{
    private static IReadOnlyList<PersonaEvent> HireWith(IReadOnlyList<string> tools) =>
        PersonaDecider.Decide(Hire(Profile() with { Tools = tools }), PersonaState.Initial, HiredAt);

    [Fact]
    public void A_profile_naming_tools_is_hired_with_them_and_the_persona_holds_them()
    {
        var hired = Assert.IsType<PersonaHired>(Assert.Single(HireWith([" crm-lookup ", "create_task"])));

        Assert.Equal(["crm-lookup", "create_task"], hired.Tools);
        Assert.Equal(["crm-lookup", "create_task"], PersonaDecider.Evolve(PersonaState.Initial, hired).Profile.CallableTools);
    }

    [Theory]
    [InlineData("CRM", "profile.tools[0]")]
    [InlineData("", "profile.tools[0]")]
    [InlineData("has space", "profile.tools[0]")]
    public void A_tool_that_is_not_a_tool_name_is_refused_naming_its_place(string tool, string field) =>
        RefusedAsInvalid(field, () => HireWith([tool]));

    [Fact]
    public void Repeated_or_too_many_tools_are_refused()
    {
        RefusedAsInvalid("profile.tools", () => HireWith(["crm", "crm"]));
        RefusedAsInvalid("profile.tools", () => HireWith([.. Enumerable.Range(0, PersonaLimits.MaxTools + 1).Select(i => $"tool{i}")]));
    }
}
