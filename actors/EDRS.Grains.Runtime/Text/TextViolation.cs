namespace EDRS.Grains.Runtime;

/// <summary>Text an edge refuses: the field as its caller names it (JSON path or proto path) and what is wrong with it.</summary>
/// <param name="Field">The path of the field (<c>payload.note</c>, <c>skills[2]</c>, <c>metadata.k</c>); empty for the document itself.</param>
/// <param name="Description">What is wrong, without the field's name and without quoting the text.</param>
public sealed record TextViolation(string Field, string Description);
