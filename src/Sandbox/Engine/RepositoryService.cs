using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Contracts;

namespace Bptl.Sandbox.Engine;

/// <summary>What a deployment request carries (the multipart form, already read).</summary>
internal sealed record DeploymentRequest(
    string? Name,
    string? Source,
    string? TenantId,
    bool EnableDuplicateFiltering,
    bool DeployChangedOnly,
    IReadOnlyList<DeploymentResource> Resources);

/// <summary>Deployments and process definitions: parse, version, list, delete.</summary>
internal sealed class RepositoryService
{
    private readonly EngineContext _context;
    private readonly EngineState _state;
    private readonly ProcessRunner _runner;

    public RepositoryService(EngineContext context, ProcessRunner runner)
    {
        _context = context;
        _state = context.State;
        _runner = runner;
    }

    public static bool IsBpmnResource(string name) =>
        name.EndsWith(".bpmn", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".bpmn20.xml", StringComparison.OrdinalIgnoreCase);

    public DeploymentWithDefinitionsDto Deploy(DeploymentRequest request, string baseUri)
    {
        // Parsing is pure, so it runs outside the engine lock.
        var parsed = new List<(DeploymentResource Resource, BpmnDocument Document)>();
        foreach (var resource in request.Resources)
        {
            if (IsBpmnResource(resource.Name))
            {
                parsed.Add((resource, Parse(resource)));
            }
        }

        CheckUniqueKeys(parsed);
        lock (_state.Gate)
        {
            var resources = request.Resources;
            if ((request.EnableDuplicateFiltering || request.DeployChangedOnly) && FindPrevious(request) is { } previous)
            {
                var changed = resources.Where(r => !previous.Resources.Any(p => p.Name == r.Name && p.Content.AsSpan().SequenceEqual(r.Content))).ToList();
                if (changed.Count == 0)
                {
                    return DeploymentDto(previous, baseUri, includeDefinitions: false);
                }

                if (request.DeployChangedOnly)
                {
                    resources = changed;
                    parsed = parsed.Where(p => changed.Contains(p.Resource)).ToList();
                }
            }

            CheckMessageStartEvents(parsed, request.TenantId);
            var deployment = new Deployment
            {
                Id = EngineContext.NewId(),
                Name = request.Name,
                Source = request.Source,
                TenantId = request.TenantId,
                DeploymentTime = _context.Now(),
                Resources = resources,
            };
            foreach (var (resource, document) in parsed)
            {
                foreach (var model in document.Processes)
                {
                    var version = (_state.LatestDefinition(model.Key, request.TenantId)?.Version ?? 0) + 1;
                    var definition = new ProcessDefinition
                    {
                        Id = model.Key + ":" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + EngineContext.NewId(),
                        Key = model.Key,
                        Version = version,
                        DeploymentId = deployment.Id,
                        ResourceName = resource.Name,
                        TenantId = request.TenantId,
                        Category = document.TargetNamespace,
                        Model = model,
                    };
                    deployment.Definitions.Add(definition);
                    _state.Definitions.Add(definition.Id, definition);
                }
            }

            _state.Deployments.Add(deployment.Id, deployment);
            return DeploymentDto(deployment, baseUri, includeDefinitions: true);
        }
    }

    public void DeleteDeployment(string id, bool cascade)
    {
        lock (_state.Gate)
        {
            if (!_state.Deployments.TryGetValue(id, out var deployment))
            {
                throw Errors.InvalidRequest(404, "Deployment with id '" + id + "' do not exist");
            }

            foreach (var definition in deployment.Definitions)
            {
                var instances = _state.Instances.Values.Where(i => ReferenceEquals(i.Definition, definition)).ToList();
                if (instances.Count > 0 && !cascade)
                {
                    throw Errors.ProcessEngine("Deletion of process definition without cascading failed. Process definition with id: "
                        + definition.Id + " can't be deleted, since there exists " + instances.Count + " dependening process instances.");
                }
            }

            foreach (var definition in deployment.Definitions)
            {
                foreach (var instance in _state.Instances.Values.Where(i => ReferenceEquals(i.Definition, definition)).ToList())
                {
                    var tx = new EngineTransaction();
                    _runner.Cancel(instance, tx);
                    tx.Commit();
                }

                // A cascading delete removes the history of the definition too.
                foreach (var history in _state.History.Values.Where(h => ReferenceEquals(h.Definition, definition)).ToList())
                {
                    _state.History.Remove(history.Id);
                }

                _state.Definitions.Remove(definition.Id);
            }

            _state.Deployments.Remove(id);
        }
    }

