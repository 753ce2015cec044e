using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Runtime;
using Grpc.Core;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

public sealed class ProfileUpdateTests
{
    private static readonly DateTimeOffset Later = HiredAt.AddHours(3);

    [Fact]
    public void Updating_the_profile_of_a_persona_never_hired_fails_with_not_found() =>
        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Update(Profile()), PersonaState.Initial, Later));

    [Fact]
    public void Updating_to_an_identical_profile_emits_nothing() =>
        Assert.Empty(PersonaDecider.Decide(Update(Profile()), Hired(), Later));

    [Fact]
    public void Updating_to_a_profile_that_differs_only_in_surrounding_spaces_emits_nothing() =>
        Assert.Empty(PersonaDecider.Decide(Update(Profile(name: " Ada ", skills: ["csharp ", " postgres"])), Hired(), Later));

    [Fact]
    public void Changing_the_profile_emits_PersonaProfileUpdated_with_the_whole_new_profile()
    {
        var events = PersonaDecider.Decide(Update(Profile(name: "Ada L.", role: "Architect", skills: ["go"], responsibilities: [], personality: "Bold.")), Hired(), Later);

        var updated = Assert.IsType<PersonaProfileUpdated>(Assert.Single(events));
        Assert.Equal("Ada L.", updated.Name);
        Assert.Equal("Architect", updated.Role);
        Assert.Equal(["go"], updated.Skills);
        Assert.Empty(updated.Responsibilities);
        Assert.Equal("Bold.", updated.Personality);
        Assert.Equal(Later, updated.UpdatedAt);
    }

    [Fact]
    public void Changing_only_the_order_of_skills_is_a_change() =>
        Assert.IsType<PersonaProfileUpdated>(Assert.Single(PersonaDecider.Decide(Update(Profile(skills: ["postgres", "csharp"])), Hired(), Later)));

    [Fact]
    public void An_updated_persona_holds_the_new_profile_keeps_its_hiring_time_and_moves_its_update_time()
    {
        var state = Fold(Hired(), PersonaDecider.Decide(Update(Profile(name: "Ada L.", skills: ["go"])), Hired(), Later));

        Assert.Equal("Ada L.", state.Profile.Name);
        Assert.Equal(["go"], state.Profile.Skills);
        Assert.Equal(HiredAt, state.HiredAt);
        Assert.Equal(Later, state.UpdatedAt);
    }

    [Fact]
    public void An_update_is_validated_like_a_hire() =>
        RefusedAsInvalid("profile.skills", () => PersonaDecider.Decide(Update(Profile(skills: [])), Hired(), Later));

    [Fact]
    public void An_update_does_not_touch_what_the_persona_knows_about_people()
    {
        var knowing = Remember(Hired(), Fact());
        var state = Fold(knowing, PersonaDecider.Decide(Update(Profile(name: "Ada L.")), knowing, Later));
        Assert.Single(state.FactsAbout(Bob));
    }
}
