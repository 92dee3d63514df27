namespace Bptl.Grains.Interfaces.WorkUnits;

/// <summary>
/// Marks a class implementing <see cref="IWorkUnit"/> as a work unit named <see cref="Name"/>, so that a silo finds it
/// in a plugin assembly (or <see cref="WorkUnitServiceCollectionExtensions.AddWorkUnitsFrom"/> in a compiled one)
/// without any registration code. Implement <see cref="IDeclaresContract"/> as well to declare its contract.
/// </summary>
/// <example>
/// <code>
/// [WorkUnit("greet")]
/// public sealed class Greet : IWorkUnit, IDeclaresContract
/// {
///     public static void DeclareContract(WorkUnitContractBuilder contract) =>
///         contract.RequiredInput&lt;string&gt;("name").Output&lt;string&gt;("greeting", required: true);
///
///     public Task&lt;WorkUnitResult&gt; ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken) =>
///         Task.FromResult&lt;WorkUnitResult&gt;(WorkUnitResult.Complete(new() { ["greeting"] = "Hello " + context.Get&lt;string&gt;("name") }));
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WorkUnitAttribute : Attribute
{
    /// <summary>Marks the class as the work unit <paramref name="name"/> (the rules of <c>AddWorkUnit</c> apply to it).</summary>
    public WorkUnitAttribute(string name) => Name = name;

    /// <summary>The name topics map to.</summary>
    public string Name { get; }
}
