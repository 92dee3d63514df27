using System.Xml.Linq;

namespace Bptl.Sandbox.Bpmn;

/// <summary>The flow-node part of the parser: one method per supported kind.</summary>
internal sealed partial class BpmnParser
{
    private static readonly HashSet<string> ToleratedCamundaExtensions = new(StringComparer.Ordinal)
    {
        "properties", "failedJobRetryTimeCycle", "formData", "formField", "formProperty",
    };

    private FlowNode? ParseNode(XElement element, string id)
    {
        var tag = element.Name.LocalName;
        switch (tag)
        {
            case "startEvent":
                return ParseStartEvent(element, id);
            case "endEvent":
                return ParseEndEvent(element, id);
            case "serviceTask" or "sendTask" or "businessRuleTask":
                return ParseExternalTask(element, id, tag);
            case "task" or "manualTask":
                return CheckActivity(element, id, tag, allowErrorEventDefinitions: false) ? WithDefault(element, new PassThroughNode(id, tag) { Name = Name(element) }) : null;
            case "intermediateThrowEvent":
                if (BpmnXml.EventDefinitions(element) is [var definition, ..])
                {
                    Unsupported(element, id, definition.Name.LocalName + " is not supported by the sandbox engine");
                    return null;
                }

                return CheckExtensions(element, tag, id, allowErrorEventDefinitions: false) ? new PassThroughNode(id, tag) { Name = Name(element) } : null;
            case "intermediateCatchEvent":
                return ParseIntermediateCatchEvent(element, id);
            case "receiveTask":
                return ParseReceiveTask(element, id);
            case "exclusiveGateway":
                return CheckExtensions(element, tag, id, allowErrorEventDefinitions: false) ? WithDefault(element, new ExclusiveGatewayNode(id) { Name = Name(element) }) : null;
            case "parallelGateway":
                return CheckExtensions(element, tag, id, allowErrorEventDefinitions: false) ? new ParallelGatewayNode(id) { Name = Name(element) } : null;
            default:
                Unsupported(element, id);
                return null;
        }
    }

    private static string? Name(XElement element) => BpmnXml.Attribute(element, "name");

    private static FlowNode WithDefault(XElement element, FlowNode node)
    {
        node.DefaultFlowId = BpmnXml.Attribute(element, "default");
        return node;
    }

    private EndEventNode? ParseEndEvent(XElement element, string id)
    {
        var definitions = BpmnXml.EventDefinitions(element);
        var kind = EndEventKind.None;
        if (definitions.Count > 1)
        {
            Unsupported(element, id, "multiple event definitions are not supported by the sandbox engine");
            return null;
        }

        if (definitions.Count == 1)
        {
            switch (definitions[0].Name.LocalName)
            {
                case "terminateEventDefinition":
                    kind = EndEventKind.Terminate;
                    break;
                case "errorEventDefinition":
                    kind = EndEventKind.Error;
                    break;
                default:
                    Unsupported(element, id, definitions[0].Name.LocalName + " is not supported by the sandbox engine");
                    return null;
            }
        }

        return CheckExtensions(element, "endEvent", id, allowErrorEventDefinitions: false) ? new EndEventNode(id, kind) { Name = Name(element) } : null;
    }

    private ExternalTaskNode? ParseExternalTask(XElement element, string id, string tag)
    {
        var type = BpmnXml.CamundaAttribute(element, "type");
        if (!string.Equals(type, "external", StringComparison.Ordinal))
        {
            Unsupported(element, id, "only camunda:type=\"external\" is supported by the sandbox engine");
            return null;
        }

        var topic = BpmnXml.CamundaAttribute(element, "topic");
        if (string.IsNullOrEmpty(topic))
        {
            Problem(element, "External tasks must specify a 'topic' attribute in the camunda namespace", id);
            return null;
        }

        if (!CheckActivity(element, id, tag, allowErrorEventDefinitions: true))
        {
            return null;
        }

        var node = new ExternalTaskNode(id, tag, topic)
        {
            Name = Name(element),
            Priority = ParsePriority(element, id),
            ExtensionProperties = ReadProperties(element),
            ErrorEventDefinitions = ReadErrorEventDefinitions(element, id),
        };
        node.DefaultFlowId = BpmnXml.Attribute(element, "default");
        return node;
    }

    private bool CheckActivity(XElement element, string id, string tag, bool allowErrorEventDefinitions)
    {
        foreach (var child in element.Elements())
        {
            if (BpmnXml.IsModel(child) && child.Name.LocalName is "multiInstanceLoopCharacteristics" or "standardLoopCharacteristics")
            {
                Unsupported(element, id, child.Name.LocalName + " is not supported by the sandbox engine");
                return false;
            }
        }

        return CheckExtensions(element, tag, id, allowErrorEventDefinitions);
    }

