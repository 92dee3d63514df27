using Bptl.Sandbox.Expressions;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>
/// The variable scopes seen from an execution, innermost first: the task's own scope (a scope
/// activity), the concurrent execution's locals, the process instance. A name is updated where it
/// already lives, or created on the process instance (Camunda's setVariable); a local write goes to
/// the innermost scope, which for a non-scope task on the first path is the instance itself.
/// </summary>
internal static class VariableScopes
{
    public static void SetNonLocal(EngineTransaction tx, Execution execution, Dictionary<string, TypedValue>? taskScope, string name, TypedValue value)
    {
        if (taskScope is not null && taskScope.ContainsKey(name))
        {
            tx.SetVariable(taskScope, name, value);
        }
        else if (execution.Locals is { } locals && locals.ContainsKey(name))
        {
            tx.SetVariable(locals, name, value);
        }
        else
        {
            tx.SetVariable(execution.Instance.Variables, name, value);
        }
    }

    public static void SetLocal(EngineTransaction tx, Execution execution, Dictionary<string, TypedValue>? taskScope, string name, TypedValue value) =>
        tx.SetVariable(InnermostScope(execution, taskScope), name, value);

    public static Dictionary<string, TypedValue> InnermostScope(Execution execution, Dictionary<string, TypedValue>? taskScope)
    {
        if (taskScope is not null)
        {
            return taskScope;
        }

        return execution.IsRoot ? execution.Instance.Variables : execution.Locals ??= new(StringComparer.Ordinal);
    }

    /// <summary>All variables visible from the execution, inner scopes shadowing outer ones.</summary>
    public static List<KeyValuePair<string, TypedValue>> Visible(Execution execution, Dictionary<string, TypedValue>? taskScope, List<string>? names)
    {
        var instance = execution.Instance.Variables;
        var locals = execution.IsRoot ? null : execution.Locals;
        if (names is not null)
        {
            var selected = new List<KeyValuePair<string, TypedValue>>(names.Count);
            foreach (var name in names)
            {
                if ((taskScope is not null && taskScope.TryGetValue(name, out var value))
                    || (locals is not null && locals.TryGetValue(name, out value))
                    || instance.TryGetValue(name, out value))
                {
                    selected.Add(new(name, value));
                }
            }

            return selected;
        }

        if (locals is null && taskScope is null)
        {
            return instance.Count == 0 ? [] : [.. instance];
        }

        var merged = new Dictionary<string, TypedValue>(instance, StringComparer.Ordinal);
        Overlay(merged, locals);
        Overlay(merged, taskScope);
        return [.. merged];
    }

    /// <summary>Only the innermost scope's variables (fetchAndLock with <c>localVariables</c>).</summary>
    public static List<KeyValuePair<string, TypedValue>> Local(Execution execution, Dictionary<string, TypedValue>? taskScope, List<string>? names)
    {
        var scope = taskScope ?? (execution.IsRoot ? execution.Instance.Variables : execution.Locals);
        if (scope is null || scope.Count == 0)
        {
            return [];
        }

        if (names is null)
        {
            return [.. scope];
        }

        var selected = new List<KeyValuePair<string, TypedValue>>(names.Count);
        foreach (var name in names)
        {
            if (scope.TryGetValue(name, out var value))
            {
                selected.Add(new(name, value));
            }
        }

        return selected;
    }

    private static void Overlay(Dictionary<string, TypedValue> target, Dictionary<string, TypedValue>? source)
    {
        if (source is null)
        {
            return;
        }

        foreach (var (name, value) in source)
        {
            target[name] = value;
        }
    }
}

/// <summary>Resolves expression identifiers against transients and the scopes of an execution.</summary>
internal sealed class ScopeResolver(EngineTransaction? tx, Execution execution, Dictionary<string, TypedValue>? taskScope) : IVariableResolver
{
    public bool TryResolve(string name, out object? value)
    {
        if ((tx?.Transients is { } transients && transients.TryGetValue(name, out var typed))
            || (taskScope is not null && taskScope.TryGetValue(name, out typed))
            || (!execution.IsRoot && execution.Locals is { } locals && locals.TryGetValue(name, out typed))
            || execution.Instance.Variables.TryGetValue(name, out typed))
        {
            value = typed.ToExpressionValue();
            return true;
        }

        value = null;
        return false;
    }
}
