using Bptl.BuiltIns.Templates;
using Bptl.Variables;

namespace Bptl.BuiltIns.Tests;

public sealed class VariableTemplateTests
{
    private static readonly VariableMap Variables = new()
    {
        ["name"] = "Ada \"the first\" Lovelace",
        ["count"] = 3,
        ["ratio"] = 0.25,
        ["paid"] = true,
        ["nothing"] = VariableValue.Null(),
        ["order"] = VariableValue.Json("""{"id":"A/1"}"""),
        ["at"] = new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.FromHours(1)),
    };

    [Theory]
    [InlineData("Hello {{name}}", "Hello Ada \"the first\" Lovelace")]
    [InlineData("{{ count }} items at {{ratio}}, paid {{paid}}", "3 items at 0.25, paid true")]
    [InlineData("[{{nothing}}]", "[]")]
    [InlineData("{{order}}", """{"id":"A/1"}""")]
    [InlineData("{{at}}", "2026-11-21T10:30:00.000+0100")]
    [InlineData("{\"name\": {{name|json}}, \"n\": {{count|json}}, \"o\": {{order|json}}, \"x\": {{nothing|json}}}",
        """{"name": "Ada \"the first\" Lovelace", "n": 3, "o": {"id":"A/1"}, "x": null}""")]
    [InlineData("orders/{{name|url}}", "orders/Ada%20%22the%20first%22%20Lovelace")]
    [InlineData("literal {{{{name}}", "literal {{name}}")]
    [InlineData("no placeholders", "no placeholders")]
    public void Render_FillsPlaceholders(string template, string expected) =>
        VariableTemplate.Render(template, Variables).ShouldBe(expected);

    [Fact]
    public void Render_WithAUrlDefault_EscapesUnformattedPlaceholders() =>
        VariableTemplate.Render("a/{{name}}?q={{count|text}}", Variables, TemplateFormat.Url).ShouldBe("a/Ada%20%22the%20first%22%20Lovelace?q=3");

    [Theory]
    [InlineData("Hi {{missing}}", "the variable 'missing', which the process does not have")]
    [InlineData("Hi {{name", "is not closed")]
    [InlineData("Hi {{ }}", "names no variable")]
    [InlineData("Hi {{name|yaml}}", "unknown format 'yaml'")]
    public void Render_RefusesBadTemplates_WithAClearMessage(string template, string message) =>
        Should.Throw<TemplateException>(() => VariableTemplate.Render(template, Variables)).Message.ShouldContain(message);
}