    /// <summary>Refuses Camunda extensions that change behaviour (listeners, I/O mappings, connectors).</summary>
    private bool CheckExtensions(XElement element, string tag, string id, bool allowErrorEventDefinitions)
    {
        var extensions = element.Element(BpmnXml.Model + "extensionElements");
        if (extensions is null)
        {
            return true;
        }

        var ok = true;
        foreach (var extension in extensions.Elements())
        {
            if (!BpmnXml.IsCamunda(extension))
            {
                continue;
            }

            var name = extension.Name.LocalName;
            if (ToleratedCamundaExtensions.Contains(name) || (allowErrorEventDefinitions && name == "errorEventDefinition"))
            {
                continue;
            }

            Problem(extension, "Unsupported element 'camunda:" + name + "' in '" + tag + "' with id '" + id
                + "': the sandbox engine does not execute this extension", id);
            ok = false;
        }

        return ok;
    }

    private static Dictionary<string, string> ReadProperties(XElement element)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var extensions = element.Element(BpmnXml.Model + "extensionElements");
        if (extensions is null)
        {
            return result;
        }

        foreach (var properties in extensions.Elements().Where(e => BpmnXml.IsCamunda(e) && e.Name.LocalName == "properties"))
        {
            foreach (var property in properties.Elements().Where(e => e.Name.LocalName == "property"))
            {
                if (BpmnXml.Attribute(property, "name") is { } name)
                {
                    result[name] = BpmnXml.Attribute(property, "value") ?? string.Empty;
                }
            }
        }

        return result;
    }

    private List<ErrorEventDefinition> ReadErrorEventDefinitions(XElement element, string id)
    {
        var result = new List<ErrorEventDefinition>();
        var extensions = element.Element(BpmnXml.Model + "extensionElements");
        if (extensions is null)
        {
            return result;
        }

        foreach (var definition in extensions.Elements().Where(e => BpmnXml.IsCamunda(e) && e.Name.LocalName == "errorEventDefinition"))
        {
            var expressionText = BpmnXml.Attribute(definition, "expression");
            if (expressionText is null)
            {
                continue;
            }

            var expression = CompileExpression(definition, expressionText, "expression of camunda:errorEventDefinition in '" + id + "'", id);
            if (expression is null)
            {
                continue;
            }

            var (code, message) = ResolveError(BpmnXml.Attribute(definition, "errorRef"));
            result.Add(new ErrorEventDefinition(code, message, expression));
        }

        return result;
    }

    private ErrorBoundaryEventNode? ParseBoundary(XElement element, Dictionary<string, FlowNode> nodes)
    {
        var id = BpmnXml.Id(element)!;
        var definitions = BpmnXml.EventDefinitions(element);
        if (definitions.Count != 1 || definitions[0].Name.LocalName != "errorEventDefinition")
        {
            var what = definitions.Count == 0 ? "a boundary event without an event definition" : definitions[0].Name.LocalName;
            Unsupported(element, id, what + " is not supported by the sandbox engine (only error boundary events are)");
            return null;
        }

        var attachedToRef = BpmnXml.Attribute(element, "attachedToRef");
        if (attachedToRef is not null && _refused.Contains(attachedToRef))
        {
            return null;
        }

        if (attachedToRef is null || !nodes.TryGetValue(attachedToRef, out var attached) || attached is not ExternalTaskNode task)
        {
            Unsupported(element, id, "error boundary events are only supported on external tasks (attachedToRef '" + attachedToRef + "')");
            return null;
        }

        if (!CheckExtensions(element, "boundaryEvent", id, allowErrorEventDefinitions: false))
        {
            return null;
        }

        var definition = definitions[0];
        var errorRef = BpmnXml.Attribute(definition, "errorRef");
        var (code, _) = errorRef is null ? (null, null) : ResolveError(errorRef);
        var boundary = new ErrorBoundaryEventNode(id, task)
        {
            Name = Name(element),
            ErrorCode = code,
            ErrorCodeVariable = BpmnXml.CamundaAttribute(definition, "errorCodeVariable"),
            ErrorMessageVariable = BpmnXml.CamundaAttribute(definition, "errorMessageVariable"),
        };
        task.ErrorBoundaries.Add(boundary);
        return boundary;
    }

    /// <summary>
    /// Resolves an errorRef to the referenced error's code. Like Camunda, an errorRef that names no
    /// <c>bpmn:error</c> is taken as the error code itself.
    /// </summary>
    private (string? Code, string? Message) ResolveError(string? errorRef)
    {
        if (errorRef is null)
        {
            return (null, null);
        }

        return _errors.TryGetValue(errorRef, out var error) ? (error.Code, error.Message) : (errorRef, null);
    }
}
