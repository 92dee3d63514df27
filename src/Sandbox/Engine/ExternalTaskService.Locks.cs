using Bptl.Sandbox.Time;

namespace Bptl.Sandbox.Engine;

/// <summary>Lock management and the admin calls: extendLock, lock, unlock, retries, priority.</summary>
internal sealed partial class ExternalTaskService
{
    public void ExtendLock(string id, string? workerId, long newDuration)
    {
        // Checked in the command's constructor, so before the workerId.
        if (newDuration <= 0)
        {
            throw Errors.RestFromEngine(400, "lockTime is not greater than 0");
        }

        if (workerId is null)
        {
            throw Errors.MissingValue("workerId");
        }

        lock (_state.Gate)
        {
            var task = RequireTask(id);
            CheckWorker(task, workerId, "The lock of the External Task " + id + " cannot be extended by worker '" + workerId + "'");
            var now = _context.Now();
            if (task.LockExpirationTime is not { } expiry)
            {
                throw Errors.NullPointer();
            }

            if (expiry < now)
            {
                throw Errors.RestFromEngine(400,
                    "Cannot extend a lock that expired: lockExpirationTime is not greater than or equal to " + CamundaDateFormat.EpochMillis(now));
            }

            CheckActive(task);
            task.LockExpirationTime = now.AddMilliseconds(newDuration);
            _state.Tasks.Update(task, now);
        }
    }

    public void Lock(string id, string? workerId, long lockDuration)
    {
        if (workerId is null)
        {
            throw Errors.MissingValue("workerId");
        }

        if (lockDuration <= 0)
        {
            throw Errors.RestFromEngine(400, "lockDuration is not greater than 0");
        }

        lock (_state.Gate)
        {
            var task = RequireTask(id);
            var now = _context.Now();
            var lockedByOther = task.WorkerId is not null && !string.Equals(task.WorkerId, workerId, StringComparison.Ordinal)
                && task.LockExpirationTime is { } expiry && now <= expiry;
            if (lockedByOther)
            {
                throw Errors.RestFromEngine(400,
                    "External Task " + id + " cannot be locked by worker '" + workerId + "'. It is locked by worker '" + task.WorkerId + "'.");
            }

            CheckActive(task);
            task.WorkerId = workerId;
            task.LockExpirationTime = now.AddMilliseconds(lockDuration);
            _state.Tasks.Update(task, now);
        }
    }

    public void Unlock(string id)
    {
        lock (_state.Gate)
        {
            var task = RequireTask(id);
            task.WorkerId = null;
            task.LockExpirationTime = null;
            _state.Tasks.Update(task, _context.Now());
        }

        _context.AvailabilityListener?.OnTasksAvailable();
    }

    public void SetRetries(string id, int? retries)
    {
        if (retries is null)
        {
            throw Errors.InvalidRequest(400, "The number of retries cannot be null.");
        }

        if (retries < 0)
        {
            throw Errors.BadUserRequest("The number of retries cannot be negative: retries is not greater than or equal to 0");
        }

        lock (_state.Gate)
        {
            var task = RequireTask(id);
            var now = _context.Now();
            SetRetriesAndManageIncidents(task, retries.Value, now);
            _state.Tasks.Update(task, now);
        }

        _context.AvailabilityListener?.OnTasksAvailable();
    }

    /// <summary>PUT /external-task/retries: all tasks named directly or through their process instances, or none.</summary>
    public void SetRetries(int? retries, IReadOnlyList<string>? externalTaskIds, IReadOnlyList<string>? processInstanceIds)
    {
        if (retries is null)
        {
            throw Errors.InvalidRequest(400, "The number of retries cannot be null.");
        }

        if (retries < 0)
        {
            throw Errors.InvalidRequest(400, "The number of retries cannot be negative: retries is not greater than or equal to 0");
        }

        lock (_state.Gate)
        {
            var tasks = new List<ExternalTask>();
            foreach (var id in externalTaskIds ?? [])
            {
                if (!_state.Tasks.TryGet(id, out var task))
                {
                    throw Errors.InvalidRequest(404, "Cannot find external task with id " + id + ": externalTask is null");
                }

                tasks.Add(task);
            }

            if (processInstanceIds is { Count: > 0 })
            {
                var instances = new HashSet<string>(processInstanceIds, StringComparer.Ordinal);
                foreach (var task in _state.Tasks.All)
                {
                    if (instances.Contains(task.Instance.Id))
                    {
                        tasks.Add(task);
                    }
                }
            }

            if (tasks.Count == 0)
            {
                throw Errors.InvalidRequest(400, "externalTaskIds is empty");
            }

            var now = _context.Now();
            foreach (var task in tasks)
            {
                SetRetriesAndManageIncidents(task, retries.Value, now);
                _state.Tasks.Update(task, now);
            }
        }

        _context.AvailabilityListener?.OnTasksAvailable();
    }

    public void SetPriority(string id, long? priority)
    {
        if (priority is null)
        {
            throw Errors.NullPointer();
        }

        lock (_state.Gate)
        {
            var task = RequireTask(id);
            var queue = _state.Tasks.Topic(task.TopicName);
            if (queue is null)
            {
                task.Priority = priority.Value;
            }
            else
            {
                queue.ChangePriority(task, priority.Value, _context.Now());
            }
        }
    }
}
