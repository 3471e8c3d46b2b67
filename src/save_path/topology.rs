//! The whole-save-path forms: `sentinel://...`, `cluster://...` and phpredis'
//! `seed[]=...`, whose query applies to every host.

use super::entry::parse_host_port;
use super::options::{apply_param, parse_auth, parse_seconds, parse_u32_strict};
use super::query::{Param, ParamValue, parse_query, percent_decode};
use super::{
    Address, Auth, CLUSTER_DEFAULT_PREFIX, Ctx, DEFAULT_PORT, DEFAULT_PREFIX, HostSpec, ParseError,
    SEPARATORS, SavePath, TlsOptions, Topology, redact,
};

/// Port used when a sentinel does not name one (Redis Sentinel's standard port).
const SENTINEL_DEFAULT_PORT: u16 = 26379;

/// Returns what follows `scheme://` when `text` starts with it (scheme in any case).
pub(super) fn strip_scheme<'a>(text: &'a str, scheme: &str) -> Option<&'a str> {
    let (head, rest) = text.split_once("://")?;
    head.eq_ignore_ascii_case(scheme).then_some(rest)
}

/// Whether `text` is phpredis' `rediscluster` save path: a bare query string
/// (no `?`) with a `seed` parameter, e.g. `seed[]=h:7000&seed[]=h:7001&timeout=2`.
/// The `=` is required, so a server named `seed` is still a server.
pub(super) fn is_seed_query(text: &str) -> bool {
    !text.contains('?')
        && text.split('&').any(|pair| {
            pair.split_once('=').is_some_and(|(name, _)| {
                let name = percent_decode(name, true);
                name == b"seed" || name.starts_with(b"seed[")
            })
        })
}

/// Which whole-save-path form is being parsed; decides the allowed parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `sentinel://...`
    Sentinel,
    /// `cluster://...`
    ClusterUrl,
    /// phpredis' `seed[]=...`
    Seeds,
}

/// Query options of a sentinel or cluster save path, shared by all its hosts.
struct Shared {
    /// Every per-host option; its address is a placeholder replaced per host.
    template: HostSpec,
    /// `master=` (sentinel only).
    master: Option<String>,
    /// `sentinel_auth=` (sentinel only).
    sentinel_auth: Option<Auth>,
    /// `seed[...]=` values in order (seed form only).
    seeds: Vec<Vec<u8>>,
    /// A `stream[...]` option was given: phpredis then connects to seeds
    /// written without a scheme over TLS.
    stream: bool,
}

/// Decodes and applies the query of a sentinel or cluster save path.
fn parse_shared(ctx: &Ctx, form: Form, query: &str) -> Result<Shared, ParseError> {
    let prefix = match form {
        Form::Sentinel => DEFAULT_PREFIX,
        Form::ClusterUrl | Form::Seeds => CLUSTER_DEFAULT_PREFIX,
    };
    let mut shared = Shared {
        template: HostSpec {
            address: Address::Tcp {
                host: String::new(),
                port: DEFAULT_PORT,
            },
            weight: 1,
            timeout: None,
            read_timeout: None,
            prefix: prefix.as_bytes().to_vec(),
            auth: None,
            database: None,
            tls: TlsOptions::default(),
            wait_replicas: 0,
            wait_timeout: None,
            wait_accept_degraded: false,
        },
        master: None,
        sentinel_auth: None,
        seeds: Vec::new(),
        stream: false,
    };
    for param in parse_query(ctx, query)? {
        apply_shared_param(ctx, form, &mut shared, &param)?;
    }
    Ok(shared)
}

/// Applies one parameter of a sentinel or cluster save path: the form's own
/// parameters here, the per-server ones through [`apply_param`].
fn apply_shared_param(
    ctx: &Ctx,
    form: Form,
    shared: &mut Shared,
    param: &Param,
) -> Result<(), ParseError> {
    let name = param.name.as_str();
    let sentinel = form == Form::Sentinel;
    let cluster = !sentinel;
    let text = || match &param.value {
        ParamValue::Scalar(bytes) => std::str::from_utf8(bytes).ok(),
        ParamValue::Array(_) => None,
    };
    match name {
        "master" if sentinel => {
            let master = text().filter(|master| !master.is_empty());
            shared.master = Some(master.ok_or_else(|| ctx.invalid_value(name))?.to_owned());
        }
        "sentinel_auth" if sentinel => {
            shared.sentinel_auth = Some(parse_auth(ctx, name, &param.value)?);
        }
        "seed" if form == Form::Seeds => match &param.value {
            ParamValue::Array(items) => {
                shared.seeds = items.iter().map(|(_, seed)| seed.clone()).collect();
            }
            ParamValue::Scalar(_) => return Err(ctx.invalid_value(name)),
        },
        // A cluster only has database 0: accept it (nothing to SELECT), refuse the rest.
        "database" if cluster => {
            if text().and_then(parse_u32_strict) != Some(0) {
                return Err(ctx.invalid_value(name));
            }
        }
        // phpredis: whether reads may go to replicas (`none`, `error`, `distribute`).
        // Sessions are always read from the masters here, so it is checked and ignored.
        "failover" if cluster => {
            let known = text().is_some_and(|mode| {
                ["none", "error", "distribute"]
                    .iter()
                    .any(|word| mode.eq_ignore_ascii_case(word))
            });
            if !known {
                return Err(ctx.invalid_value(name));
            }
        }
        // phpredis' rediscluster handler takes `timeout=0` as "not set".
        "timeout" if cluster && text().and_then(parse_seconds).is_some_and(|s| s <= 0.0) => {
            shared.template.timeout = None;
        }
        // Per-server knobs of the standalone form, meaningless here.
        "weight" | "persistent_id" | "retry_interval" => return Err(ctx.unknown_param(name)),
        _ => {
            shared.stream |= name == "stream";
            apply_param(ctx, &mut shared.template, param, (false, false))?;
        }
    }
    Ok(())
}

