using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Bptl.Sandbox.Expressions;

namespace Bptl.Sandbox.Bpmn;

/// <summary>
/// Parses a BPMN 2.0 resource into executable <see cref="ProcessModel"/>s. Every flow element the
/// sandbox cannot execute is refused with its tag and id: a model is never run with parts silently
/// missing. All problems of a resource are reported together.
/// </summary>
internal sealed partial class BpmnParser
{
    private static readonly HashSet<string> IgnoredProcessChildren = new(StringComparer.Ordinal)
    {
        "documentation", "extensionElements", "laneSet", "textAnnotation", "association", "dataObject",
        "dataObjectReference", "dataStoreReference", "group", "property", "auditing", "monitoring",
    };

    private readonly List<BpmnProblem> _problems = [];
    private readonly Dictionary<string, (string? Code, string? Message)> _errors = new(StringComparer.Ordinal);

    /// <summary>The <c>bpmn:message</c> definitions: id → name (null when the name is missing).</summary>
    private readonly Dictionary<string, string?> _messages = new(StringComparer.Ordinal);

    /// <summary>Ids of refused elements: flows to or from them are not reported a second time.</summary>
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);

    public static BpmnDocument Parse(string resourceName, byte[] content)
    {
        XDocument document;
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(stream, settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new BpmnParseException(resourceName, [new BpmnProblem(e.Message, e.LineNumber, e.LinePosition, null)]);
        }

        var parser = new BpmnParser();
        var result = parser.ParseDefinitions(document.Root!);
        if (parser._problems.Count > 0)
        {
            throw new BpmnParseException(resourceName, parser._problems);
        }

        return result;
    }

    private BpmnDocument ParseDefinitions(XElement root)
    {
        if (root.Name != BpmnXml.Model + "definitions")
        {
            Problem(root, "The root element must be 'definitions' in namespace " + BpmnXml.Model.NamespaceName, null);
            return new BpmnDocument { Processes = [] };
        }

        foreach (var error in BpmnXml.ModelChildren(root, "error"))
        {
            if (BpmnXml.Id(error) is { } id)
            {
                _errors[id] = (BpmnXml.Attribute(error, "errorCode"), BpmnXml.CamundaAttribute(error, "errorMessage"));
            }
        }

        foreach (var message in BpmnXml.ModelChildren(root, "message"))
        {
            if (BpmnXml.Id(message) is { } id)
            {
                _messages[id] = BpmnXml.Attribute(message, "name");
            }
        }

        var processes = new List<ProcessModel>();
        foreach (var process in BpmnXml.ModelChildren(root, "process"))
        {
            if (string.Equals(BpmnXml.Attribute(process, "isExecutable"), "false", StringComparison.Ordinal))
            {
                continue;
            }

            if (ParseProcess(process) is { } model)
            {
                processes.Add(model);
            }
        }

        return new BpmnDocument { TargetNamespace = BpmnXml.Attribute(root, "targetNamespace"), Processes = processes };
    }

    private ProcessModel? ParseProcess(XElement process)
    {
        var key = BpmnXml.Id(process);
        if (string.IsNullOrEmpty(key))
        {
            Problem(process, "Process has no id", null);
            return null;
        }

        CheckExtensions(process, "process", key, allowErrorEventDefinitions: false);
        var nodes = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        var flows = new List<XElement>();
        var boundaries = new List<XElement>();
        foreach (var child in process.Elements())
        {
            if (!BpmnXml.IsModel(child) || IgnoredProcessChildren.Contains(child.Name.LocalName))
            {
                continue;
            }

            var id = BpmnXml.Id(child);
            if (string.IsNullOrEmpty(id))
            {
                Problem(child, "Element '" + child.Name.LocalName + "' has no id", null);
                continue;
            }

            if (nodes.ContainsKey(id))
            {
                Problem(child, "Duplicate id '" + id + "'", id);
                continue;
            }

            switch (child.Name.LocalName)
            {
                case "sequenceFlow":
                    flows.Add(child);
                    break;
                case "boundaryEvent":
                    boundaries.Add(child);
                    break;
                default:
                    if (ParseNode(child, id) is { } node)
                    {
                        nodes[id] = node;
                    }
                    else
                    {
                        _refused.Add(id);
                    }

                    break;
            }
        }

        foreach (var boundary in boundaries)
        {
            if (ParseBoundary(boundary, nodes) is { } node)
            {
                nodes[node.Id] = node;
            }
            else
            {
                _refused.Add(BpmnXml.Id(boundary)!);
            }
        }

        foreach (var flow in flows)
        {
            ParseFlow(flow, nodes);
        }

        CheckDefaultFlows(process, nodes);
        if (!FindStartEvents(process, key, nodes, out var start, out var messageStarts))
        {
            return null;
        }

        return new ProcessModel
        {
            Key = key,
            Name = BpmnXml.Attribute(process, "name"),
            Documentation = BpmnXml.Documentation(process),
            VersionTag = BpmnXml.CamundaAttribute(process, "versionTag"),
            HistoryTimeToLive = ParseHistoryTimeToLive(process),
            IsStartableInTasklist = !string.Equals(BpmnXml.CamundaAttribute(process, "isStartableInTasklist"), "false", StringComparison.Ordinal),
            TaskPriority = ParsePriority(process, key),
            StartEvent = start,
            MessageStartEvents = messageStarts,
            Nodes = nodes,
        };
    }

    private void ParseFlow(XElement flow, Dictionary<string, FlowNode> nodes)
    {
        var id = BpmnXml.Id(flow)!;
        var sourceRef = BpmnXml.Attribute(flow, "sourceRef");
        var targetRef = BpmnXml.Attribute(flow, "targetRef");
        if ((sourceRef is not null && _refused.Contains(sourceRef)) || (targetRef is not null && _refused.Contains(targetRef)))
        {
            return;
        }

        if (sourceRef is null || !nodes.TryGetValue(sourceRef, out var source))
        {
            Problem(flow, "Invalid source '" + sourceRef + "' of sequence flow '" + id + "'", id);
            return;
        }

        if (targetRef is null || !nodes.TryGetValue(targetRef, out var target))
        {
            Problem(flow, "Invalid destination '" + targetRef + "' of sequence flow '" + id + "'", id);
            return;
        }

        if (target is StartEventNode or ErrorBoundaryEventNode)
        {
            Problem(flow, "Sequence flow '" + id + "' must not lead to the " + target.ElementName + " '" + target.Id + "'", id);
            return;
        }

        Expression? condition = null;
        var conditionElement = flow.Element(BpmnXml.Model + "conditionExpression");
        if (conditionElement is not null)
        {
            condition = ParseCondition(conditionElement, id);
        }

        var sequenceFlow = new SequenceFlow(id, source, target, condition);
        source.Outgoing.Add(sequenceFlow);
        target.Incoming.Add(sequenceFlow);
    }

    private Expression? ParseCondition(XElement conditionElement, string flowId)
    {
        var language = BpmnXml.Attribute(conditionElement, "language");
        if (language is not null && !string.Equals(language, "juel", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(language, "http://www.w3.org/1999/XPath", StringComparison.Ordinal))
        {
            Problem(conditionElement, "Unsupported element 'conditionExpression' of sequence flow '" + flowId
                + "': script conditions (language '" + language + "') are not supported by the sandbox engine", flowId);
            return null;
        }

        if (BpmnXml.CamundaAttribute(conditionElement, "resource") is not null)
        {
            Problem(conditionElement, "Unsupported element 'conditionExpression' of sequence flow '" + flowId
                + "': external condition resources are not supported by the sandbox engine", flowId);
            return null;
        }

        return CompileExpression(conditionElement, conditionElement.Value.Trim(), "condition expression of sequence flow '" + flowId + "'", flowId);
    }

    private void CheckDefaultFlows(XElement process, Dictionary<string, FlowNode> nodes)
    {
        foreach (var node in nodes.Values)
        {
            if (node.DefaultFlowId is { } defaultId && !node.Outgoing.Exists(f => f.Id == defaultId))
            {
                Problem(process, "Default sequence flow '" + defaultId + "' of '" + node.Id + "' is not an outgoing flow of it", node.Id);
            }
        }
    }

    private int? ParseHistoryTimeToLive(XElement process)
    {
        var text = BpmnXml.CamundaAttribute(process, "historyTimeToLive");
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return days;
        }

        if (text.Length > 2 && text[0] == 'P' && text[^1] == 'D'
            && int.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out days))
        {
            return days;
        }

        if (text.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        Problem(process, "Cannot parse historyTimeToLive '" + text + "'", BpmnXml.Id(process));
        return null;
    }

    private Expression? ParsePriority(XElement element, string id)
    {
        var text = BpmnXml.CamundaAttribute(element, "taskPriority");
        if (text is null)
        {
            return null;
        }

        var expression = CompileExpression(element, text, "taskPriority of '" + id + "'", id);
        if (expression is { IsLiteral: true } && !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            Problem(element, "Value '" + text + "' for attribute 'taskPriority' is not a valid number", id);
            return null;
        }

        return expression;
    }

    private Expression? CompileExpression(XElement element, string text, string what, string? elementId)
    {
        try
        {
            return Expression.Compile(text);
        }
        catch (ExpressionSyntaxException e)
        {
            Problem(element, "Invalid " + what + " '" + text + "': " + e.Message, elementId);
            return null;
        }
    }

    private void Problem(XObject node, string message, string? elementId)
    {
        var (line, column) = BpmnXml.Position(node);
        _problems.Add(new BpmnProblem(message, line, column, elementId));
    }

    private void Unsupported(XElement element, string id, string? detail = null) =>
        Problem(element, "Unsupported element '" + element.Name.LocalName + "' with id '" + id + "': "
            + (detail ?? "the sandbox engine does not execute this element"), id);
}
