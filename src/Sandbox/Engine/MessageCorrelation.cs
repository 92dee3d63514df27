using System.Globalization;
using System.Text;
using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>
/// What a <c>POST /message</c> asks for, with its variables already converted. <see cref="IsTenantIdSet"/> is
/// true for a tenant id and for <c>withoutTenantId</c> (then <see cref="TenantId"/> is null), as in Camunda's
/// MessageCorrelationBuilder.
/// </summary>
internal sealed record MessageCorrelation
{
    public required string MessageName { get; init; }

    public string? BusinessKey { get; init; }

    public string? ProcessInstanceId { get; init; }

    public string? TenantId { get; init; }

    public bool IsTenantIdSet { get; init; }

    public Dictionary<string, TypedValue>? CorrelationKeys { get; init; }

    public Dictionary<string, TypedValue>? LocalCorrelationKeys { get; init; }

    public Dictionary<string, TypedValue>? ProcessVariables { get; init; }

    public Dictionary<string, TypedValue>? ProcessVariablesLocal { get; init; }

    public bool All { get; init; }

    public bool VariablesInResult { get; init; }

    /// <summary>Whether a waiting execution matches (Camunda's execution query of the DefaultCorrelationHandler).</summary>
    public bool Matches(MessageWait wait)
    {
        var instance = wait.Instance;
        return !instance.IsEnded
            && !instance.Suspended
            && (BusinessKey is null || string.Equals(instance.BusinessKey, BusinessKey, StringComparison.Ordinal))
            && (ProcessInstanceId is null || string.Equals(instance.Id, ProcessInstanceId, StringComparison.Ordinal))
            && (!IsTenantIdSet || string.Equals(instance.TenantId, TenantId, StringComparison.Ordinal))
            && AllEqual(instance.Variables, CorrelationKeys)
            && AllEqual(wait.ScopeVariables, LocalCorrelationKeys);
    }

    /// <summary>
    /// Whether a start message reaches the definition. Like Camunda, only the name and the tenant count: a
    /// business key, correlation keys or a process instance id do not restrict start events.
    /// </summary>
    public bool MatchesStart(ProcessDefinition definition) =>
        !definition.Suspended && (!IsTenantIdSet || string.Equals(definition.TenantId, TenantId, StringComparison.Ordinal));

    /// <summary>Camunda's <c>CorrelationSet.toString()</c>, as quoted by the ambiguity errors.</summary>
    public string DescribeCorrelationSet() =>
        "CorrelationSet [businessKey=" + Java(BusinessKey) + ", processInstanceId=" + Java(ProcessInstanceId)
        + ", processDefinitionId=null, correlationKeys=" + DescribeMap(CorrelationKeys)
        + ", localCorrelationKeys=" + DescribeMap(LocalCorrelationKeys) + ", tenantId=" + Java(TenantId)
        + ", isTenantIdSet=" + (IsTenantIdSet ? "true" : "false") + ", isExecutionsOnly=false]";

    /// <summary>
    /// Correlation keys are matched like an engine query: same type and equal value. Binary and serialized
    /// values cannot be queried.
    /// </summary>
    public void CheckQueryable()
    {
        Check(CorrelationKeys);
        Check(LocalCorrelationKeys);

        static void Check(Dictionary<string, TypedValue>? keys)
        {
            foreach (var (name, value) in keys ?? [])
            {
                if (value.Kind is VariableKind.Bytes or VariableKind.File or VariableKind.Object or VariableKind.Json or VariableKind.Xml)
                {
                    throw Errors.ProcessEngine("Variables of type " + VariableKinds.RestName(value.Kind)
                        + " cannot be used to correlate a message (correlation key '" + name + "')");
                }
            }
        }
    }

    private static bool AllEqual(Dictionary<string, TypedValue> scope, Dictionary<string, TypedValue>? keys)
    {
        foreach (var (name, wanted) in keys ?? [])
        {
            if (!scope.TryGetValue(name, out var actual) || actual.Kind != wanted.Kind || !Equals(actual.Value, wanted.Value))
            {
                return false;
            }
        }

        return true;
    }

    private static string Java(string? value) => value ?? "null";

    /// <summary>Camunda's VariableMapImpl.toString() of untyped values (the REST layer unwraps the typed ones).</summary>
    private static string DescribeMap(Dictionary<string, TypedValue>? map)
    {
        if (map is null)
        {
            return "null";
        }

        var text = new StringBuilder("{\n");
        foreach (var (name, value) in map)
        {
            text.Append("  ").Append(name).Append(" => Untyped value '").Append(JavaToString(value.Value)).Append("', isTransient = false\n");
        }

        return text.Append('}').ToString();
    }

    private static string JavaToString(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        double d => JavaNumberFormat.FormatDouble(d),
        DateTimeOffset date => date.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}

/// <summary>A start message's target: the latest version of a definition and its message start event.</summary>
internal sealed record StartMessageTarget(ProcessDefinition Definition, StartEventNode StartEvent);
