using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cachetronomy.Samples.WebApp;

/// <summary>
/// The smallest scheme that lets the sample protect its dashboard outside Development: HTTP Basic against one
/// user name and password from configuration (<c>Sample:Dashboard:User</c>, <c>Sample:Dashboard:Password</c>;
/// user secrets or environment variables, never appsettings.json). With no password configured nobody gets in.
/// Basic sends the password on every request: use it only over HTTPS. A real app plugs in its own
/// authentication (cookies, OpenID Connect, …) instead.
/// </summary>
public sealed class BasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IConfiguration configuration)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "Basic";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? user = configuration["Sample:Dashboard:User"];
        string? password = configuration["Sample:Dashboard:Password"];
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password)
            || !AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out AuthenticationHeaderValue? header)
            || !string.Equals(header.Scheme, SchemeName, StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        string given;
        try
        {
            given = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return Task.FromResult(AuthenticateResult.Fail("Malformed Basic credentials."));
        }

        byte[] expected = Encoding.UTF8.GetBytes(user + ":" + password);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected))
        {
            return Task.FromResult(AuthenticateResult.Fail("Wrong user name or password."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Basic realm=\"Cachetronomy\", charset=\"UTF-8\"";
        return base.HandleChallengeAsync(properties);
    }
}
