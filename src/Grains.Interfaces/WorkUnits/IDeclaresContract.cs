using Bptl.Grains.Interfaces.WorkUnits.Contracts;

namespace Bptl.Grains.Interfaces.WorkUnits;

/// <summary>
/// A work unit that declares its own contract, for registrations that have no code to declare it in: a class marked
/// with <see cref="WorkUnitAttribute"/> that implements this interface gets the contract <see cref="DeclareContract"/>
/// builds.
/// </summary>
public interface IDeclaresContract
{
    /// <summary>Declares the inputs and outputs of the work unit on <paramref name="contract"/>.</summary>
    static abstract void DeclareContract(WorkUnitContractBuilder contract);
}
