using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>
/// The process-instance variable endpoints. Error messages follow Camunda's
/// AbstractVariablesResource: conversion errors keep their status, engine errors become 500.
/// </summary>
internal sealed partial class RuntimeService
{
    private const string ResourceType = "process instance";

    public VariableMapOutput GetVariables(string id, bool deserializeValues)
    {
        lock (_state.Gate)
        {
            var instance = _state.Instances.GetValueOrDefault(id) ?? throw Errors.NullValue(Errors.ExecutionMissing(id));
            return new VariableMapOutput([.. instance.Variables], deserializeValues, _context.Zone);
        }
    }

    public TypedValue GetVariable(string id, string name)
    {
        lock (_state.Gate)
        {
            var instance = _state.Instances.GetValueOrDefault(id)
                ?? throw Errors.RestFromEngine(500, "Cannot get " + ResourceType + " variable " + name + ": " + Errors.ExecutionMissing(id));
            return instance.Variables.TryGetValue(name, out var value)
                ? value
                : throw Errors.InvalidRequest(404, ResourceType + " variable with name " + name + " does not exist");
        }
    }

    /// <summary>The content of a Bytes or File variable, for the binary-data endpoint.</summary>
    public TypedValue GetBinaryVariable(string id, string name)
    {
        var value = GetVariable(id, name);
        return value.Kind is VariableKind.Bytes or VariableKind.File
            ? value
            : throw Errors.InvalidRequest(400, "Value of variable with id " + name + " is not a binary value.");
    }

    public void PutVariable(string id, string name, VariableValueDto? dto)
    {
        TypedValue value;
        try
        {
            value = dto is null ? TypedValue.NullValue : VariableConverter.FromDto(dto);
        }
        catch (EngineError e) when (e.Type is "RestException" or "InvalidRequestException")
        {
            throw Errors.InvalidRequest(e.Status, "Cannot put " + ResourceType + " variable " + name + ": " + e.WireMessage);
        }
        catch (EngineError e) when (e.Type == "ProcessEngineException")
        {
            throw Errors.RestFromEngine(500, "Cannot put " + ResourceType + " variable " + name + ": " + e.WireMessage);
        }

        SetVariable(id, name, value);
    }

    public void SetVariable(string id, string name, TypedValue value)
    {
        lock (_state.Gate)
        {
            var instance = _state.Instances.GetValueOrDefault(id)
                ?? throw Errors.RestFromEngine(500, "Cannot put " + ResourceType + " variable " + name + ": " + Errors.ExecutionMissing(id));
            new EngineTransaction().SetVariable(instance.Variables, name, value);
        }
    }

    public void DeleteVariable(string id, string name)
    {
        lock (_state.Gate)
        {
            var instance = _state.Instances.GetValueOrDefault(id)
                ?? throw Errors.RestFromEngine(500, "Cannot delete " + ResourceType + " variable " + name + ": " + Errors.ExecutionMissing(id));
            instance.Variables.Remove(name);
        }
    }

    /// <summary>POST .../variables: modifications first, then deletions, all or nothing.</summary>
    public void ModifyVariables(string id, Dictionary<string, VariableValueDto?>? modifications, List<string>? deletions)
    {
        Dictionary<string, TypedValue>? values;
        try
        {
            values = VariableConverter.FromMap(modifications);
        }
        catch (EngineError e) when (e.Type is "RestException" or "InvalidRequestException")
        {
            throw Errors.InvalidRequest(e.Status, "Cannot modify variables for " + ResourceType + ": " + e.WireMessage);
        }

        lock (_state.Gate)
        {
            var instance = _state.Instances.GetValueOrDefault(id)
                ?? throw Errors.RestFromEngine(500, "Cannot modify variables for " + ResourceType + " " + id + ": " + Errors.ExecutionMissing(id));
            var tx = new EngineTransaction();
            foreach (var (name, value) in values ?? [])
            {
                tx.SetVariable(instance.Variables, name, value);
            }

            foreach (var name in deletions ?? [])
            {
                tx.RemoveVariable(instance.Variables, name);
            }

            tx.Commit();
        }
    }
}
