using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Contracts;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>A started instance, with its variables when the request asked for them.</summary>
internal sealed record StartResult(ProcessInstanceDto Instance, VariableMapOutput? Variables);

/// <summary>Starting, reading and deleting process instances.</summary>
internal sealed partial class RuntimeService
{
    private readonly EngineContext _context;
    private readonly EngineState _state;
    private readonly ProcessRunner _runner;
    private readonly DtoMapper _mapper;

    public RuntimeService(EngineContext context, ProcessRunner runner)
    {
        _context = context;
        _state = context.State;
        _runner = runner;
        _mapper = new DtoMapper(context.Zone);
    }

    /// <summary>Starts the latest version of a key (no tenant, or the given tenant).</summary>
    public StartResult StartByKey(string key, string? tenantId, StartProcessInstanceDto request, string baseUri)
    {
        var tx = new EngineTransaction();
        StartResult result;
        lock (_state.Gate)
        {
            var definition = _state.LatestDefinition(key, tenantId) ?? throw RepositoryService.NoDefinitionForKey(key, tenantId);
            result = Start(definition, request, baseUri, tx);
        }

        _context.NotifyIfAvailable(tx);
        return result;
    }

    public StartResult StartById(string definitionId, StartProcessInstanceDto request, string baseUri)
    {
        var tx = new EngineTransaction();
        StartResult result;
        lock (_state.Gate)
        {
            if (!_state.Definitions.TryGetValue(definitionId, out var definition))
            {
                throw Errors.RestFromEngine(500, "Cannot instantiate process definition " + definitionId
                    + ": no deployed process definition found with id '" + definitionId + "': processDefinition is null");
            }

            result = Start(definition, request, baseUri, tx);
        }

        _context.NotifyIfAvailable(tx);
        return result;
    }

    private StartResult Start(ProcessDefinition definition, StartProcessInstanceDto request, string baseUri, EngineTransaction tx)
    {
        var initial = ConvertStartVariables(definition, request.Variables);
        ProcessInstance instance;
        try
        {
            var start = definition.Model.StartEvent ?? throw Errors.NullValue(
                "Cannot start process instance, initial activity where the process instance should start is null: initial is null");
            instance = Instantiate(definition, start, request.BusinessKey, initial, tx);
            tx.Commit();
        }
        catch (EngineError e)
        {
            tx.Rollback();
            throw Errors.RestFromEngine(500, "Cannot instantiate process definition " + definition.Id + ": " + e.WireMessage);
        }
        catch
        {
            tx.Rollback();
            throw;
        }

        var variables = request.WithVariablesInReturn == true
            ? new VariableMapOutput([.. instance.Variables], deserializeValues: false, _context.Zone)
            : null;
        return new StartResult(DtoMapper.Instance(instance, baseUri), variables);
    }

    /// <summary>
    /// Creates an instance in <paramref name="tx"/> and runs it from <paramref name="start"/> to its first wait
    /// states. The caller holds the engine lock and commits (or rolls back) the transaction.
    /// </summary>
    internal ProcessInstance Instantiate(ProcessDefinition definition, StartEventNode start, string? businessKey,
        Dictionary<string, TypedValue>? variables, EngineTransaction tx)
    {
        var id = EngineContext.NewId();
        var history = new HistoricProcessInstance
        {
            Id = id,
            BusinessKey = businessKey,
            Definition = definition,
            StartTime = _context.Now(),
            StartActivityId = start.Id,
            Sequence = _state.NextSequence(),
        };
        var instance = new ProcessInstance { Id = id, Definition = definition, BusinessKey = businessKey, History = history };
        tx.OnCommit(() =>
        {
            _state.Instances.Add(id, instance);
            _state.History.Add(id, history);
        });
        foreach (var (name, value) in variables ?? [])
        {
            tx.SetVariable(instance.Variables, name, value);
        }

        _runner.Start(instance, start, tx);
        return instance;
    }

    /// <summary>Variable errors at start are wrapped as "Cannot instantiate process definition &lt;id&gt;: ...".</summary>
    private static Dictionary<string, TypedValue>? ConvertStartVariables(ProcessDefinition definition, Dictionary<string, VariableValueDto?>? variables)
    {
        try
        {
            return VariableConverter.FromMap(variables);
        }
        catch (EngineError e) when (e.Type is "RestException" or "InvalidRequestException")
        {
            throw Errors.InvalidRequest(e.Status, "Cannot instantiate process definition " + definition.Id + ": " + e.WireMessage);
        }
        catch (EngineError e) when (e.Type == "ProcessEngineException")
        {
            throw Errors.RestFromEngine(500, "Cannot instantiate process definition " + definition.Id + ": " + e.WireMessage);
        }
    }

    public ProcessInstanceDto Get(string id, string baseUri)
    {
        lock (_state.Gate)
        {
            return _state.Instances.TryGetValue(id, out var instance)
                ? DtoMapper.Instance(instance, baseUri)
                : throw Errors.ProcessInstanceNotFound(id);
        }
    }

    public List<ProcessInstanceDto> Query(ProcessInstanceQuery query, string baseUri)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state).ConvertAll(i => DtoMapper.Instance(i, baseUri));
        }
    }

    public long Count(ProcessInstanceQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state, paged: false).Count;
        }
    }

    /// <summary>DELETE: cancels the instance; its tasks are gone (a later complete gets 404).</summary>
    public void Delete(string id)
    {
        lock (_state.Gate)
        {
            if (!_state.Instances.TryGetValue(id, out var instance))
            {
                throw new EngineError(404, "InvalidRequestException", "Process instance with id " + id + " does not exist", 0);
            }

            var tx = new EngineTransaction();
            _runner.Cancel(instance, tx);
            tx.Commit();
        }
    }

    public List<HistoricProcessInstanceDto> QueryHistory(HistoricProcessInstanceQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state).ConvertAll(_mapper.Historic);
        }
    }

    public long CountHistory(HistoricProcessInstanceQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state, paged: false).Count;
        }
    }

    public HistoricProcessInstanceDto GetHistory(string id)
    {
        lock (_state.Gate)
        {
            return _state.History.TryGetValue(id, out var history)
                ? _mapper.Historic(history)
                : throw Errors.InvalidRequest(404, "Historic process instance with id " + id + " does not exist");
        }
    }

    public List<IncidentDto> QueryIncidents(IncidentQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state).ConvertAll(_mapper.Incident);
        }
    }

    public long CountIncidents(IncidentQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state, paged: false).Count;
        }
    }
}
