//! The `[transport]` table of `rules/transport.toml`, read by the `exposed-transport` rule: the
//! row format, checked and filtered by language at load.
//!
//! The file covers several languages at once; a row with a `lang` key applies to those
//! languages only (`typescript` rows also serve JavaScript), a row without one to all of them.
//! Callee patterns are those of the other catalog rows (`exact.path`, `*.suffix`); argument
//! locators are `arg:N`, `kwarg:NAME` and, for object-literal arguments, `arg:N.FIELD.FIELD`.
//! Conditions (`when`) are those of sink rows (`LOC=TEXT`, `LOC~REGEX`, `chain~REGEX`).

use mcplint_ir::Lang;
use serde::Deserialize;

use super::applies;
use crate::catalog::OneOrMany;
use crate::catalog::typed::{ArgLocator, CalleePattern, Condition};
use crate::lazy_regex::LazyRegex;

/// The `[transport]` table of `rules/transport.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TransportRows {
    /// Host texts that mean every interface (`0.0.0.0`, `::`), with or without `:port` and
    /// brackets.
    #[serde(default)]
    pub(crate) all_interfaces: Vec<String>,
    /// Constants that mean every interface (`std::net::Ipv4Addr::UNSPECIFIED`).
    #[serde(default)]
    pub(crate) all_interfaces_names: Vec<CalleePattern>,
    /// Regexes over the source text of an address expression that mean every interface
    /// (`[0, 0, 0, 0]`).
    #[serde(default)]
    pub(crate) all_interfaces_text: Vec<LazyRegex>,
    /// Calls whose value is their receiver or first argument, for addresses (`*.parse`,
    /// `*.into`, `SocketAddr::from`).
    #[serde(default)]
    pub(crate) pass_through: Vec<CalleePattern>,
    /// Paths (regexes) of test files, where nothing is reported.
    #[serde(default)]
    pub(crate) test_files: Vec<LazyRegex>,
    /// Values that turn a setting on (`True`, `true`).
    #[serde(default)]
    pub(crate) true_values: Vec<String>,
    /// Origin strings that allow every origin (`*`).
    #[serde(default)]
    pub(crate) any_origins: Vec<String>,
    /// Origin names that allow every origin (`true` reflects the request's origin; `Any`).
    #[serde(default)]
    pub(crate) any_origin_names: Vec<CalleePattern>,
    /// `value or default` forms: where the default is.
    #[serde(default)]
    pub(crate) default: Vec<DefaultRow>,
    /// Evidence that a file serves MCP over HTTP.
    #[serde(default)]
    pub(crate) http: Vec<HttpRow>,
    /// Where a transport's bind address is set.
    #[serde(default)]
    pub(crate) bind: Vec<BindRow>,
    /// Command-line options that set the bind address, with their default.
    #[serde(default)]
    pub(crate) host_option: Vec<HostOptionRow>,
    /// CORS configurations.
    #[serde(default)]
    pub(crate) cors: Vec<CorsRow>,
    /// Settings that turn certificate verification off.
    #[serde(default)]
    pub(crate) tls_off: Vec<SettingRow>,
    /// Settings that turn DNS-rebinding protection off.
    #[serde(default)]
    pub(crate) rebinding_off: Vec<SettingRow>,
    /// Certificate verifiers that accept every certificate (rustls `dangerous()`).
    #[serde(default)]
    pub(crate) accept_all_verifier: Vec<VerifierRow>,
    /// Evidence that a server authenticates the requests it serves (`unauthenticated-transport`).
    #[serde(default)]
    pub(crate) auth: Vec<AuthRow>,
}

/// `os.environ.get("HOST", DEFAULT)`, `x.unwrap_or(DEFAULT)`: a value with a default.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct DefaultRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Callee patterns.
    pub(crate) call: OneOrMany<CalleePattern>,
    /// Where the default is.
    pub(crate) default: ArgLocator,
}

