namespace Bptl.Sandbox.Faults;

/// <summary>
/// The sandbox's REST endpoints, as named for fault injection and call counting. Over HTTP the
/// names are camelCase (<c>fetchAndLock</c>, <c>complete</c>, ...).
/// </summary>
public enum SandboxEndpoint
{
    /// <summary><c>POST /external-task/fetchAndLock</c>.</summary>
    FetchAndLock,

    /// <summary><c>POST /external-task/{id}/complete</c>.</summary>
    Complete,

    /// <summary><c>POST /external-task/{id}/failure</c>.</summary>
    Failure,

    /// <summary><c>POST /external-task/{id}/bpmnError</c>.</summary>
    BpmnError,

    /// <summary><c>POST /external-task/{id}/extendLock</c>.</summary>
    ExtendLock,

    /// <summary><c>POST /external-task/{id}/lock</c>.</summary>
    Lock,

    /// <summary><c>POST /external-task/{id}/unlock</c>.</summary>
    Unlock,

    /// <summary><c>GET /external-task/{id}</c>.</summary>
    GetExternalTask,

    /// <summary><c>GET|POST /external-task</c>.</summary>
    QueryExternalTasks,

    /// <summary><c>GET|POST /external-task/count</c>.</summary>
    CountExternalTasks,

    /// <summary><c>GET /external-task/{id}/errorDetails</c>.</summary>
    ErrorDetails,

    /// <summary><c>PUT /external-task/{id}/retries</c>.</summary>
    SetRetries,

    /// <summary><c>PUT /external-task/retries</c>.</summary>
    SetRetriesBatch,

    /// <summary><c>PUT /external-task/{id}/priority</c>.</summary>
    SetPriority,

    /// <summary><c>POST /process-definition/.../start</c>.</summary>
    StartProcessInstance,

    /// <summary><c>GET /process-definition</c>.</summary>
    QueryProcessDefinitions,

    /// <summary><c>GET /process-definition/count</c>.</summary>
    CountProcessDefinitions,

    /// <summary><c>GET /process-definition/{id}</c> and <c>/key/{key}</c>.</summary>
    GetProcessDefinition,

    /// <summary><c>POST /deployment/create</c>.</summary>
    Deploy,

    /// <summary><c>DELETE /deployment/{id}</c>.</summary>
    DeleteDeployment,

    /// <summary><c>GET /process-instance/{id}</c>.</summary>
    GetProcessInstance,

    /// <summary><c>GET /process-instance</c>.</summary>
    QueryProcessInstances,

    /// <summary><c>GET /process-instance/count</c>.</summary>
    CountProcessInstances,

    /// <summary><c>DELETE /process-instance/{id}</c>.</summary>
    DeleteProcessInstance,

    /// <summary><c>GET /process-instance/{id}/variables</c>.</summary>
    GetVariables,

    /// <summary><c>POST /process-instance/{id}/variables</c>.</summary>
    ModifyVariables,

    /// <summary><c>GET /process-instance/{id}/variables/{name}</c>.</summary>
    GetVariable,

    /// <summary><c>PUT /process-instance/{id}/variables/{name}</c>.</summary>
    PutVariable,

    /// <summary><c>DELETE /process-instance/{id}/variables/{name}</c>.</summary>
    DeleteVariable,

    /// <summary><c>GET /process-instance/{id}/variables/{name}/data</c>.</summary>
    GetVariableData,

    /// <summary><c>POST /process-instance/{id}/variables/{name}/data</c>.</summary>
    PostVariableData,

    /// <summary><c>GET /history/process-instance/{id}</c>.</summary>
    GetHistoricProcessInstance,

    /// <summary><c>GET /history/process-instance</c>.</summary>
    QueryHistoricProcessInstances,

    /// <summary><c>GET /history/process-instance/count</c>.</summary>
    CountHistoricProcessInstances,

    /// <summary><c>GET /history/external-task-log</c>.</summary>
    QueryExternalTaskLog,

    /// <summary><c>GET /history/external-task-log/count</c>.</summary>
    CountExternalTaskLog,

    /// <summary><c>GET /incident</c>.</summary>
    QueryIncidents,

    /// <summary><c>GET /incident/count</c>.</summary>
    CountIncidents,

    /// <summary><c>GET /version</c>.</summary>
    Version,

    /// <summary><c>GET /engine</c>.</summary>
    Engine,

    /// <summary><c>POST /message</c>.</summary>
    CorrelateMessage,
}
