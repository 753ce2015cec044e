using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Runtime;
using Grpc.Core;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

public sealed class ForgetPersonTests
{
    private static readonly DateTimeOffset At = HiredAt.AddDays(1);

    [Fact]
    public void Forgetting_a_person_for_a_persona_never_hired_fails_with_not_found() =>
        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Forget(Bob), PersonaState.Initial, At));

    [Fact]
    public void Forgetting_a_person_emits_PersonForgotten_with_the_number_of_facts_erased()
    {
        var state = Remember(Hired(), Fact(personId: Bob, text: "one"));
        state = Remember(state, Fact(personId: Bob, text: "two"));

        Assert.Equal(new PersonForgotten(Bob, 2, At), Assert.Single(PersonaDecider.Decide(Forget(Bob), state, At)));
    }

    [Fact]
    public void Forgetting_a_person_removes_all_their_facts_and_keeps_everyone_elses()
    {
        var state = Remember(Hired(), Fact(personId: Bob, text: "one"));
        state = Remember(state, Fact(personId: Carol, text: "carol's"));
        state = Remember(state, Fact(personId: Bob, text: "two"));

        state = Fold(state, PersonaDecider.Decide(Forget(Bob), state, At));

        Assert.Empty(state.FactsAbout(Bob));
        Assert.False(state.People.ContainsKey(Bob));
        Assert.Equal("carol's", Assert.Single(state.FactsAbout(Carol)).Text);
        Assert.Equal(3, state.LastFactId);
    }

    [Fact]
    public void Forgetting_a_person_the_persona_knows_nothing_about_emits_nothing()
    {
        var state = Remember(Hired(), Fact(personId: Carol));
        Assert.Empty(PersonaDecider.Decide(Forget(Bob), state, At));
    }

    [Fact]
    public void Forgetting_a_person_with_an_invalid_id_is_refused_naming_personId() =>
        RefusedAsInvalid("personId", () => PersonaDecider.Decide(Forget("no spaces please"), Hired(), At));
}
