using Bptl.Sandbox.Contracts;

namespace Bptl.Sandbox.Engine;

/// <summary>
/// The external-task API of the engine: fetch-and-lock, the worker calls and the admin calls.
/// Every method takes the engine lock for its whole effect; long polls are in LongPolling/.
/// </summary>
internal sealed partial class ExternalTaskService
{
    private const int MaxErrorMessageLength = 666;

    private readonly EngineContext _context;
    private readonly EngineState _state;
    private readonly ProcessRunner _runner;
    private readonly DtoMapper _mapper;

    public ExternalTaskService(EngineContext context, ProcessRunner runner)
    {
        _context = context;
        _state = context.State;
        _runner = runner;
        _mapper = new DtoMapper(context.Zone);
    }

    /// <summary>Locks up to maxTasks fetchable tasks for the worker. Caller holds the engine lock.</summary>
    public List<LockedExternalTaskDto> FetchAndLockLocked(FetchCommand command)
    {
        if (command.MaxTasks == 0 || command.Topics.Count == 0)
        {
            return [];
        }

        var now = _context.Now();
        var candidates = new List<(ExternalTask Task, TopicFetch Topic)>(Math.Min(command.MaxTasks, 64));
        var contributingTopics = 0;
        var needsSort = false;
        foreach (var topic in command.Topics)
        {
            var queue = _state.Tasks.Topic(topic.TopicName);
            if (queue is null || queue.Count == 0)
            {
                continue;
            }

            queue.PromoteExpired(now);
            var sortThisTopic = command.UsePriority && queue.HasMixedPriorities;
            needsSort |= sortThisTopic;
            var limit = sortThisTopic ? int.MaxValue : command.MaxTasks;
            var before = candidates.Count;
            Collect(queue, topic, command.CreateTimeDescending == true, limit, candidates);
            if (candidates.Count > before)
            {
                contributingTopics++;
            }
        }

        if (needsSort || contributingTopics > 1)
        {
            var descending = command.CreateTimeDescending == true;
            var usePriority = command.UsePriority;
            candidates.Sort((a, b) =>
            {
                if (usePriority && a.Task.Priority != b.Task.Priority)
                {
                    return b.Task.Priority.CompareTo(a.Task.Priority);
                }

                return descending ? b.Task.Sequence.CompareTo(a.Task.Sequence) : a.Task.Sequence.CompareTo(b.Task.Sequence);
            });
        }

        var count = Math.Min(command.MaxTasks, candidates.Count);
        var result = new List<LockedExternalTaskDto>(count);
        for (var i = 0; i < count; i++)
        {
            var (task, topic) = candidates[i];
            task.WorkerId = command.WorkerId;
            task.LockExpirationTime = now.AddMilliseconds(topic.LockDuration);
            _state.Tasks.Update(task, now);
            result.Add(_mapper.LockedTask(task, topic));
        }

        return result;
    }

    private static void Collect(TopicQueue queue, TopicFetch topic, bool descending, int limit, List<(ExternalTask, TopicFetch)> candidates)
    {
        var taken = 0;
        if (descending)
        {
            foreach (var task in queue.Ready.Reverse())
            {
                if (topic.Matches(task))
                {
                    candidates.Add((task, topic));
                    if (++taken >= limit)
                    {
                        return;
                    }
                }
            }

            return;
        }

        foreach (var task in queue.Ready)
        {
            if (topic.Matches(task))
            {
                candidates.Add((task, topic));
                if (++taken >= limit)
                {
                    return;
                }
            }
        }
    }

    /// <summary>The earliest moment a locked task becomes fetchable again. Caller holds the lock.</summary>
    public DateTimeOffset? NextExpiryLocked() => _state.Tasks.NextExpiry();

    public ExternalTaskDto Get(string id)
    {
        lock (_state.Gate)
        {
            if (!_state.Tasks.TryGet(id, out var task))
            {
                throw Errors.Rest(404, "External task with id " + id + " does not exist");
            }

            return _mapper.ExternalTask(task);
        }
    }

    public string? GetErrorDetails(string id)
    {
        lock (_state.Gate)
        {
            if (!_state.Tasks.TryGet(id, out var task))
            {
                throw Errors.NullValue("No external task found with id " + id + ": externalTask is null");
            }

            return task.ErrorDetails;
        }
    }

    public List<ExternalTaskDto> Query(ExternalTaskQuery query, int? firstResult, int? maxResults)
    {
        lock (_state.Gate)
        {
            var tasks = query.Execute(_state, _context.Now(), firstResult, maxResults);
            var result = new List<ExternalTaskDto>(tasks.Count);
            foreach (var task in tasks)
            {
                result.Add(_mapper.ExternalTask(task));
            }

            return result;
        }
    }

    public long Count(ExternalTaskQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state, _context.Now(), null, null).Count;
        }
    }

    private ExternalTask RequireTask(string id) =>
        _state.Tasks.TryGet(id, out var task) ? task : throw Errors.ExternalTaskNotFound(id);

    /// <summary>complete, failure and bpmnError check the worker only, never the lock's expiry.</summary>
    private static void CheckWorker(ExternalTask task, string workerId, string messagePrefix)
    {
        if (!string.Equals(workerId, task.WorkerId, StringComparison.Ordinal))
        {
            throw Errors.RestFromEngine(400, messagePrefix + "'. It is locked by worker '" + (task.WorkerId ?? "null") + "'.");
        }
    }

    private static void CheckActive(ExternalTask task)
    {
        if (task.Suspended)
        {
            throw Errors.RestFromEngine(400, "ENGINE-03043 ExternalTask with id '" + task.Id + "' is suspended.");
        }
    }

    private static string? Truncate(string? message) =>
        message is { Length: > MaxErrorMessageLength } ? message[..MaxErrorMessageLength] : message;
}
