using Bptl.Sandbox.Expressions;

namespace Bptl.Sandbox.Engine;

/// <summary>Evaluates expressions and maps failures to the ProcessEngineExceptions Camunda raises.</summary>
internal static class ExpressionEvaluation
{
    public static object? Evaluate(Expression expression, IVariableResolver resolver)
    {
        try
        {
            return expression.Evaluate(resolver);
        }
        catch (ExpressionEvaluationException e) when (e.UnknownIdentifier is not null)
        {
            throw Errors.ProcessEngine("Unknown property used in expression: " + expression.Text + ". Cause: " + e.Message);
        }
        catch (ExpressionEvaluationException e)
        {
            throw Errors.ProcessEngine("Error while evaluating expression: " + expression.Text + ". Cause: " + e.Message);
        }
    }

    public static bool EvaluateCondition(Expression expression, IVariableResolver resolver)
    {
        var result = Evaluate(expression, resolver);
        if (result is bool value)
        {
            return value;
        }

        throw Errors.ProcessEngine("condition expression returns non-Boolean: "
            + (result is null ? "null" : JuelCoercion.ToText(result)) + " (" + JuelCoercion.JavaClassName(result) + ")");
    }
}
