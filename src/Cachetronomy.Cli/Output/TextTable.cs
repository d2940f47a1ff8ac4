using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Cachetronomy.Cli.Output;

/// <summary>
/// A plain-text table for people: a header row, a dashed rule and left-aligned columns separated by two spaces.
/// Cells are single-line (line breaks become spaces) and cut at <see cref="MaxCellWidth"/> characters.
/// </summary>
internal sealed class TextTable
{
    public const int MaxCellWidth = 60;

    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        _headers = headers;
    }

    public int RowCount => _rows.Count;

    public void AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"The table has {_headers.Length} columns; the row has {cells.Length}.", nameof(cells));
        }

        var clean = new string[cells.Length];
        for (int i = 0; i < cells.Length; i++)
        {
            clean[i] = Clean(cells[i]);
        }

        _rows.Add(clean);
    }

    public void WriteTo(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int[] widths = new int[_headers.Length];
        for (int c = 0; c < _headers.Length; c++)
        {
            widths[c] = _headers[c].Length;
            foreach (string[] row in _rows)
            {
                widths[c] = Math.Max(widths[c], row[c].Length);
            }
        }

        WriteRow(writer, _headers, widths);
        var rule = new string[_headers.Length];
        for (int c = 0; c < rule.Length; c++)
        {
            rule[c] = new string('-', widths[c]);
        }

        WriteRow(writer, rule, widths);
        foreach (string[] row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int c = 0; c < cells.Length; c++)
        {
            if (c > 0)
            {
                line.Append("  ");
            }

            line.Append(c == cells.Length - 1 ? cells[c] : cells[c].PadRight(widths[c]));
        }

        writer.WriteLine(line.ToString().TrimEnd());
    }

    private static string Clean(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return string.Empty;
        }

        string single = cell.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
        return single.Length <= MaxCellWidth ? single : string.Concat(single.AsSpan(0, MaxCellWidth - 3), "...");
    }
}
