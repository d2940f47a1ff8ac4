using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cachetronomy.AspNetCore.Internal;

/// <summary>Source-generated JSON for the dashboard (no reflection: trimming and native AOT stay clean).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DashboardSnapshot))]
[JsonSerializable(typeof(DashboardActionResult))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
