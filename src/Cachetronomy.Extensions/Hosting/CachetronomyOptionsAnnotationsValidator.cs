using Microsoft.Extensions.Options;

namespace Cachetronomy.Hosting;

/// <summary>
/// Source-generated checks of the data annotations on <see cref="CachetronomyOptions"/> and
/// <see cref="CachetronomyRetentionOptions"/> (required strings, ranges); no reflection, AOT-clean.
/// </summary>
[OptionsValidator]
internal sealed partial class CachetronomyOptionsAnnotationsValidator : IValidateOptions<CachetronomyOptions>
{
}
