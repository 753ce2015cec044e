using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Runtime;
using Grpc.Core;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

public sealed class ReviseFactTests
{
    private static readonly DateTimeOffset At = HiredAt.AddHours(1);

    private static PersonaState Knowing(out long factId)
    {
        var state = Remember(Hired(), Fact(subject: "drinks", text: "Coffee.", source: "lunch"), out var remembered);
        factId = remembered.FactId;
        return state;
    }

    [Fact]
    public void Revising_a_fact_for_a_persona_never_hired_fails_with_not_found() =>
        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Revise(1, "Tea."), PersonaState.Initial, At));

    [Fact]
    public void Revising_an_unknown_fact_fails_with_not_found()
    {
        var state = Knowing(out var factId);
        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Revise(factId + 1, "Tea."), state, At));
    }

    [Fact]
    public void Revising_a_fact_through_another_person_fails_with_not_found()
    {
        var state = Knowing(out var factId);
        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Revise(factId, "Tea.", personId: Carol), state, At));
    }

    [Fact]
    public void Revising_a_fact_with_an_invalid_person_id_is_refused_naming_personId()
    {
        var state = Knowing(out var factId);
        RefusedAsInvalid("personId", () => PersonaDecider.Decide(Revise(factId, "Tea.", personId: "bad id"), state, At));
    }

    [Fact]
    public void Revising_a_fact_to_the_same_text_and_source_emits_nothing()
    {
        var state = Knowing(out var factId);
        Assert.Empty(PersonaDecider.Decide(Revise(factId, " Coffee. ", source: "lunch"), state, At));
    }

    [Fact]
    public void Revising_only_the_source_is_a_change()
    {
        var state = Knowing(out var factId);
        var revised = Assert.IsType<PersonFactRevised>(Assert.Single(PersonaDecider.Decide(Revise(factId, "Coffee.", source: "email"), state, At)));
        Assert.Equal("email", revised.Source);
    }

    [Fact]
    public void Revising_a_fact_emits_PersonFactRevised_and_the_state_holds_the_revised_text_and_time()
    {
        var state = Knowing(out var factId);
        var rememberedAt = state.FactsAbout(Bob)[0].RememberedAt;

        var events = PersonaDecider.Decide(Revise(factId, "Tea, since March.", source: "chat"), state, At);
        var revised = Assert.IsType<PersonFactRevised>(Assert.Single(events));
        Assert.Equal(new PersonFactRevised(Bob, factId, "Tea, since March.", "chat", At), revised);

        var fact = Assert.Single(Fold(state, events).FactsAbout(Bob));
        Assert.Equal(factId, fact.FactId);
        Assert.Equal("Tea, since March.", fact.Text);
        Assert.Equal("chat", fact.Source);
        Assert.Equal("drinks", fact.Subject);
        Assert.Equal(rememberedAt, fact.RememberedAt);
        Assert.Equal(At, fact.RevisedAt);
    }

    [Fact]
    public void Revising_one_fact_leaves_the_others_as_they_were()
    {
        var state = Remember(Hired(), Fact(text: "first"), out var first);
        state = Remember(state, Fact(text: "second"));

        state = Fold(state, PersonaDecider.Decide(Revise(first.FactId, "first, revised"), state, At));

        Assert.Equal(["second", "first, revised"], state.FactsAbout(Bob).Select(f => f.Text));
        Assert.Null(state.FactsAbout(Bob)[0].RevisedAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Revising_a_fact_to_no_text_is_refused(string text)
    {
        var state = Knowing(out var factId);
        RefusedAsInvalid("text", () => PersonaDecider.Decide(Revise(factId, text), state, At));
    }

    [Fact]
    public void Revising_a_fact_to_a_text_longer_than_2000_characters_is_refused()
    {
        var state = Knowing(out var factId);
        RefusedAsInvalid("text", () => PersonaDecider.Decide(Revise(factId, new string('t', PersonaLimits.MaxFactTextLength + 1)), state, At));
    }

    [Fact]
    public void Revising_a_fact_with_a_source_longer_than_200_characters_is_refused()
    {
        var state = Knowing(out var factId);
        RefusedAsInvalid("source", () => PersonaDecider.Decide(Revise(factId, "Tea.", source: new string('s', PersonaLimits.MaxSourceLength + 1)), state, At));
    }
}
