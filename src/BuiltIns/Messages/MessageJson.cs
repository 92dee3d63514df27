using System.Text.Json.Serialization;

namespace Bptl.BuiltIns.Messages;

/// <summary>System.Text.Json metadata of the message built-in.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class MessageJson : JsonSerializerContext;
