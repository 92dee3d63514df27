namespace Bptl.Sandbox.Contracts;

/// <summary>Camunda's error body. Null fields are written, so <c>code</c> is always present.</summary>
internal sealed class ExceptionDto
{
    public string? Type { get; set; }

    public string? Message { get; set; }

    public int? Code { get; set; }
}

/// <summary>A ParseException body: the error fields plus per-resource problem details.</summary>
internal sealed class ParseExceptionDto
{
    public string? Type { get; set; }

    public string? Message { get; set; }

    public int? Code { get; set; }

    public Dictionary<string, ResourceReportDto> Details { get; set; } = [];
}

internal sealed class ResourceReportDto
{
    public List<ProblemDto> Errors { get; set; } = [];

    public List<ProblemDto> Warnings { get; set; } = [];
}

internal sealed class ProblemDto
{
    public string? Message { get; set; }

    public int Line { get; set; }

    public int Column { get; set; }

    public string? MainElementId { get; set; }

    public List<string> ElementIds { get; set; } = [];
}

internal sealed class VersionDto
{
    public string? Version { get; set; }
}

internal sealed class ProcessEngineDto
{
    public string? Name { get; set; }
}
