using System.Xml;
using System.Xml.Linq;

namespace Bptl.Sandbox.Bpmn;

/// <summary>Namespaces and small XML helpers of the BPMN parser.</summary>
internal static class BpmnXml
{
    public static readonly XNamespace Model = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public static readonly XNamespace Camunda = "http://camunda.org/schema/1.0/bpmn";

    /// <summary>Camunda still reads its attributes from the old Activiti namespace.</summary>
    public static readonly XNamespace Activiti = "http://activiti.org/bpmn";

    public static bool IsModel(XElement element) => element.Name.Namespace == Model;

    public static bool IsCamunda(XElement element) =>
        element.Name.Namespace == Camunda || element.Name.Namespace == Activiti;

    public static string? CamundaAttribute(XElement element, string name) =>
        (element.Attribute(Camunda + name) ?? element.Attribute(Activiti + name))?.Value;

    public static string? Attribute(XElement element, string name) => element.Attribute(name)?.Value;

    public static string? Id(XElement element) => element.Attribute("id")?.Value;

    public static (int Line, int Column) Position(XObject node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (0, 0);

    public static IEnumerable<XElement> ModelChildren(XElement element, string localName) =>
        element.Elements(Model + localName);

    /// <summary>The event definitions of an event (any <c>*EventDefinition</c> child or <c>eventDefinitionRef</c>).</summary>
    public static List<XElement> EventDefinitions(XElement element)
    {
        var result = new List<XElement>();
        foreach (var child in element.Elements())
        {
            if (IsModel(child)
                && (child.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal) || child.Name.LocalName == "eventDefinitionRef"))
            {
                result.Add(child);
            }
        }

        return result;
    }

    public static string? Documentation(XElement element)
    {
        var doc = element.Element(Model + "documentation");
        return doc is null ? null : doc.Value.Trim();
    }
}
