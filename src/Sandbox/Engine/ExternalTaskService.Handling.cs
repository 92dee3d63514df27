using Bptl.Sandbox.Bpmn;
using Bptl.Sandbox.Variables;

namespace Bptl.Sandbox.Engine;

/// <summary>The worker's outcomes: complete, failure, BPMN error. Each one is a single transaction.</summary>
internal sealed partial class ExternalTaskService
{
    public void Complete(string id, string? workerId, Dictionary<string, TypedValue>? variables, Dictionary<string, TypedValue>? localVariables)
    {
        if (workerId is null)
        {
            throw Errors.MissingValue("workerId");
        }

        var tx = new EngineTransaction();
        lock (_state.Gate)
        {
            var task = RequireTask(id);
            CheckWorker(task, workerId, "External Task " + id + " cannot be completed by worker '" + workerId);
            CheckActive(task);
            Execute(tx, () =>
            {
                ApplyVariables(task, variables, localVariables, tx);
                if (MatchErrorEventDefinition(task, tx, failuresCountAsFalse: false) is { } error)
                {
                    _runner.ThrowBpmnError(task, error.ErrorCode, error.ErrorMessage, tx);
                }
                else
                {
                    _runner.LeaveTask(task, tx);
                }
            });
        }

        _context.NotifyIfAvailable(tx);
    }

    public void Failure(
        string id,
        string? workerId,
        string? errorMessage,
        string? errorDetails,
        int retries,
        long retryTimeout,
        Dictionary<string, TypedValue>? variables,
        Dictionary<string, TypedValue>? localVariables)
    {
        if (workerId is null)
        {
            throw Errors.MissingValue("workerId");
        }

        if (retries < 0)
        {
            throw Errors.NotGreaterThanOrEqualZero("retries");
        }

        if (retryTimeout < 0)
        {
            throw Errors.NotGreaterThanOrEqualZero("retryDuration");
        }

        var tx = new EngineTransaction();
        lock (_state.Gate)
        {
            var task = RequireTask(id);
            CheckWorker(task, workerId, "Failure of External Task " + id + " cannot be reported by worker '" + workerId);
            CheckActive(task);
            Execute(tx, () =>
            {
                ApplyVariables(task, variables, localVariables, tx);
                if (MatchErrorEventDefinition(task, tx, failuresCountAsFalse: true) is { } error)
                {
                    _runner.ThrowBpmnError(task, error.ErrorCode, error.ErrorMessage ?? errorMessage, tx);
                    return;
                }

                var now = _context.Now();
                var expiry = now.AddMilliseconds(retryTimeout);
                tx.OnCommit(() =>
                {
                    task.ErrorMessage = Truncate(errorMessage);
                    if (errorDetails is not null)
                    {
                        task.ErrorDetails = errorDetails;
                    }

                    task.LockExpirationTime = expiry;
                    SetRetriesAndManageIncidents(task, retries, now);
                    _state.Tasks.Update(task, now);
                    _state.TaskLog.Record(task, ExternalTaskLogKind.Failure, now);
                });
                tx.TasksBecameAvailable = retries > 0 && expiry <= now;
            });
        }

        _context.NotifyIfAvailable(tx);
    }

    public void BpmnError(string id, string? workerId, string? errorCode, string? errorMessage, Dictionary<string, TypedValue>? variables)
    {
        if (workerId is null)
        {
            throw Errors.MissingValue("workerId");
        }

        if (errorCode is null)
        {
            throw Errors.MissingValue("errorCode");
        }

        var tx = new EngineTransaction();
        lock (_state.Gate)
        {
            var task = RequireTask(id);
            CheckWorker(task, workerId, "Bpmn error of External Task " + id + " cannot be reported by worker '" + workerId);
            CheckActive(task);
            Execute(tx, () =>
            {
                ApplyVariables(task, variables, null, tx);
                _runner.ThrowBpmnError(task, errorCode, errorMessage, tx);
            });
        }

        _context.NotifyIfAvailable(tx);
    }

    /// <summary>Runs the work in the transaction: commit on success, undo everything on any failure.</summary>
    private static void Execute(EngineTransaction tx, Action work)
    {
        try
        {
            work();
            tx.Commit();
        }
        catch
        {
            tx.Rollback();
            throw;
        }
    }

    private static void ApplyVariables(
        ExternalTask task,
        Dictionary<string, TypedValue>? variables,
        Dictionary<string, TypedValue>? localVariables,
        EngineTransaction tx)
    {
        if (variables is not null)
        {
            foreach (var (name, value) in variables)
            {
                VariableScopes.SetNonLocal(tx, task.Execution, task.ScopeVariables, name, value);
            }
        }

        if (localVariables is not null)
        {
            foreach (var (name, value) in localVariables)
            {
                VariableScopes.SetLocal(tx, task.Execution, task.ScopeVariables, name, value);
            }
        }
    }

    /// <summary>
    /// Evaluates the task's <c>camunda:errorEventDefinition</c>s. On complete an evaluation error
    /// fails the call; on failure it counts as false.
    /// </summary>
    private static ErrorEventDefinition? MatchErrorEventDefinition(ExternalTask task, EngineTransaction tx, bool failuresCountAsFalse)
    {
        var definitions = task.Node.ErrorEventDefinitions;
        if (definitions.Count == 0)
        {
            return null;
        }

        var resolver = new ScopeResolver(tx, task.Execution, task.ScopeVariables);
        foreach (var definition in definitions)
        {
            try
            {
                if (ExpressionEvaluation.EvaluateCondition(definition.Expression, resolver))
                {
                    return definition;
                }
            }
            catch (EngineError) when (failuresCountAsFalse)
            {
            }
        }

        return null;
    }

    /// <summary>Camunda's setRetriesAndManageIncidents: an incident when retries drop to 0, resolved when they rise again.</summary>
    private void SetRetriesAndManageIncidents(ExternalTask task, int retries, DateTimeOffset now)
    {
        if (task.HasRetriesLeft && retries <= 0)
        {
            var instance = task.Instance;
            var incident = new Incident
            {
                Id = EngineContext.NewId(),
                Timestamp = now,
                IncidentType = "failedExternalTask",
                Message = task.ErrorMessage,
                Configuration = task.Id,
                ActivityId = task.Node.Id,
                ProcessInstanceId = instance.Id,
                ExecutionId = task.ExecutionId,
                ProcessDefinitionId = instance.Definition.Id,
                TenantId = instance.TenantId,
            };
            _state.Incidents.Add(incident.Id, incident);
        }
        else if (!task.HasRetriesLeft && retries > 0)
        {
            _state.RemoveIncidentsOf(task);
        }

        task.Retries = retries;
    }
}