/// Evidence that a file serves MCP over HTTP: a name in a callee or import path, or a call
/// under a condition.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct HttpRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Path segments (`sse_app`, `StreamableHTTPServerTransport`) of a callee or an import.
    #[serde(default)]
    pub(crate) marker: Option<OneOrMany>,
    /// Callee patterns (with `when`).
    #[serde(default)]
    pub(crate) call: Option<OneOrMany<CalleePattern>>,
    /// A condition on the call.
    #[serde(default)]
    pub(crate) when: Option<Condition>,
}

/// Where a bind address is set: an argument of a call, or an assignment.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct BindRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Callee patterns.
    #[serde(default)]
    pub(crate) call: Option<OneOrMany<CalleePattern>>,
    /// Where the host is, for calls.
    #[serde(default)]
    pub(crate) host: Option<OneOrMany<ArgLocator>>,
    /// A regex over the source text of an assignment before its value (`mcp.settings.host =`).
    #[serde(default)]
    pub(crate) assign: Option<LazyRegex>,
    /// An object-literal or struct-literal key anywhere (`SseServerConfig { bind, .. }`).
    #[serde(default)]
    pub(crate) key: Option<String>,
    /// Locators of arguments whose presence makes the bind deliberate and guarded
    /// (`createMcpExpressApp({ host, allowedHosts })`).
    #[serde(default)]
    pub(crate) unless: Option<OneOrMany<ArgLocator>>,
    /// The call listens on every interface when none of `host` is given (Node's `listen(port)`).
    #[serde(default)]
    pub(crate) open_without_host: bool,
}

/// A command-line option that sets the bind address (`--host`), with its default.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct HostOptionRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Callee patterns.
    pub(crate) call: OneOrMany<CalleePattern>,
    /// The condition that makes it a host option (`chain~--host`).
    pub(crate) when: Condition,
    /// Where the default is.
    pub(crate) default: OneOrMany<ArgLocator>,
}

/// A CORS configuration: a call (or a method chain rooted at one) whose keyword arguments,
/// object entries or chained methods set the allowed origins and credentials.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct CorsRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Callee patterns of the configuration, or of a call anywhere in its method chain.
    pub(crate) call: OneOrMany<CalleePattern>,
    /// Keys and chained method names that set the allowed origins.
    pub(crate) origin: Vec<String>,
    /// Keys and chained method names that allow credentials.
    pub(crate) credentials: Vec<String>,
    /// Calls in the configuration that allow every origin (`CorsLayer::permissive`).
    #[serde(default)]
    pub(crate) any_origin_calls: Vec<CalleePattern>,
    /// Calls in the configuration that allow every origin with credentials
    /// (`CorsLayer::very_permissive`).
    #[serde(default)]
    pub(crate) credentialed_calls: Vec<CalleePattern>,
}

/// A setting with a dangerous value: an argument of a call, an object entry, an assignment,
/// or a name whose mere use is the setting (`ssl.CERT_NONE`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct SettingRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Callee patterns; without `arg`, any call to them is the setting.
    #[serde(default)]
    pub(crate) call: Option<OneOrMany<CalleePattern>>,
    /// Where the value is, for calls.
    #[serde(default)]
    pub(crate) arg: Option<OneOrMany<ArgLocator>>,
    /// An object-literal key anywhere (`rejectUnauthorized`).
    #[serde(default)]
    pub(crate) key: Option<String>,
    /// A regex over the source text of an assignment before its value.
    #[serde(default)]
    pub(crate) assign: Option<LazyRegex>,
    /// A name whose use as a value is the setting (`ssl.CERT_NONE`).
    #[serde(default)]
    pub(crate) name: Option<OneOrMany<CalleePattern>>,
    /// The dangerous values: a string's text, or the source text of anything else.
    #[serde(default)]
    pub(crate) value: Vec<String>,
    /// What it does, for messages (`turns off certificate verification`).
    pub(crate) what: String,
}

/// A certificate verifier that accepts everything: an implementation of `trait` whose
/// `method` only returns a call to `accepts`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct VerifierRow {
    /// Languages (all when absent).
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Trait (base) patterns.
    #[serde(rename = "trait")]
    pub(crate) trait_: OneOrMany<CalleePattern>,
    /// The verifying method.
    pub(crate) method: String,
    /// Callee patterns of the "verified" value.
    pub(crate) accepts: OneOrMany<CalleePattern>,
}

