using System;
using Microsoft.Data.Sqlite;

namespace Cachetronomy.Storage.Sqlite.Internal;

/// <summary>Binds values to a reused command without replacing its parameters or its text.</summary>
internal static class SqliteCommandExtensions
{
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        SqliteParameterCollection parameters = command.Parameters;
        int index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }

        return command;
    }

    public static long ScalarInt64(this SqliteCommand command)
    {
        object? value = command.ExecuteScalar();
        return value is null or DBNull ? 0L : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
