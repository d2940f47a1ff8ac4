using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cachetronomy.Cli.Output;

/// <summary>
/// Where a command writes: results to standard output (a table or text for people, or exactly one JSON document
/// with <c>--json</c>), and messages and errors to standard error.
/// </summary>
internal sealed class CliOutput
{
    private static readonly JsonWriterOptions s_writerOptions = new()
    {
        Indented = true,
        // Keys and values are shown to people and scripts, not embedded in HTML: keep them readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public CliOutput(TextWriter stdout, TextWriter stderr, bool json)
    {
        Out = stdout;
        Error = stderr;
        Json = json;
    }

    /// <summary>Gets the writer for results.</summary>
    public TextWriter Out { get; }

    /// <summary>Gets the writer for messages and errors.</summary>
    public TextWriter Error { get; }

    /// <summary>Gets a value indicating whether results are written as one JSON document.</summary>
    public bool Json { get; }

    /// <summary>Writes one indented JSON document (and a line break) to standard output.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Out.WriteLine(ToJson(write));
    }

    /// <summary>Renders a JSON document to text.</summary>
    public static string ToJson(Action<Utf8JsonWriter> write, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions with { Indented = indented }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes a table for people, or <paramref name="empty"/> when it has no rows.</summary>
    public void WriteTable(TextTable table, string empty)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.RowCount == 0)
        {
            Out.WriteLine(empty);
            return;
        }

        table.WriteTo(Out);
    }

    /// <summary>Writes a line of text for people to standard output.</summary>
    public void WriteLine(string text) => Out.WriteLine(text);

    /// <summary>Writes an error or note to standard error.</summary>
    public void WriteError(string message) => Error.WriteLine($"cachetronomy: {message}");
}
