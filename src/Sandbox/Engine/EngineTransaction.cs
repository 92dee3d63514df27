using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>
/// Makes one REST call atomic. Changes to instance state register an undo action and are rolled
/// back if the call fails part-way (say, a gateway condition names an unknown variable); changes to
/// the shared indexes are deferred to <see cref="Commit"/>, which only runs when everything succeeded.
/// </summary>
internal sealed class EngineTransaction
{
    private List<Action>? _undo;
    private List<Action>? _commit;

    /// <summary>Transient variables: visible to expressions during this call, never stored.</summary>
    public Dictionary<string, TypedValue>? Transients { get; private set; }

    /// <summary>Set when the commit creates or frees a task, to wake long polls after it.</summary>
    public bool TasksBecameAvailable { get; set; }

    public void OnRollback(Action undo) => (_undo ??= []).Add(undo);

    public void OnCommit(Action apply) => (_commit ??= []).Add(apply);

    public void SetTransient(string name, TypedValue value) => (Transients ??= new(StringComparer.Ordinal))[name] = value;

    public void Rollback()
    {
        if (_undo is null)
        {
            return;
        }

        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            _undo[i]();
        }

        _undo = null;
        _commit = null;
    }

    public void Commit()
    {
        if (_commit is not null)
        {
            foreach (var apply in _commit)
            {
                apply();
            }
        }

        _undo = null;
        _commit = null;
    }

    /// <summary>Sets a variable in a scope, recording how to undo it; transient values are kept aside.</summary>
    public void SetVariable(Dictionary<string, TypedValue> scope, string name, TypedValue value)
    {
        if (value.IsTransient)
        {
            SetTransient(name, value);
            return;
        }

        if (scope.TryGetValue(name, out var old))
        {
            OnRollback(() => scope[name] = old);
        }
        else
        {
            OnRollback(() => scope.Remove(name));
        }

        scope[name] = value;
    }

    public void RemoveVariable(Dictionary<string, TypedValue> scope, string name)
    {
        if (scope.Remove(name, out var old))
        {
            OnRollback(() => scope[name] = old);
        }
    }
}
