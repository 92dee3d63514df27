using System.Text.Json;

namespace Bptl.Camunda.ExternalTasks;

/// <summary>The body of <c>POST /external-task/fetchAndLock</c>.</summary>
public sealed record FetchAndLockRequest
{
    /// <summary>The worker that will hold the locks (at most 255 characters). Required.</summary>
    public required string WorkerId { get; init; }

    /// <summary>The most tasks to lock, across all topics. Zero returns an empty list.</summary>
    public int MaxTasks { get; init; }

    /// <summary>Return higher-priority tasks first. Default false.</summary>
    public bool UsePriority { get; init; }

    /// <summary>
    /// Long polling: how long the engine may hold the request when no task is available (at most 30 minutes).
    /// Null answers at once. The HTTP timeout of this call always exceeds it.
    /// </summary>
    public TimeSpan? AsyncResponseTimeout { get; init; }

    /// <summary>The topics to fetch from; a topic named twice keeps its last entry.</summary>
    public required IReadOnlyList<FetchTopic> Topics { get; init; }

    /// <summary>Sorting after priority; only <c>createTime</c> is supported by the engine.</summary>
    public IReadOnlyList<FetchSorting>? Sorting { get; init; }
}

/// <summary>One topic of a fetch-and-lock request, with its lock duration and filters.</summary>
public sealed record FetchTopic
{
    /// <summary>The topic. Required.</summary>
    public required string TopicName { get; init; }

    /// <summary>How long the fetched tasks stay locked. Must be positive.</summary>
    public required TimeSpan LockDuration { get; init; }

    /// <summary>The variables to return: null returns all visible variables, an empty list none.</summary>
    public IReadOnlyList<string>? Variables { get; init; }

    /// <summary>Return only variables local to the task's execution. Default false.</summary>
    public bool? LocalVariables { get; init; }

    /// <summary>Return Object variables deserialized. Default false: serialized, with their type name and format.</summary>
    public bool? DeserializeValues { get; init; }

    /// <summary>Return the activity's <c>camunda:properties</c>. Default false.</summary>
    public bool? IncludeExtensionProperties { get; init; }

    /// <summary>Only tasks of process instances with this business key.</summary>
    public string? BusinessKey { get; init; }

    /// <summary>Only tasks of this process definition id.</summary>
    public string? ProcessDefinitionId { get; init; }

    /// <summary>Only tasks of these process definition ids.</summary>
    public IReadOnlyList<string>? ProcessDefinitionIdIn { get; init; }

    /// <summary>Only tasks of this process definition key.</summary>
    public string? ProcessDefinitionKey { get; init; }

    /// <summary>Only tasks of these process definition keys.</summary>
    public IReadOnlyList<string>? ProcessDefinitionKeyIn { get; init; }

    /// <summary>Only tasks whose process definition's version tag matches (SQL LIKE).</summary>
    public string? ProcessDefinitionVersionTag { get; init; }

    /// <summary>Only tasks of these tenants.</summary>
    public IReadOnlyList<string>? TenantIdIn { get; init; }

    /// <summary>Only tasks without a tenant.</summary>
    public bool? WithoutTenantId { get; init; }

    /// <summary>
    /// Only tasks whose process instance has any of these variables with these plain JSON values (the engine ORs
    /// the entries). Build values with <see cref="JsonSerializer.SerializeToElement{TValue}(TValue, JsonSerializerOptions?)"/>.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? ProcessVariables { get; init; }
}

/// <summary>A sort order of fetch-and-lock; applied after priority when <see cref="FetchAndLockRequest.UsePriority"/> is set.</summary>
public sealed record FetchSorting
{
    /// <summary>Oldest tasks first.</summary>
    public static FetchSorting CreateTimeAscending { get; } = new() { SortBy = "createTime", SortOrder = "asc" };

    /// <summary>Newest tasks first.</summary>
    public static FetchSorting CreateTimeDescending { get; } = new() { SortBy = "createTime", SortOrder = "desc" };

    /// <summary>The property, <c>createTime</c>.</summary>
    public required string SortBy { get; init; }

    /// <summary><c>asc</c> or <c>desc</c>.</summary>
    public required string SortOrder { get; init; }
}
