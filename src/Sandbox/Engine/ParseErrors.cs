using System.Globalization;
using System.Text;
using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Contracts;

namespace Bptl.Sandbox.Engine;

/// <summary>Turns refused BPMN into Camunda's 400 ParseException body, with per-resource details.</summary>
internal static class ParseErrors
{
    public static EngineError ToEngineError(BpmnParseException exception)
    {
        var message = new StringBuilder("ENGINE-09005 Could not parse BPMN process. Errors: ");
        var report = new ResourceReportDto();
        foreach (var problem in exception.Problems)
        {
            message.Append("\n* ").Append(problem.Message)
                .Append(" | resource ").Append(exception.ResourceName)
                .Append(" | line ").Append(problem.Line.ToString(CultureInfo.InvariantCulture))
                .Append(" | column ").Append(problem.Column.ToString(CultureInfo.InvariantCulture));
            report.Errors.Add(new ProblemDto
            {
                Message = problem.Message,
                Line = problem.Line,
                Column = problem.Column,
                MainElementId = problem.ElementId,
                ElementIds = problem.ElementId is null ? [] : [problem.ElementId],
            });
        }

        return new EngineError(400, "ParseException", message.ToString(), 0)
        {
            Details = new Dictionary<string, ResourceReportDto> { [exception.ResourceName] = report },
        };
    }
}
