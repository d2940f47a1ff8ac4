using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Text.Json;

namespace Cachetronomy.Cli.Commands;

/// <summary>Options several commands share, and how their values are read.</summary>
internal static class CommonOptions
{
    public const string FormatString = "string";
    public const string FormatJson = "json";
    public const string FormatBytes = "bytes";

    /// <summary>
    /// <c>--tags TAG...</c>: several values after one option, the option repeated, or the seed's JSON-list form
    /// <c>--tags='["api","x"]'</c> (a value that starts with '[' is read as a JSON array of strings).
    /// </summary>
    public static Option<string[]> Tags(string description, bool required = false) => new("--tags")
    {
        Description = description + " Several values, a repeated option, or a JSON list: --tags='[\"api\",\"v2\"]'.",
        HelpName = "TAG",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.OneOrMore,
        Required = required,
    };

    public static Option<double?> TimeToLive(string description) => new("--time-to-live")
    {
        Description = description,
        HelpName = "SECONDS",
    };

    public static Option<string> Format(string defaultFormat, string description)
    {
        var option = new Option<string>("--format")
        {
            Description = description,
            HelpName = "string|json|bytes",
            DefaultValueFactory = _ => defaultFormat,
        };
        option.AcceptOnlyFromAmong(FormatString, FormatJson, FormatBytes);
        return option;
    }

    public static Option<int> Limit(int defaultValue, string what) => new("--limit")
    {
        Description = $"The most {what} to show (default {defaultValue}; 0 for all).",
        HelpName = "N",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>Reads <c>--tags</c> values, expanding JSON lists; <see langword="null"/> when the option was not given.</summary>
    public static IReadOnlyList<string>? ReadTags(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var tags = new List<string>();
        foreach (string value in values)
        {
            string trimmed = value.Trim();
            if (trimmed.StartsWith('['))
            {
                tags.AddRange(ParseJsonList(trimmed));
            }
            else
            {
                tags.Add(value);
            }
        }

        return tags;
    }

    public static TimeSpan? Seconds(double? seconds, string optionName)
    {
        if (seconds is not double value)
        {
            return null;
        }

        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0 || value > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw new UsageException($"{optionName} must be a number of seconds, zero or more (was {value}).");
        }

        return TimeSpan.FromSeconds(value);
    }

    /// <summary>Turns the limit option into the library's form: 0 means no limit.</summary>
    public static int? ToLimit(int value, string optionName = "--limit") => value switch
    {
        < 0 => throw new UsageException($"{optionName} must be zero (for all) or more (was {value})."),
        0 => null,
        _ => value,
    };

    private static List<string> ParseJsonList(string text)
    {
        var tags = new List<string>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"--tags: '{text}' is not a JSON list of strings.");
            }

            foreach (JsonElement element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String)
                {
                    throw new UsageException($"--tags: '{text}' is not a JSON list of strings.");
                }

                tags.Add(element.GetString()!);
            }
        }
        catch (JsonException ex)
        {
            throw new UsageException($"--tags: '{text}' is not a JSON list of strings ({ex.Message}).", ex);
        }

        return tags;
    }
}
