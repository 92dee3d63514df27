using Bptl.Sandbox.Expressions;

namespace Bptl.Sandbox.Tests.Unit;

public sealed class ExpressionTests
{
    private sealed class Variables(Dictionary<string, object?> values) : IVariableResolver
    {
        public bool TryResolve(string name, out object? value) => values.TryGetValue(name, out value);
    }

    private static object? Eval(string text, params (string Name, object? Value)[] variables) =>
        Expression.Compile(text).Evaluate(new Variables(variables.ToDictionary(v => v.Name, v => v.Value)));

    [Theory]
    [InlineData("${flag}", true)]
    [InlineData("${!flag}", false)]
    [InlineData("${not flag}", false)]
    [InlineData("${!(flag)}", false)]
    public void Evaluate_BooleanVariable_ReturnsItsValueOrNegation(string text, bool expected) =>
        Eval(text, ("flag", true)).ShouldBe(expected);

    [Theory]
    [InlineData("${x == 'text'}", true)]
    [InlineData("${x == \"text\"}", true)]
    [InlineData("${x != \"t\"}", true)]
    [InlineData("${x eq 'text'}", true)]
    [InlineData("${x ne 'text'}", false)]
    [InlineData("${x < 'u'}", true)]
    public void Evaluate_StringComparison_ComparesOrdinally(string text, bool expected) =>
        Eval(text, ("x", "text")).ShouldBe(expected);

    [Theory]
    [InlineData("${n > 3}", true)]
    [InlineData("${n < 3}", false)]
    [InlineData("${n <= 5}", true)]
    [InlineData("${n >= 6}", false)]
    [InlineData("${n gt 4 and n lt 6}", true)]
    [InlineData("${n ge 5 && n le 5}", true)]
    [InlineData("${n == 5.0}", true)]
    [InlineData("${n == '5'}", true)]
    [InlineData("${n > 4.5}", true)]
    [InlineData("${n + 1 == 6}", true)]
    [InlineData("${n * 2 / 4 == 2.5}", true)]
    [InlineData("${n % 2 == 1}", true)]
    [InlineData("${-n < 0}", true)]
    public void Evaluate_NumericComparison_CoercesLikeJuel(string text, bool expected) =>
        Eval(text, ("n", 5L)).ShouldBe(expected);

    [Theory]
    [InlineData("${a || b}", true)]
    [InlineData("${a or b}", true)]
    [InlineData("${a && b}", false)]
    [InlineData("${a and (b or true)}", true)]
    [InlineData("${(a && b) || !b}", true)]
    [InlineData("${a ? 'yes' : 'no' == 'yes'}", "yes")]
    public void Evaluate_LogicalOperators_ShortCircuitAndGroup(string text, object expected) =>
        Eval(text, ("a", true), ("b", false)).ShouldBe(expected);

    [Theory]
    [InlineData("${true}", true)]
    [InlineData("${null == null}", true)]
    [InlineData("${x == null}", true)]
    [InlineData("${empty x}", true)]
    [InlineData("${empty ''}", true)]
    [InlineData("${x > 1}", false)]
    [InlineData("${1.5e1 == 15}", true)]
    public void Evaluate_NullAndLiterals_FollowElRules(string text, bool expected) =>
        Eval(text, ("x", null)).ShouldBe(expected);

    [Fact]
    public void Evaluate_UnknownVariable_ReportsTheIdentifier()
    {
        var error = Should.Throw<ExpressionEvaluationException>(() => Eval("${missing > 3}"));

        error.UnknownIdentifier.ShouldBe("missing");
        error.Message.ShouldBe("Cannot resolve identifier 'missing'");
    }

    [Fact]
    public void Evaluate_NonNumericStringAgainstNumber_Fails() =>
        Should.Throw<ExpressionEvaluationException>(() => Eval("${n > 'abc'}", ("n", 1L)))
            .Message.ShouldBe("Cannot coerce 'abc' to class java.lang.Long");

    [Fact]
    public void Evaluate_LiteralText_IsTheTextItself()
    {
        var expression = Expression.Compile("plain");

        expression.IsLiteral.ShouldBeTrue();
        Eval("plain").ShouldBe("plain");
    }

    [Fact]
    public void Evaluate_CompositeText_ConcatenatesParts() =>
        Eval("order-${id}-${n + 1}", ("id", "A"), ("n", 1L)).ShouldBe("order-A-2");

    [Theory]
    [InlineData("${order.amount > 3}")]
    [InlineData("${execution.getVariable('x')}")]
    [InlineData("${x >}")]
    [InlineData("${'open}")]
    [InlineData("${x")]
    public void Compile_UnsupportedOrBrokenSyntax_Throws(string text) =>
        Should.Throw<ExpressionSyntaxException>(() => Expression.Compile(text));
}
