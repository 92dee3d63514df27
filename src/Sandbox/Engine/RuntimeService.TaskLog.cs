using Bptl.Sandbox.Contracts;

namespace Bptl.Sandbox.Engine;

internal sealed partial class RuntimeService
{
    public List<HistoricExternalTaskLogDto> QueryExternalTaskLog(ExternalTaskLogQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state.TaskLog).ConvertAll(_mapper.TaskLog);
        }
    }

    public long CountExternalTaskLog(ExternalTaskLogQuery query)
    {
        lock (_state.Gate)
        {
            return query.Execute(_state.TaskLog, paged: false).Count;
        }
    }
}
