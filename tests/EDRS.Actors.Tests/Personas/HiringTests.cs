using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Runtime;
using Grpc.Core;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

public sealed class HiringTests
{
    private static IReadOnlyList<PersonaEvent> HireWith(Profile profile) =>
        PersonaDecider.Decide(Hire(profile), PersonaState.Initial, HiredAt);

    [Fact]
    public void Hiring_a_valid_profile_emits_PersonaHired_with_the_trimmed_profile_and_the_time_given()
    {
        var events = HireWith(Profile(name: "  Ada  ", role: " Engineer ", skills: [" csharp ", "postgres"], responsibilities: ["reviews "], personality: " Calm. "));

        var hired = Assert.IsType<PersonaHired>(Assert.Single(events));
        Assert.Equal(Id, hired.PersonaId);
        Assert.Equal("Ada", hired.Name);
        Assert.Equal("Engineer", hired.Role);
        Assert.Equal(["csharp", "postgres"], hired.Skills);
        Assert.Equal(["reviews"], hired.Responsibilities);
        Assert.Equal("Calm.", hired.Personality);
        Assert.Equal(HiredAt, hired.HiredAt);
    }

    [Fact]
    public void A_hired_persona_holds_its_profile_and_knows_nobody_yet()
    {
        var state = Hired();

        Assert.True(state.IsHired);
        Assert.Equal(Id, state.PersonaId);
        Assert.Equal("Ada", state.Profile.Name);
        Assert.Equal("Engineer", state.Profile.Role);
        Assert.Equal(["csharp", "postgres"], state.Profile.Skills);
        Assert.Equal(["reviews"], state.Profile.Responsibilities);
        Assert.Equal("Calm and precise.", state.Profile.Personality);
        Assert.Equal(HiredAt, state.HiredAt);
        Assert.Equal(HiredAt, state.UpdatedAt);
        Assert.Empty(state.People);
        Assert.Equal(0, state.LastFactId);
    }

    [Fact]
    public void Hiring_needs_a_profile()
    {
        var command = Hire() with { Profile = null };
        RefusedAsInvalid("profile", () => PersonaDecider.Decide(command, PersonaState.Initial, HiredAt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Hiring_without_a_name_is_refused(string name) =>
        RefusedAsInvalid("profile.name", () => HireWith(Profile(name: name)));

    [Fact]
    public void A_name_of_exactly_100_characters_is_accepted() =>
        Assert.Equal(new string('n', 100), Assert.IsType<PersonaHired>(Assert.Single(HireWith(Profile(name: new string('n', 100))))).Name);

    [Fact]
    public void A_name_longer_than_100_characters_is_refused() =>
        RefusedAsInvalid("profile.name", () => HireWith(Profile(name: new string('n', PersonaLimits.MaxNameLength + 1))));

    [Fact]
    public void A_name_with_control_characters_is_refused() =>
        RefusedAsInvalid("profile.name", () => HireWith(Profile(name: "Ada\nLovelace")));

    [Fact]
    public void A_role_longer_than_100_characters_is_refused() =>
        RefusedAsInvalid("profile.role", () => HireWith(Profile(role: new string('r', PersonaLimits.MaxRoleLength + 1))));

    [Fact]
    public void Hiring_without_skills_is_refused() =>
        RefusedAsInvalid("profile.skills", () => HireWith(Profile(skills: [])));

    [Fact]
    public void Fifty_skills_are_accepted() =>
        Assert.Equal(PersonaLimits.MaxSkills, Assert.IsType<PersonaHired>(Assert.Single(HireWith(Profile(skills: Many(50, "skill-"))))).Skills.Count);

    [Fact]
    public void More_than_fifty_skills_are_refused() =>
        RefusedAsInvalid("profile.skills", () => HireWith(Profile(skills: Many(PersonaLimits.MaxSkills + 1, "skill-"))));

    [Fact]
    public void A_skill_longer_than_100_characters_is_refused_naming_its_position() =>
        RefusedAsInvalid("profile.skills[1]", () => HireWith(Profile(skills: ["csharp", new string('s', PersonaLimits.MaxSkillLength + 1)])));

    [Fact]
    public void A_blank_skill_is_refused_naming_its_position() =>
        RefusedAsInvalid("profile.skills[0]", () => HireWith(Profile(skills: [" ", "csharp"])));

    [Fact]
    public void A_skill_repeated_in_another_case_is_refused() =>
        RefusedAsInvalid("profile.skills", () => HireWith(Profile(skills: ["CSharp", "csharp "])));

    [Fact]
    public void Hiring_without_responsibilities_is_accepted() =>
        Assert.Empty(Assert.IsType<PersonaHired>(Assert.Single(HireWith(Profile(responsibilities: [])))).Responsibilities);

    [Fact]
    public void More_than_fifty_responsibilities_are_refused() =>
        RefusedAsInvalid("profile.responsibilities", () => HireWith(Profile(responsibilities: Many(PersonaLimits.MaxResponsibilities + 1, "duty-"))));

    [Fact]
    public void A_responsibility_longer_than_500_characters_is_refused_naming_its_position() =>
        RefusedAsInvalid("profile.responsibilities[0]", () => HireWith(Profile(responsibilities: [new string('d', PersonaLimits.MaxResponsibilityLength + 1)])));

    [Fact]
    public void A_blank_responsibility_is_refused_naming_its_position() =>
        RefusedAsInvalid("profile.responsibilities[1]", () => HireWith(Profile(responsibilities: ["reviews", ""])));

    [Fact]
    public void A_repeated_responsibility_is_refused() =>
        RefusedAsInvalid("profile.responsibilities", () => HireWith(Profile(responsibilities: ["Reviews", "reviews"])));

    [Fact]
    public void A_personality_of_2000_characters_with_line_breaks_is_accepted()
    {
        var personality = new string('p', 1_000) + "\n" + new string('q', 999);
        Assert.Equal(personality, Assert.IsType<PersonaHired>(Assert.Single(HireWith(Profile(personality: personality)))).Personality);
    }

    [Fact]
    public void A_personality_longer_than_2000_characters_is_refused() =>
        RefusedAsInvalid("profile.personality", () => HireWith(Profile(personality: new string('p', PersonaLimits.MaxPersonalityLength + 1))));

    [Fact]
    public void Hiring_a_persona_that_is_already_hired_fails_with_already_exists() =>
        Refused(RejectionReason.AlreadyExists, () => PersonaDecider.Decide(Hire(), Hired(), HiredAt.AddDays(1)));
}