    public ProcessDefinitionDto GetLatestByKey(string key)
    {
        lock (_state.Gate)
        {
            return DtoMapper.Definition(_state.LatestDefinition(key, null) ?? throw NoDefinitionForKey(key, null));
        }
    }

    public ProcessDefinitionDto GetById(string id)
    {
        lock (_state.Gate)
        {
            return _state.Definitions.TryGetValue(id, out var definition)
                ? DtoMapper.Definition(definition)
                : throw new EngineError(404, "InvalidRequestException", "No matching definition with id " + id, 0);
        }
    }

    public List<ProcessDefinitionDto> Query(ProcessDefinitionQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state).ConvertAll(DtoMapper.Definition);
        }
    }

    public long Count(ProcessDefinitionQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state, paged: false).Count;
        }
    }

    public static EngineError NoDefinitionForKey(string key, string? tenantId) => Errors.Rest(404, tenantId is null
        ? "No matching process definition with key: " + key + " and no tenant-id"
        : "No matching process definition with key: " + key + " and tenant-id: " + tenantId);

    private static BpmnDocument Parse(DeploymentResource resource)
    {
        try
        {
            return BpmnParser.Parse(resource.Name, resource.Content);
        }
        catch (BpmnParseException e)
        {
            throw ParseErrors.ToEngineError(e);
        }
    }

    private static void CheckUniqueKeys(List<(DeploymentResource Resource, BpmnDocument Document)> parsed)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, document) in parsed)
        {
            foreach (var process in document.Processes)
            {
                if (!keys.Add(process.Key))
                {
                    throw Errors.ProcessEngine("The deployment contains definitions with the same key '" + process.Key
                        + "' (id attribute), this is not allowed");
                }
            }
        }
    }

    /// <summary>
    /// A message name may start only one process (per tenant), counting the latest version of every other key
    /// and the other processes of this deployment; a new version of the same key replaces its own.
    /// </summary>
    private void CheckMessageStartEvents(List<(DeploymentResource Resource, BpmnDocument Document)> parsed, string? tenantId)
    {
        var latest = new Dictionary<string, ProcessDefinition>(StringComparer.Ordinal);
        foreach (var definition in _state.Definitions.Values)
        {
            if (string.Equals(definition.TenantId, tenantId, StringComparison.Ordinal)
                && (!latest.TryGetValue(definition.Key, out var current) || definition.Version > current.Version))
            {
                latest[definition.Key] = definition;
            }
        }

        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var definition in latest.Values)
        {
            foreach (var start in definition.Model.MessageStartEvents)
            {
                taken[start.MessageName!] = definition.Key;
            }
        }

        foreach (var (resource, document) in parsed)
        {
            foreach (var model in document.Processes)
            {
                foreach (var start in model.MessageStartEvents)
                {
                    var name = start.MessageName!;
                    if (taken.TryGetValue(name, out var owner) && !string.Equals(owner, model.Key, StringComparison.Ordinal))
                    {
                        throw Errors.ProcessEngine("ENGINE-01011 Cannot deploy process definition '" + resource.Name
                            + "': there already is a message event subscription for the message with name '" + name + "'.");
                    }

                    taken[name] = model.Key;
                }
            }
        }
    }

    private Deployment? FindPrevious(DeploymentRequest request)
    {
        Deployment? previous = null;
        foreach (var deployment in _state.Deployments.Values)
        {
            if (string.Equals(deployment.Name, request.Name, StringComparison.Ordinal)
                && string.Equals(deployment.TenantId, request.TenantId, StringComparison.Ordinal)
                && (previous is null || deployment.DeploymentTime >= previous.DeploymentTime))
            {
                previous = deployment;
            }
        }

        return previous;
    }

    private DeploymentWithDefinitionsDto DeploymentDto(Deployment deployment, string baseUri, bool includeDefinitions)
    {
        Dictionary<string, ProcessDefinitionDto>? definitions = null;
        if (includeDefinitions && deployment.Definitions.Count > 0)
        {
            definitions = [];
            foreach (var definition in deployment.Definitions)
            {
                definitions[definition.Id] = DtoMapper.Definition(definition);
            }
        }

        return new DeploymentWithDefinitionsDto
        {
            Links = [DtoMapper.SelfLink(baseUri, "deployment/" + deployment.Id)],
            Id = deployment.Id,
            Name = deployment.Name,
            Source = deployment.Source,
            DeploymentTime = new DtoMapper(_context.Zone).Date(deployment.DeploymentTime),
            TenantId = deployment.TenantId,
            DeployedProcessDefinitions = definitions,
        };
    }
}
