using System.Xml.Linq;

namespace Bptl.Sandbox.Bpmn;

/// <summary>
/// Start events and the message wait states: message start events, message intermediate catch events and
/// receive tasks with a <c>messageRef</c>. Messages are resolved by id against the <c>bpmn:message</c>
/// definitions, with Camunda's parse errors for a missing or unknown reference and a missing name.
/// </summary>
internal sealed partial class BpmnParser
{
    private StartEventNode? ParseStartEvent(XElement element, string id)
    {
        var definitions = BpmnXml.EventDefinitions(element);
        string? messageName = null;
        if (definitions is [{ Name.LocalName: "messageEventDefinition" } message])
        {
            if (!TryResolveMessage(message, element, id, out messageName))
            {
                return null;
            }
        }
        else if (definitions is [var definition, ..])
        {
            Unsupported(element, id, definition.Name.LocalName + " is not supported by the sandbox engine");
            return null;
        }

        return CheckExtensions(element, "startEvent", id, allowErrorEventDefinitions: false)
            ? new StartEventNode(id) { Name = Name(element), MessageName = messageName }
            : null;
    }

    private MessageCatchNode? ParseIntermediateCatchEvent(XElement element, string id)
    {
        var definitions = BpmnXml.EventDefinitions(element);
        if (definitions is not [{ Name.LocalName: "messageEventDefinition" } message])
        {
            var what = definitions.Count switch
            {
                0 => "an intermediate catch event without an event definition",
                1 => definitions[0].Name.LocalName,
                _ => "multiple event definitions",
            };
            Unsupported(element, id, what + " is not supported by the sandbox engine (only message catch events are)");
            return null;
        }

        if (!TryResolveMessage(message, element, id, out var messageName)
            || !CheckExtensions(element, "intermediateCatchEvent", id, allowErrorEventDefinitions: false))
        {
            return null;
        }

        return new MessageCatchNode(id, "intermediateCatchEvent", messageName) { Name = Name(element) };
    }

    private MessageCatchNode? ParseReceiveTask(XElement element, string id)
    {
        if (BpmnXml.Attribute(element, "messageRef") is null)
        {
            Unsupported(element, id, "a receive task without messageRef waits for a signal through /execution/{id}/signal, "
                + "which the sandbox engine does not serve");
            return null;
        }

        if (!TryResolveMessage(element, element, id, out var messageName)
            || !CheckActivity(element, id, "receiveTask", allowErrorEventDefinitions: false))
        {
            return null;
        }

        var node = new MessageCatchNode(id, "receiveTask", messageName) { Name = Name(element) };
        node.DefaultFlowId = BpmnXml.Attribute(element, "default");
        return node;
    }

    /// <summary>
    /// Resolves the <c>messageRef</c> of <paramref name="holder"/> (an event definition or a receive task) to the
    /// message's name. Like Camunda, a reference may carry a namespace prefix.
    /// </summary>
    private bool TryResolveMessage(XElement holder, XElement element, string id, out string name)
    {
        name = string.Empty;
        var messageRef = BpmnXml.Attribute(holder, "messageRef");
        if (messageRef is null)
        {
            Problem(holder, "attribute 'messageRef' is required", id);
            return false;
        }

        if (!_messages.TryGetValue(messageRef, out var messageName)
            && !(messageRef.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0
                && _messages.TryGetValue(messageRef[(colon + 1)..], out messageName)))
        {
            Problem(holder, "Invalid 'messageRef': no message with id '" + messageRef + "' found.", id);
            return false;
        }

        if (string.IsNullOrEmpty(messageName))
        {
            Problem(element, "Cannot have a message event subscription with an empty or missing name", id);
            return false;
        }

        if (messageName.Contains("${", StringComparison.Ordinal) || messageName.Contains("#{", StringComparison.Ordinal))
        {
            Unsupported(element, id, "a message name with an expression ('" + messageName + "') is not supported by the sandbox engine");
            return false;
        }

        name = messageName;
        return true;
    }

    /// <summary>
    /// Camunda's choice of the initial start event: the single none start event, or the only start event of
    /// any kind; several none start events are an error, several message start events need distinct names.
    /// </summary>
    private bool FindStartEvents(XElement process, string key, Dictionary<string, FlowNode> nodes,
        out StartEventNode? initial, out List<StartEventNode> messageStarts)
    {
        initial = null;
        messageStarts = [];
        StartEventNode? none = null;
        var count = 0;
        var ok = true;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes.Values)
        {
            if (node is not StartEventNode start)
            {
                continue;
            }

            count++;
            if (start.MessageName is { } messageName)
            {
                if (!names.Add(messageName))
                {
                    Problem(process, "Cannot have more than one message event subscription with name '" + messageName
                        + "' for scope '" + key + "'", start.Id);
                    ok = false;
                }

                messageStarts.Add(start);
            }
            else if (none is not null)
            {
                Problem(process, "Process '" + key + "' has multiple none start events", key);
                ok = false;
            }
            else
            {
                none = start;
            }
        }

        if (count == 0)
        {
            Problem(process, "Process '" + key + "' has no start event", key);
            return false;
        }

        initial = none ?? (count == 1 ? messageStarts[0] : null);
        return ok;
    }
}