/// Splits the text after the leading `scheme://` into the host list and the
/// query, which must come after the last host.
fn split_hosts_query<'a>(ctx: &Ctx, rest: &'a str) -> Result<(&'a str, &'a str), ParseError> {
    let (hosts, query) = rest.split_once('?').unwrap_or((rest, ""));
    if query.contains(SEPARATORS) {
        return Err(ctx.invalid("the query string must follow the last host"));
    }
    Ok((hosts, query))
}

/// Parses `host[:port]` entries separated by commas/whitespace, each optionally
/// written `scheme://host[:port]`. Duplicates are dropped (as phpredis does for seeds).
fn parse_host_list(
    ctx: &Ctx,
    hosts: &str,
    scheme: &str,
    default_port: u16,
) -> Result<Vec<Address>, ParseError> {
    let mut out = Vec::new();
    for entry in hosts.split(SEPARATORS).filter(|entry| !entry.is_empty()) {
        let hostport = match entry.split_once("://") {
            None => entry,
            Some((head, rest)) if head.eq_ignore_ascii_case(scheme) => rest,
            Some((head, _)) => {
                return Err(ctx.unknown_scheme(head));
            }
        };
        let (host, port) = parse_host_port(ctx, hostport, default_port)?;
        let address = Address::Tcp { host, port };
        if !out.contains(&address) {
            out.push(address);
        }
    }
    Ok(out)
}

/// One [`HostSpec`] per address, each with the shared options.
fn with_options(addresses: Vec<Address>, template: &HostSpec) -> Vec<HostSpec> {
    addresses
        .into_iter()
        .map(|address| HostSpec {
            address,
            ..template.clone()
        })
        .collect()
}

/// `sentinel://host[:port][,[sentinel://]host[:port]...]?master=NAME[&...]`;
/// `whole` is the trimmed save path, `rest` what follows its `sentinel://`.
pub(super) fn parse_sentinel(whole: &str, rest: &str) -> Result<SavePath, ParseError> {
    let ctx = Ctx {
        shown: redact(whole),
    };
    let (hosts, query) = split_hosts_query(&ctx, rest)?;
    let addresses = parse_host_list(&ctx, hosts, "sentinel", SENTINEL_DEFAULT_PORT)?;
    let shared = parse_shared(&ctx, Form::Sentinel, query)?;
    if addresses.is_empty() {
        return Err(ctx.invalid("empty sentinel list"));
    }
    let master = shared
        .master
        .ok_or_else(|| ctx.invalid("missing parameter \"master\""))?;
    Ok(SavePath {
        hosts: with_options(addresses, &shared.template),
        topology: Topology::Sentinel {
            master,
            sentinel_auth: shared.sentinel_auth,
        },
    })
}

/// `cluster://host[:port][,[cluster://]host[:port]...][?...]`;
/// `whole` is the trimmed save path, `rest` what follows its `cluster://`.
pub(super) fn parse_cluster_url(whole: &str, rest: &str) -> Result<SavePath, ParseError> {
    let ctx = Ctx {
        shown: redact(whole),
    };
    let (hosts, query) = split_hosts_query(&ctx, rest)?;
    let addresses = parse_host_list(&ctx, hosts, "cluster", DEFAULT_PORT)?;
    let shared = parse_shared(&ctx, Form::ClusterUrl, query)?;
    if addresses.is_empty() {
        return Err(ctx.invalid("empty seed list"));
    }
    Ok(SavePath {
        hosts: with_options(addresses, &shared.template),
        topology: Topology::Cluster,
    })
}

/// phpredis' `rediscluster` save path: `seed[]=host:port&seed[]=...&timeout=...`.
pub(super) fn parse_seed_query(whole: &str) -> Result<SavePath, ParseError> {
    let ctx = Ctx {
        shown: redact(whole),
    };
    let shared = parse_shared(&ctx, Form::Seeds, whole)?;
    let mut addresses = Vec::new();
    for seed in &shared.seeds {
        let seed = std::str::from_utf8(seed).map_err(|_| ctx.invalid_value("seed"))?;
        let address = parse_seed(&ctx, seed, shared.stream)?;
        if !addresses.contains(&address) {
            addresses.push(address);
        }
    }
    if addresses.is_empty() {
        return Err(ctx.invalid("empty seed list"));
    }
    Ok(SavePath {
        hosts: with_options(addresses, &shared.template),
        topology: Topology::Cluster,
    })
}

/// One `seed[]` value: `[tcp://|tls://|ssl://]host[:port]`. As in phpredis, a
/// seed without a scheme uses TLS when `stream[...]` options were given.
fn parse_seed(ctx: &Ctx, seed: &str, stream: bool) -> Result<Address, ParseError> {
    let (tls, hostport) = match seed.split_once("://") {
        None => (stream, seed),
        Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
            "tcp" => (false, rest),
            "tls" | "ssl" => (true, rest),
            _ => {
                return Err(ctx.unknown_scheme(scheme));
            }
        },
    };
    let (host, port) = parse_host_port(ctx, hostport, DEFAULT_PORT)?;
    Ok(if tls {
        Address::Tls { host, port }
    } else {
        Address::Tcp { host, port }
    })
}
