namespace Bptl.Sandbox.Bpmn;

/// <summary>One problem found while parsing a resource, with its position.</summary>
internal sealed record BpmnProblem(string Message, int Line, int Column, string? ElementId);

/// <summary>A BPMN resource the sandbox refuses: malformed, invalid, or using elements it does not execute.</summary>
internal sealed class BpmnParseException : Exception
{
    public BpmnParseException()
        : this("BPMN resource could not be parsed")
    {
    }

    public BpmnParseException(string message)
        : base(message)
    {
        ResourceName = string.Empty;
        Problems = [new BpmnProblem(message, 0, 0, null)];
    }

    public BpmnParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        ResourceName = string.Empty;
        Problems = [new BpmnProblem(message, 0, 0, null)];
    }

    public BpmnParseException(string resourceName, IReadOnlyList<BpmnProblem> problems)
        : base(problems.Count > 0 ? problems[0].Message : "BPMN resource could not be parsed")
    {
        ResourceName = resourceName;
        Problems = problems;
    }

    public string ResourceName { get; }

    public IReadOnlyList<BpmnProblem> Problems { get; }
}
