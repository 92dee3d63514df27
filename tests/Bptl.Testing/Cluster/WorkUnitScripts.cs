using System.Collections.Concurrent;
using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;

namespace Bptl.Testing.Cluster;

/// <summary>What each test work unit does, by name: tests script behaviour with delegates.</summary>
public sealed class WorkUnitScripts
{
    private readonly ConcurrentDictionary<string, Func<WorkUnitContext, CancellationToken, Task<WorkUnitResult>>> _scripts = new();
    private readonly ConcurrentDictionary<string, Action<WorkUnitContractBuilder>> _contracts = new();

    public IEnumerable<string> Names => _scripts.Keys;

    public WorkUnitScripts Add(string name, Func<WorkUnitContext, CancellationToken, Task<WorkUnitResult>> script)
    {
        _scripts[name] = script;
        return this;
    }

    public WorkUnitScripts Add(string name, Func<WorkUnitContext, WorkUnitResult> script) =>
        Add(name, (context, _) => Task.FromResult(script(context)));

    /// <summary>Declares the contract the silos register the work unit <paramref name="name"/> with.</summary>
    public WorkUnitScripts Contract(string name, Action<WorkUnitContractBuilder> contract)
    {
        _contracts[name] = contract;
        return this;
    }

    internal Action<WorkUnitContractBuilder>? ContractOf(string name) => _contracts.GetValueOrDefault(name);

    internal Func<WorkUnitContext, CancellationToken, Task<WorkUnitResult>> Get(string name) => _scripts[name];
}

/// <summary>The one work unit class of the tests: it runs the script registered under its name.</summary>
public sealed class ScriptedWorkUnit(WorkUnitScripts scripts) : IWorkUnit
{
    public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken) =>
        scripts.Get(context.WorkUnit)(context, cancellationToken);
}
