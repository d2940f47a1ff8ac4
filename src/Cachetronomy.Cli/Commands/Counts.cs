using Cachetronomy.Cli.Output;

namespace Cachetronomy.Cli.Commands;

/// <summary>Writes the result of a command that returns one number: <c>{"NAME": N}</c> with --json, a sentence otherwise.</summary>
internal static class Counts
{
    public static void Write(CliOutput output, string name, long count, string sentence)
    {
        if (output.Json)
        {
            output.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteNumber(name, count);
                w.WriteEndObject();
            });
        }
        else
        {
            output.WriteLine(sentence);
        }
    }

    public static void Write(CliOutput output, string name, bool value, string sentence)
    {
        if (output.Json)
        {
            output.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean(name, value);
                w.WriteEndObject();
            });
        }
        else
        {
            output.WriteLine(sentence);
        }
    }
}
