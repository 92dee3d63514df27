using System.Text.Json;
using Bptl.Sandbox.Contracts;

namespace Bptl.Sandbox.Engine;

/// <summary>
/// A validated fetchAndLock request. Validation follows Camunda's order and shapes: sorting errors
/// (REST layer) first, then workerId, maxTasks and each topic (FetchExternalTasksCmd).
/// </summary>
internal sealed class FetchCommand
{
    public required string WorkerId { get; init; }

    public required int MaxTasks { get; init; }

    public required bool UsePriority { get; init; }

    /// <summary>null: no createTime ordering; false: ascending; true: descending.</summary>
    public bool? CreateTimeDescending { get; init; }

    public required IReadOnlyList<TopicFetch> Topics { get; init; }

    public static FetchCommand From(FetchExternalTasksDto dto)
    {
        var createTimeDescending = ParseSorting(dto.Sorting);
        if (dto.WorkerId is null)
        {
            throw Errors.MissingValue("workerId");
        }

        var maxTasks = dto.MaxTasks ?? 0;
        if (maxTasks < 0)
        {
            throw Errors.NotGreaterThanOrEqualZero("maxResults");
        }

        // Topics are keyed by name in Camunda: a repeated name overwrites the earlier entry.
        var topics = new Dictionary<string, TopicFetch>(StringComparer.Ordinal);
        foreach (var topic in dto.Topics ?? [])
        {
            if (topic is null)
            {
                throw Errors.NullPointer();
            }

            var fetch = TopicFetch.From(topic);
            topics[fetch.TopicName] = fetch;
        }

        return new FetchCommand
        {
            WorkerId = dto.WorkerId,
            MaxTasks = maxTasks,
            UsePriority = dto.UsePriority ?? false,
            CreateTimeDescending = createTimeDescending,
            Topics = [.. topics.Values],
        };
    }

    private static bool? ParseSorting(List<SortingDto?>? sorting)
    {
        if (sorting is null)
        {
            return null;
        }

        bool? descending = null;
        var pendingDirection = false;
        foreach (var entry in sorting)
        {
            if (entry?.SortBy is null)
            {
                throw Errors.NullPointer();
            }

            if (entry.SortBy != "createTime")
            {
                throw Errors.InvalidRequest(400, "Cannot set query sortBy parameter to value " + entry.SortBy);
            }

            pendingDirection = true;
            if (entry.SortOrder is not null)
            {
                descending = entry.SortOrder switch
                {
                    "asc" => false,
                    "desc" => true,
                    _ => throw Errors.InvalidRequest(400, "Cannot set query sortOrder parameter to value " + entry.SortOrder),
                };
                pendingDirection = false;
            }
        }

        if (pendingDirection)
        {
            throw new EngineError(400, "NotValidException", "Invalid query: call asc() or desc() after using orderByXX(): direction is null", 0);
        }

        return descending;
    }
}

/// <summary>One topic of a fetchAndLock request, with its filters compiled for matching.</summary>
internal sealed class TopicFetch
{
    public required string TopicName { get; init; }

    public required long LockDuration { get; init; }

    public List<string>? Variables { get; init; }

    public bool LocalVariables { get; init; }

    public bool DeserializeValues { get; init; }

    public bool IncludeExtensionProperties { get; init; }

    public string? BusinessKey { get; init; }

    public string? ProcessDefinitionId { get; init; }

    public HashSet<string>? ProcessDefinitionIdIn { get; init; }

    public string? ProcessDefinitionKey { get; init; }

    public HashSet<string>? ProcessDefinitionKeyIn { get; init; }

    public string? VersionTagLike { get; init; }

    public HashSet<string?>? TenantIdIn { get; init; }

    public bool WithoutTenantId { get; init; }

    public List<KeyValuePair<string, JsonElement>>? ProcessVariables { get; init; }

    public bool HasFilters { get; private init; }

    public static TopicFetch From(FetchTopicDto dto)
    {
        if (dto.TopicName is null)
        {
            throw Errors.MissingValue("topicName");
        }

        if ((dto.LockDuration ?? 0) <= 0)
        {
            throw Errors.ProcessEngine("lockTime is not greater than 0");
        }

        var idIn = SetOf(dto.ProcessDefinitionIdIn);
        var keyIn = SetOf(dto.ProcessDefinitionKeyIn);
        var tenantIdIn = dto.TenantIdIn is { Count: > 0 } tenants ? new HashSet<string?>(tenants, StringComparer.Ordinal) : null;
        var withoutTenantId = dto.WithoutTenantId ?? false;
        List<KeyValuePair<string, JsonElement>>? processVariables = dto.ProcessVariables is { Count: > 0 } variables ? [.. variables] : null;
        return new TopicFetch
        {
            TopicName = dto.TopicName,
            LockDuration = dto.LockDuration!.Value,
            Variables = dto.Variables,
            LocalVariables = dto.LocalVariables ?? false,
            DeserializeValues = dto.DeserializeValues ?? false,
            IncludeExtensionProperties = dto.IncludeExtensionProperties ?? false,
            BusinessKey = dto.BusinessKey,
            ProcessDefinitionId = dto.ProcessDefinitionId,
            ProcessDefinitionIdIn = idIn,
            ProcessDefinitionKey = dto.ProcessDefinitionKey,
            ProcessDefinitionKeyIn = keyIn,
            VersionTagLike = dto.ProcessDefinitionVersionTag,
            TenantIdIn = tenantIdIn,
            WithoutTenantId = withoutTenantId,
            ProcessVariables = processVariables,
            HasFilters = dto.BusinessKey is not null || dto.ProcessDefinitionId is not null || idIn is not null
                || dto.ProcessDefinitionKey is not null || keyIn is not null || dto.ProcessDefinitionVersionTag is not null
                || tenantIdIn is not null || withoutTenantId || processVariables is not null,
        };
    }

    public bool Matches(ExternalTask task)
    {
        if (!HasFilters)
        {
            return true;
        }

        var instance = task.Instance;
        var definition = instance.Definition;
        if ((BusinessKey is not null && !string.Equals(BusinessKey, instance.BusinessKey, StringComparison.Ordinal))
            || (ProcessDefinitionId is not null && !string.Equals(ProcessDefinitionId, definition.Id, StringComparison.Ordinal))
            || (ProcessDefinitionIdIn is not null && !ProcessDefinitionIdIn.Contains(definition.Id))
            || (ProcessDefinitionKey is not null && !string.Equals(ProcessDefinitionKey, definition.Key, StringComparison.Ordinal))
            || (ProcessDefinitionKeyIn is not null && !ProcessDefinitionKeyIn.Contains(definition.Key))
            || (VersionTagLike is not null && !SqlLike.Matches(definition.Model.VersionTag, VersionTagLike)))
        {
            return false;
        }

        if (TenantIdIn is not null ? !TenantIdIn.Contains(instance.TenantId) : WithoutTenantId && instance.TenantId is not null)
        {
            return false;
        }

        return ProcessVariables is null || ProcessVariableFilter.AnyMatches(instance, ProcessVariables);
    }

    private static HashSet<string>? SetOf(List<string>? values) =>
        values is { Count: > 0 } ? new HashSet<string>(values, StringComparer.Ordinal) : null;
}
