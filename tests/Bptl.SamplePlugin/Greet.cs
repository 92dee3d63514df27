using Bptl.Grains.Interfaces.WorkUnits;
using Bptl.Grains.Interfaces.WorkUnits.Contracts;
using Bptl.Variables;

namespace Bptl.SamplePlugin;

/// <summary>
/// Greets <c>name</c>. Found by its attribute, with the contract it declares. The name <c>nobody</c> is a business
/// error (<see cref="NobodyCode"/>); the name <c>crash</c> throws, as a bug would.
/// </summary>
[WorkUnit(Name)]
public sealed class Greet : IWorkUnit, IDeclaresContract
{
    public const string Name = "greet";
    public const string NobodyCode = "NOBODY_TO_GREET";

    public static void DeclareContract(WorkUnitContractBuilder contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        contract.Describe("Greets someone by name")
            .RequiredInput<string>("name", "who to greet")
            .OptionalInput<string>("salutation", "Hello")
            .Output<string>("greeting", required: true);
    }

    public Task<WorkUnitResult> ExecuteAsync(WorkUnitContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.Get<string>("name");
        if (name == "crash")
        {
            throw new InvalidOperationException("The greeter tripped over its own feet.");
        }

        WorkUnitResult result = name == "nobody"
            ? WorkUnitResult.BpmnError(NobodyCode, "There is nobody to greet.")
            : WorkUnitResult.Complete(new VariableMap { ["greeting"] = $"{context.Get<string>("salutation")} {name}!" },
                new VariableMap { ["greetedBy"] = typeof(Greet).Assembly.GetName().Name });
        return Task.FromResult(result);
    }
}