/// Evidence, for one language, that a server authenticates the requests it serves: any one of
/// the kinds below is enough.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct AuthRow {
    #[serde(default)]
    pub(crate) lang: Option<OneOrMany>,
    /// Server constructors that authenticate when given one of `options` (`FastMCP(auth=...)`).
    #[serde(default)]
    pub(crate) options_of: Vec<CalleePattern>,
    /// For `options-of`: the arguments that turn authentication on.
    #[serde(default)]
    pub(crate) options: Option<OneOrMany<ArgLocator>>,
    /// Modules whose import is authentication (a prefix of path segments: `mcp.server.auth`).
    #[serde(default)]
    pub(crate) import: Vec<String>,
    /// Calls that authenticate requests, or build what does (`requireBearerAuth(...)`).
    #[serde(default)]
    pub(crate) call: Vec<CalleePattern>,
    /// Request headers whose read is a hand-written check (`req.headers["x-api-key"]`), lower
    /// case.
    #[serde(default)]
    pub(crate) headers: Vec<String>,
    /// Calls that register middleware, dependencies or layers (`app.use`, `Depends`): an
    /// argument named like `names` authenticates.
    #[serde(default)]
    pub(crate) register: Vec<CalleePattern>,
    /// Routes (`app.post(path, ..., handler)`): an argument between the path and the handler
    /// named like `names` is middleware that authenticates.
    #[serde(default)]
    pub(crate) route: Vec<CalleePattern>,
    /// For `register` and `route`: what the name of a function or type that authenticates
    /// matches (`require_api_key`, `AuthMiddleware`).
    #[serde(default)]
    pub(crate) names: Option<LazyRegex>,
}

impl TransportRows {
    /// Adds the rows of `other` that apply to `lang`.
    pub(crate) fn extend(&mut self, other: &TransportRows, lang: Lang) {
        self.all_interfaces
            .extend(other.all_interfaces.iter().cloned());
        self.all_interfaces_names
            .extend(other.all_interfaces_names.iter().cloned());
        self.all_interfaces_text
            .extend(other.all_interfaces_text.iter().cloned());
        self.pass_through.extend(other.pass_through.iter().cloned());
        self.test_files.extend(other.test_files.iter().cloned());
        self.true_values.extend(other.true_values.iter().cloned());
        self.any_origins.extend(other.any_origins.iter().cloned());
        self.any_origin_names
            .extend(other.any_origin_names.iter().cloned());
        let keep = |l: Option<&OneOrMany>| applies(l, lang);
        self.default.extend(
            other
                .default
                .iter()
                .filter(|r| keep(r.lang.as_ref()))
                .cloned(),
        );
        self.http
            .extend(other.http.iter().filter(|r| keep(r.lang.as_ref())).cloned());
        self.bind
            .extend(other.bind.iter().filter(|r| keep(r.lang.as_ref())).cloned());
        self.host_option.extend(
            other
                .host_option
                .iter()
                .filter(|r| keep(r.lang.as_ref()))
                .cloned(),
        );
        self.cors
            .extend(other.cors.iter().filter(|r| keep(r.lang.as_ref())).cloned());
        self.tls_off.extend(
            other
                .tls_off
                .iter()
                .filter(|r| keep(r.lang.as_ref()))
                .cloned(),
        );
        self.rebinding_off.extend(
            other
                .rebinding_off
                .iter()
                .filter(|r| keep(r.lang.as_ref()))
                .cloned(),
        );
        self.auth
            .extend(other.auth.iter().filter(|r| keep(r.lang.as_ref())).cloned());
        self.accept_all_verifier.extend(
            other
                .accept_all_verifier
                .iter()
                .filter(|r| keep(r.lang.as_ref()))
                .cloned(),
        );
    }

    /// Whether there are no rows.
    pub(crate) fn is_empty(&self) -> bool {
        self.http.is_empty()
            && self.bind.is_empty()
            && self.cors.is_empty()
            && self.tls_off.is_empty()
            && self.accept_all_verifier.is_empty()
    }
}
