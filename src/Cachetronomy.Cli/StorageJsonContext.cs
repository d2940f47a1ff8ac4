using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cachetronomy.Cli;

/// <summary>
/// The source-generated JSON metadata the tool's engine session writes values with: <c>set --format json</c> stores a
/// <see cref="JsonElement"/>, so no reflection is needed (the tool stays trim- and AOT-clean). Values are stored compact.
/// </summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(byte[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext
{
}
