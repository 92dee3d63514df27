using Bptl.Grains.Interfaces.WorkUnits;

namespace Bptl.Grains.Execution;

/// <summary>How one run of a work unit ended.</summary>
/// <param name="Result">The result (process and local outputs merged in), or null when the run was cancelled.</param>
/// <param name="ErrorType">For a failure from an exception, the exception's type name; <c>contract</c> for a contract violation.</param>
public readonly record struct WorkUnitRun(WorkUnitResult? Result, string? ErrorType)
{
    /// <summary>The error type of a contract violation.</summary>
    public const string ContractViolation = "contract";

    /// <summary>True when the run was cancelled (lock lost, silo stopping): it has no result.</summary>
    public bool Cancelled => Result is null;
}
