using Bptl.Variables;

namespace Bptl.Grains.Interfaces.WorkUnits.Contracts;

/// <summary>
/// What a work unit needs and gives: its inputs (required, or optional with a default) and its outputs. Bptl checks
/// the inputs before a run and the outputs of a completion; the admin UI shows the declaration to the people who map
/// topics. Build one with <see cref="WorkUnitContractBuilder"/> when registering the work unit.
/// </summary>
public sealed class WorkUnitContract
{
    internal WorkUnitContract(string? description, IReadOnlyList<VariableDeclaration> inputs, IReadOnlyList<VariableDeclaration> outputs, bool declared)
    {
        Description = description;
        Inputs = inputs;
        Outputs = outputs;
        IsDeclared = declared;
    }

    /// <summary>The contract of a work unit that declared nothing: every input is accepted, nothing is checked.</summary>
    public static WorkUnitContract None { get; } = new(null, [], [], declared: false);

    /// <summary>What the work unit does.</summary>
    public string? Description { get; }

    /// <summary>The variables it reads.</summary>
    public IReadOnlyList<VariableDeclaration> Inputs { get; }

    /// <summary>The variables it sets when it completes.</summary>
    public IReadOnlyList<VariableDeclaration> Outputs { get; }

    /// <summary>False for <see cref="None"/>.</summary>
    public bool IsDeclared { get; }

    /// <summary>
    /// Checks <paramref name="variables"/> against the inputs: returns the variables the run sees (a copy, with the
    /// defaults of missing optional inputs added) and every violation found (a missing required input, an input of
    /// the wrong type), each naming the variable and the expected type.
    /// </summary>
    public ContractCheck CheckInputs(VariableMap variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var effective = new VariableMap(variables);
        var violations = new List<string>();
        foreach (var input in Inputs)
        {
            if (!variables.TryGetValue(input.Name, out var value) || value.Type == VariableType.Null)
            {
                // Null counts as not set: a required input is missing, an optional one gets its default.
                if (input.Required)
                {
                    violations.Add($"the required input '{input.Name}' ({input.TypeName}) is missing");
                }
                else if (input.Default is { } fallback)
                {
                    effective[input.Name] = fallback;
                }

                continue;
            }

            if (value.Type != VariableType.Null && input.Check(value) is { } problem)
            {
                violations.Add($"the input '{input.Name}' should be {input.TypeName} but is {value.TypeName} ({problem})");
            }
        }

        return new ContractCheck(effective, violations);
    }

    /// <summary>Checks the variables of a completion against the outputs: a missing required output, an output of the wrong type.</summary>
    public IReadOnlyList<string> CheckOutputs(VariableMap variables, VariableMap localVariables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(localVariables);
        var violations = new List<string>();
        foreach (var output in Outputs)
        {
            if (!variables.TryGetValue(output.Name, out var value) && !localVariables.TryGetValue(output.Name, out value))
            {
                if (output.Required)
                {
                    violations.Add($"the required output '{output.Name}' ({output.TypeName}) was not set");
                }

                continue;
            }

            if (value.Type != VariableType.Null && output.Check(value) is { } problem)
            {
                violations.Add($"the output '{output.Name}' should be {output.TypeName} but is {value.TypeName} ({problem})");
            }
        }

        return violations;
    }
}

/// <summary>The result of checking inputs against a contract.</summary>
/// <param name="Variables">The variables the run sees: the task's, plus the defaults of missing optional inputs.</param>
/// <param name="Violations">What is wrong; empty when the inputs hold.</param>
public sealed record ContractCheck(VariableMap Variables, IReadOnlyList<string> Violations)
{
    /// <summary>True when there is no violation.</summary>
    public bool Holds => Violations.Count == 0;
}
