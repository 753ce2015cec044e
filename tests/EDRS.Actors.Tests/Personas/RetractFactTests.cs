using EDRS.Actors.Personas;
using EDRS.Actors.Personas.Events;
using EDRS.Grains.Runtime;
using Grpc.Core;
using static EDRS.Actors.Tests.Personas.Persona;

namespace EDRS.Actors.Tests.Personas;

public sealed class RetractFactTests
{
    private static readonly DateTimeOffset At = HiredAt.AddHours(2);

    [Fact]
    public void Retracting_a_fact_for_a_persona_never_hired_fails_with_not_found() =>
        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Retract(1), PersonaState.Initial, At));

    [Fact]
    public void Retracting_a_fact_emits_PersonFactRetracted_and_removes_only_that_fact_from_state()
    {
        var state = Remember(Hired(), Fact(text: "first"), out var first);
        state = Remember(state, Fact(text: "second"), out var second);

        var events = PersonaDecider.Decide(Retract(first.FactId, reason: " wrong person "), state, At);
        Assert.Equal(new PersonFactRetracted(Bob, first.FactId, "wrong person", At), Assert.Single(events));

        var held = Assert.Single(Fold(state, events).FactsAbout(Bob));
        Assert.Equal(second.FactId, held.FactId);
    }

    [Fact]
    public void Retracting_the_last_fact_about_a_person_leaves_the_persona_knowing_nobody()
    {
        var state = Remember(Hired(), Fact(), out var remembered);

        state = Fold(state, PersonaDecider.Decide(Retract(remembered.FactId), state, At));

        Assert.Empty(state.People);
        Assert.Equal(remembered.FactId, state.LastFactId);
    }

    [Fact]
    public void Retracting_an_unknown_fact_fails_with_not_found()
    {
        var state = Remember(Hired(), Fact(), out var remembered);
        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Retract(remembered.FactId + 10), state, At));
    }

    [Fact]
    public void Retracting_a_fact_twice_fails_with_not_found_the_second_time()
    {
        var state = Remember(Hired(), Fact(), out var remembered);
        state = Fold(state, PersonaDecider.Decide(Retract(remembered.FactId), state, At));

        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Retract(remembered.FactId), state, At));
    }

    [Fact]
    public void Retracting_a_superseded_fact_fails_with_not_found()
    {
        var state = Remember(Hired(), Fact(subject: "drinks", text: "Coffee."), out var older);
        state = Remember(state, Fact(subject: "drinks", text: "Tea."));

        Refused(RejectionReason.NotFound, () => PersonaDecider.Decide(Retract(older.FactId), state, At));
    }

    [Fact]
    public void Retracting_with_a_reason_longer_than_500_characters_is_refused()
    {
        var state = Remember(Hired(), Fact(), out var remembered);
        RefusedAsInvalid("reason", () => PersonaDecider.Decide(Retract(remembered.FactId, reason: new string('r', PersonaLimits.MaxReasonLength + 1)), state, At));
    }

    [Fact]
    public void Retracting_with_an_invalid_person_id_is_refused_naming_personId()
    {
        var state = Remember(Hired(), Fact(), out var remembered);
        RefusedAsInvalid("personId", () => PersonaDecider.Decide(Retract(remembered.FactId, personId: ""), state, At));
    }
}
