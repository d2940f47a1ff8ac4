namespace Cachetronomy;

public sealed partial class Cachetronaut
{
    /// <summary>Gets the longest key this engine accepts (the option and the store's limit), for the decorator's hashed keys.</summary>
    internal int MaxKeyLength => _maxKeyLength;
}
