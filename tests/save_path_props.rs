//! Property tests of the `session.save_path` parser (issue 10, item 6: "the
//! parser fuzzed").
//!
//! Inputs: arbitrary strings and bytes, a soup of save path fragments, and
//! valid phpredis-style save paths (every form `save_path` accepts: server
//! lists of `tcp://`, `tls://`, `ssl://`, bare `host:port`, `unix:`, bare
//! paths, `redis://`/`rediss://` URLs with credentials and database;
//! `sentinel://`, `cluster://` and phpredis' `seed[]=` query; `auth` in all
//! three forms) that are then broken on purpose (a fault that must be
//! rejected) and/or mutated (characters inserted, deleted or replaced,
//! parameters duplicated or dropped, the text truncated).
//!
//! Properties:
//! 1. [`parse_never_panics`]: `parse` returns on every input (it takes
//!    `&str`; the PHP side turns non-UTF-8 save paths away before it, bytes
//!    are still fed through `from_utf8_lossy`).
//! 2. [`errors_never_show_a_password`]: no error message (`Display`, and
//!    `Debug`) contains a password of the save path.
//! 3. [`accepted_paths_display_without_passwords`]: valid save paths are
//!    accepted with the right servers and passwords; for every accepted path
//!    the phpinfo text of its servers contains no password, and that text
//!    parses back to the same servers.
//!
//! Cases per property: `PROPTEST_CASES` (proptest reads it), default
//! [`DEFAULT_CASES`]; `make fuzz` runs the long version. Each property
//! prints how many cases it ran (`-- --nocapture` to see it under `cargo
//! test`). Failures are not persisted to a file: a failure is pinned as a
//! unit test in `src/save_path/tests.rs` instead.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::time::Instant;

use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use proptest::test_runner::{Config, TestCaseError, TestRunner, contextualize_config};
use rustredis::config::PoolSettings;
use rustredis::save_path::{self, Address, SavePath, Topology};
use rustredis::store::Store;
use rustredis::store::registry::Pools;

/// Cases per property when `PROPTEST_CASES` is not set (`cargo test`).
const DEFAULT_CASES: u32 = 10_000;

/// Every generated password starts with this (and nothing else generated
/// contains an upper-case `P`), so finding one in a text is never chance.
const MARKER: &str = "Pw";

// ---------------------------------------------------------------------------
// The runner
// ---------------------------------------------------------------------------

/// Runs `test` on `cases` values of `strategy` and prints how many ran.
fn check<S>(name: &str, strategy: &S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: Debug,
{
    let config = contextualize_config(Config {
        failure_persistence: None,
        ..Config::with_cases(DEFAULT_CASES)
    });
    let cases = config.cases;
    let mut runner = TestRunner::new(config);
    let runs = Cell::new(0_u64);
    let start = Instant::now();
    let result = runner.run(strategy, |value| {
        runs.set(runs.get() + 1);
        test(value)
    });
    eprintln!(
        "save_path_props: {name}: {cases} cases ({} runs with shrinking) in {:.2?}",
        runs.get(),
        start.elapsed()
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

/// Counts outcomes, for the summary line of a property.
#[derive(Default)]
struct Tally(RefCell<std::collections::BTreeMap<&'static str, u64>>);

impl Tally {
    fn add(&self, what: &'static str) {
        *self.0.borrow_mut().entry(what).or_default() += 1;
    }
    fn print(&self, name: &str) {
        let line: Vec<String> = self
            .0
            .borrow()
            .iter()
            .map(|(what, n)| format!("{what} {n}"))
            .collect();
        eprintln!("save_path_props: {name}: {}", line.join(", "));
    }
}

// ---------------------------------------------------------------------------
// Generated save paths
// ---------------------------------------------------------------------------

/// A password as written in the save path and as the parser should read it.
#[derive(Clone, Debug)]
struct Secret {
    /// In the text (one character may be percent-encoded).
    raw: String,
    /// Decoded.
    plain: String,
}

/// One `name=value` of a query; a pair that carries a password is
/// protected from character mutations (see [`mutate`]).
#[derive(Clone, Debug)]
struct Pair {
    text: String,
    secret: Option<Secret>,
}

impl Pair {
    fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            secret: None,
        }
    }
}

/// What comes before the `?` of a server-list entry.
#[derive(Clone, Debug)]
enum Head {
    /// `tcp://`, `tls://`, `ssl://` (any case) `host[:port][/]`.
    Url {
        scheme: String,
        host: String,
        port: Option<String>,
        slash: bool,
    },
    /// `host[:port]`.
    Bare { host: String, port: Option<String> },
    /// `unix://PATH`, `unix:PATH` or `PATH`.
    Unix { style: &'static str, path: String },
    /// `redis://` / `rediss://` `[user:pass@]host[:port][/db]`.
    Redis {
        scheme: String,
        userinfo: Option<(Option<String>, Secret)>,
        host: String,
        port: Option<String>,
        db: Option<String>,
    },
}

#[derive(Clone, Debug)]
struct Entry {
    head: Head,
    params: Vec<Pair>,
}

/// A host of a `sentinel://` or `cluster://` list.
#[derive(Clone, Debug)]
struct Item {
    /// `sentinel://` / `cluster://` (or, as a fault, another scheme) before it.
    scheme: Option<String>,
    host: String,
    port: Option<String>,
}

/// A `seed[...]=` of phpredis' `rediscluster` save path.
#[derive(Clone, Debug)]
struct Seed {
    name: String,
    scheme: Option<String>,
    host: String,
    port: Option<String>,
}

/// A `seed[]=` or another parameter, in the order written.
#[derive(Clone, Debug)]
enum SeedPart {
    Seed(Seed),
    Param(Pair),
}

/// A save path, before rendering.
#[derive(Clone, Debug)]
enum Model {
    Servers {
        lead: &'static str,
        entries: Vec<(Entry, &'static str)>,
    },
    /// `sentinel://` (`cluster` false) or `cluster://` (`cluster` true).
    List {
        cluster: bool,
        scheme: String,
        items: Vec<(Item, &'static str)>,
        params: Vec<Pair>,
        /// Text after the query (a fault: the query must come last).
        after: String,
    },
    Seeds {
        parts: Vec<SeedPart>,
    },
}

/// What a valid save path must parse to.
#[derive(Clone, Debug, PartialEq)]
struct Expected {
    addresses: Vec<Address>,
    topology: &'static str,
    master: Option<String>,
    passwords: BTreeSet<String>,
}

fn topology_name(topology: &Topology) -> &'static str {
    match topology {
        Topology::Servers => "servers",
        Topology::Sentinel { .. } => "sentinel",
        Topology::Cluster => "cluster",
    }
}

fn host_address(tls: bool, host: &str, port: Option<&String>, default: u16) -> Address {
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
        .to_owned();
    let port = port.map_or(default, |p| p.parse().expect("generated port"));
    if tls {
        Address::Tls { host, port }
    } else {
        Address::Tcp { host, port }
    }
}

fn push_unique(addresses: &mut Vec<Address>, address: Address) {
    if !addresses.contains(&address) {
        addresses.push(address);
    }
}

impl Model {
    /// The parse result of an unbroken, unmutated model.
    fn expected(&self) -> Expected {
        let mut passwords = BTreeSet::new();
        let mut add_secrets = |pairs: &[Pair]| {
            for pair in pairs {
                if let Some(secret) = &pair.secret {
                    passwords.insert(secret.plain.clone());
                }
            }
        };
        let mut master = None;
        let mut addresses = Vec::new();
        let topology = match self {
            Self::Servers { entries, .. } => {
                for (entry, _) in entries {
                    add_secrets(&entry.params);
                    addresses.push(match &entry.head {
                        Head::Url {
                            scheme, host, port, ..
                        } => host_address(
                            !scheme.eq_ignore_ascii_case("tcp"),
                            host,
                            port.as_ref(),
                            6379,
                        ),
                        Head::Bare { host, port } => host_address(false, host, port.as_ref(), 6379),
                        Head::Unix { path, .. } => Address::Unix { path: path.clone() },
                        Head::Redis {
                            scheme,
                            userinfo,
                            host,
                            port,
                            ..
                        } => {
                            if let Some((_, secret)) = userinfo {
                                add_secrets(&[Pair {
                                    text: String::new(),
                                    secret: Some(secret.clone()),
                                }]);
                            }
                            host_address(
                                scheme.eq_ignore_ascii_case("rediss"),
                                host,
                                port.as_ref(),
                                6379,
                            )
                        }
                    });
                }
                "servers"
            }
            Self::List {
                cluster,
                items,
                params,
                ..
            } => {
                add_secrets(params);
                for (item, _) in items {
                    let default = if *cluster { 6379 } else { 26379 };
                    push_unique(
                        &mut addresses,
                        host_address(false, &item.host, item.port.as_ref(), default),
                    );
                }
                for pair in params {
                    if let Some(name) = pair.text.strip_prefix("master=") {
                        master = Some(name.to_owned());
                    }
                }
                if *cluster { "cluster" } else { "sentinel" }
            }
            Self::Seeds { parts } => {
                let stream = parts.iter().any(
                    |part| matches!(part, SeedPart::Param(p) if p.text.starts_with("stream[")),
                );
                for part in parts {
                    match part {
                        SeedPart::Param(pair) => add_secrets(std::slice::from_ref(pair)),
                        SeedPart::Seed(seed) => {
                            let tls = seed.scheme.as_ref().map_or(stream, |s| {
                                let s = s.to_ascii_lowercase();
                                s == "tls://" || s == "ssl://"
                            });
                            push_unique(
                                &mut addresses,
                                host_address(tls, &seed.host, seed.port.as_ref(), 6379),
                            );
                        }
                    }
                }
                "cluster"
            }
        };
        Expected {
            addresses,
            topology,
            master,
            passwords,
        }
    }

    /// Every parameter list, for parameter-level mutations.
    fn pair_lists(&mut self) -> Vec<&mut Vec<Pair>> {
        match self {
            Self::Servers { entries, .. } => {
                entries.iter_mut().map(|(e, _)| &mut e.params).collect()
            }
            Self::List { params, .. } => vec![params],
            Self::Seeds { .. } => Vec::new(),
        }
    }
}

/// A character of a rendered save path and whether mutations must leave it.
type Marked = Vec<(char, bool)>;

fn push(out: &mut Marked, text: &str, protected: bool) {
    out.extend(text.chars().map(|c| (c, protected)));
}

/// Renders a query (`?` or `&` first, then the pairs joined with `&`). The
/// delimiter before a password pair is protected with it, so a mutation
/// cannot glue the pair onto the previous value (it would stop being a
/// password).
fn push_query(out: &mut Marked, first: char, pairs: &[Pair]) {
    for (i, pair) in pairs.iter().enumerate() {
        let protected = pair.secret.is_some();
        let delimiter = if i == 0 { first } else { '&' };
        out.push((delimiter, protected));
        push(out, &pair.text, protected);
    }
}

fn port_text(port: Option<&String>) -> String {
    port.map(|p| format!(":{p}")).unwrap_or_default()
}

/// The text and its protected characters.
fn render(model: &Model) -> Marked {
    let mut out = Marked::new();
    match model {
        Model::Servers { lead, entries } => {
            push(&mut out, lead, false);
            for (entry, separator) in entries {
                let secret = entry.params.iter().any(|p| p.secret.is_some());
                match &entry.head {
                    Head::Url {
                        scheme,
                        host,
                        port,
                        slash,
                    } => {
                        let slash = if *slash { "/" } else { "" };
                        let text = format!("{scheme}://{host}{}{slash}", port_text(port.as_ref()));
                        push(&mut out, &text, false);
                    }
                    Head::Bare { host, port } => {
                        push(
                            &mut out,
                            &format!("{host}{}", port_text(port.as_ref())),
                            false,
                        );
                    }
                    Head::Unix { style, path } => push(&mut out, &format!("{style}{path}"), false),
                    Head::Redis {
                        scheme,
                        userinfo,
                        host,
                        port,
                        db,
                    } => {
                        if let Some((user, secret)) = userinfo {
                            // The whole `scheme://user:pass@`, and the separator
                            // before it: what makes it a password.
                            if let Some((c, protected)) = out.last_mut() {
                                *protected = *protected || SEPARATORS.contains(c);
                            }
                            let user = user.as_ref().map(|u| format!("{u}:")).unwrap_or_default();
                            push(&mut out, &format!("{scheme}://{user}{}@", secret.raw), true);
                        } else {
                            push(&mut out, &format!("{scheme}://"), false);
                        }
                        let db = db.as_ref().map(|d| format!("/{d}")).unwrap_or_default();
                        push(
                            &mut out,
                            &format!("{host}{}{db}", port_text(port.as_ref())),
                            false,
                        );
                    }
                }
                if !entry.params.is_empty() {
                    let start = out.len();
                    push_query(&mut out, '?', &entry.params);
                    // The `?` of an entry with a password: without it the
                    // query would become part of the host name.
                    out[start].1 |= secret;
                }
                push(&mut out, separator, false);
            }
        }
        Model::List {
            scheme,
            items,
            params,
            after,
            ..
        } => {
            push(&mut out, &format!("{scheme}://"), false);
            for (item, separator) in items {
                let scheme = item.scheme.as_deref().unwrap_or("");
                let text = format!("{scheme}{}{}", item.host, port_text(item.port.as_ref()));
                push(&mut out, &text, false);
                push(&mut out, separator, false);
            }
            if !params.is_empty() {
                let start = out.len();
                push_query(&mut out, '?', params);
                out[start].1 |= params.iter().any(|p| p.secret.is_some());
            }
            push(&mut out, after, false);
        }
        Model::Seeds { parts } => {
            let pairs: Vec<Pair> = parts
                .iter()
                .map(|part| match part {
                    SeedPart::Param(pair) => pair.clone(),
                    SeedPart::Seed(seed) => Pair::plain(format!(
                        "{}={}{}{}",
                        seed.name,
                        seed.scheme.as_deref().unwrap_or(""),
                        seed.host,
                        port_text(seed.port.as_ref())
                    )),
                })
                .collect();
            push_query(&mut out, '&', &pairs);
            // No delimiter before the first pair.
            if !out.is_empty() {
                out.remove(0);
            }
        }
    }
    out
}

/// What `save_path` splits entries on.
const SEPARATORS: [char; 7] = [',', ' ', '\t', '\n', '\r', '\x0b', '\x0c'];

fn secrets(model: &Model) -> Vec<Secret> {
    let mut out = Vec::new();
    let mut from = |pairs: &[Pair]| out.extend(pairs.iter().filter_map(|p| p.secret.clone()));
    match model {
        Model::Servers { entries, .. } => {
            for (entry, _) in entries {
                from(&entry.params);
                if let Head::Redis {
                    userinfo: Some((_, secret)),
                    ..
                } = &entry.head
                {
                    from(&[Pair {
                        text: String::new(),
                        secret: Some(secret.clone()),
                    }]);
                }
            }
        }
        Model::List { params, .. } => from(params),
        Model::Seeds { parts } => {
            for part in parts {
                if let SeedPart::Param(pair) = part {
                    from(std::slice::from_ref(pair));
                }
            }
        }
    }
    out
}

// --- strategies of the pieces ---

fn password() -> impl Strategy<Value = Secret> {
    ("[A-Za-z0-9]{6,12}", any::<bool>(), any::<Index>()).prop_map(|(body, encode, at)| {
        let plain = format!("{MARKER}{body}");
        let mut raw = plain.clone();
        if encode {
            // Percent-encode one character after the marker.
            let i = MARKER.len() + at.index(body.len());
            let c = raw.as_bytes()[i];
            raw.replace_range(i..=i, &format!("%{c:02X}"));
        }
        Secret { raw, plain }
    })
}

fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9-]{0,8}(\\.[a-z]{2,5}){0,2}",
        2 => (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        1 => select(vec!["[::1]", "[2001:db8::2]", "[fe80::1:2]", "[::ffff:10.0.0.1]"])
            .prop_map(str::to_owned),
        1 => Just("localhost".to_owned()),
    ]
}

fn port() -> impl Strategy<Value = Option<String>> {
    prop::option::weighted(0.7, (1_u16..=u16::MAX).prop_map(|p| p.to_string()))
}

fn user() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,7}"
}

/// `name` spelt as is or with one character percent-encoded.
fn spelling(name: &'static str) -> impl Strategy<Value = String> {
    (any::<bool>(), any::<Index>()).prop_map(move |(encode, at)| {
        if encode {
            let i = at.index(name.len());
            let c = name.as_bytes()[i];
            format!("{}%{c:02x}{}", &name[..i], &name[i + 1..])
        } else {
            name.to_owned()
        }
    })
}

/// `[]` as is or encoded.
fn brackets() -> impl Strategy<Value = &'static str> {
    select(vec!["[]", "%5B%5D", "%5b]", "[%5D"])
}

fn secret_pair(name: &str, secret: Secret) -> Pair {
    Pair {
        text: format!("{name}={}", secret.raw),
        secret: Some(secret),
    }
}

/// `name` (`auth` or `sentinel_auth`) in the three forms phpredis accepts.
fn auth_pairs(name: &'static str) -> BoxedStrategy<Vec<Pair>> {
    prop_oneof![
        // name=PASS
        (spelling(name), password()).prop_map(|(n, pw)| vec![secret_pair(&n, pw)]),
        // name[]=USER&name[]=PASS, or name[]=PASS
        (
            spelling(name),
            brackets(),
            prop::option::of(user()),
            password()
        )
            .prop_map(|(n, b, user, pw)| {
                let mut pairs: Vec<Pair> = user
                    .iter()
                    .map(|u| Pair::plain(format!("{n}{b}={u}")))
                    .collect();
                pairs.push(secret_pair(&format!("{n}{b}"), pw));
                pairs
            }),
        // name[0]=USER&name[1]=PASS in either order
        (spelling(name), user(), password(), any::<bool>()).prop_map(|(n, u, pw, swap)| {
            let mut pairs = vec![
                Pair::plain(format!("{n}[0]={u}")),
                secret_pair(&format!("{n}[1]"), pw),
            ];
            if swap {
                pairs.reverse();
            }
            pairs
        }),
        // name[user]=USER&name[pass]=PASS in either order, or name[pass]=PASS
        (
            spelling(name),
            prop::option::of(user()),
            password(),
            any::<bool>()
        )
            .prop_map(|(n, user, pw, swap)| {
                let mut pairs: Vec<Pair> = user
                    .iter()
                    .map(|u| Pair::plain(format!("{n}[user]={u}")))
                    .collect();
                pairs.push(secret_pair(&format!("{n}[pass]"), pw));
                if swap {
                    pairs.reverse();
                }
                pairs
            }),
    ]
    .boxed()
}

/// A parameter of the save path grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Weight,
    Timeout,
    ReadTimeout,
    Persistent,
    Prefix,
    Database,
    Auth,
    PersistentId,
    RetryInterval,
    Stream,
    WaitReplicas,
    WaitTimeout,
    WaitDegraded,
    Master,
    SentinelAuth,
    Failover,
    ClusterDatabase,
    ClusterTimeout,
}

/// A prefix value: raw characters (`://` and `@` included, which look like
/// URL syntax to a redactor), `+` and percent escapes.
fn prefix_value() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => "[a-z0-9:_./=#-]",
            1 => Just("@".to_owned()),
            1 => Just("://".to_owned()),
            1 => Just("+".to_owned()),
            1 => "%[0-9A-F]{2}",
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

fn seconds() -> impl Strategy<Value = String> {
    select(vec!["0.5", "1", "2.5", ".25", "10", "0.001", "3600"]).prop_map(str::to_owned)
}

fn one(
    name: &'static str,
    value: impl Strategy<Value = String> + 'static,
) -> BoxedStrategy<Vec<Pair>> {
    (spelling(name), value)
        .prop_map(|(n, v)| vec![Pair::plain(format!("{n}={v}"))])
        .boxed()
}

fn word(values: &[&'static str]) -> impl Strategy<Value = String> + use<> {
    select(values.to_vec()).prop_map(str::to_owned)
}

fn stream_pairs() -> BoxedStrategy<Vec<Pair>> {
    let option = prop_oneof![
        (
            select(vec!["verify_peer", "verify_peer_name", "allow_self_signed"]),
            word(&["0", "1", "true", "false", "yes", "no", "on", "off", ""]),
        )
            .prop_map(|(k, v)| format!("stream[{k}]={v}")),
        (select(vec!["peer_name"]), "[a-z]{1,8}(\\.[a-z]{2,4})?",)
            .prop_map(|(k, v)| format!("stream[{k}]={v}")),
        // Files that do not exist: the store refuses them, the parser not.
        (
            select(vec!["cafile", "local_cert", "local_pk"]),
            "/[a-z]{1,6}/[a-z]{1,6}\\.pem",
        )
            .prop_map(|(k, v)| format!("stream[{k}]={v}")),
    ];
    prop::collection::vec(option, 1..3)
        .prop_map(|options| options.into_iter().map(Pair::plain).collect())
        .boxed()
}

fn pairs_of(kind: Kind) -> BoxedStrategy<Vec<Pair>> {
    match kind {
        Kind::Weight => one("weight", (1_u32..1000).prop_map(|w| w.to_string())),
        Kind::Timeout => one("timeout", seconds()),
        Kind::WaitTimeout => one(
            "wait_timeout",
            select(vec!["1", "100", "500", "2500", "250ms", "0.5s", "2s"]).prop_map(str::to_owned),
        ),
        Kind::WaitDegraded => one("wait_degraded", word(&["refuse", "accept"])),
        Kind::ClusterTimeout => one("timeout", prop_oneof![seconds(), word(&["0", "0.0"])]),
        Kind::ReadTimeout => one("read_timeout", prop_oneof![seconds(), word(&["0"])]),
        Kind::Persistent => one(
            "persistent",
            word(&["1", "0", "true", "yes", "Yes", "no", "", "2"]),
        ),
        Kind::Prefix => one("prefix", prefix_value()),
        Kind::Database => one("database", (0_u32..100).prop_map(|d| d.to_string())),
        Kind::ClusterDatabase => one("database", word(&["0", "00"])),
        Kind::Auth => auth_pairs("auth"),
        Kind::SentinelAuth => auth_pairs("sentinel_auth"),
        Kind::PersistentId => one("persistent_id", "[a-z0-9]{0,6}"),
        Kind::RetryInterval => one(
            "retry_interval",
            (0_u32..10_000).prop_map(|d| d.to_string()),
        ),
        Kind::Stream => stream_pairs(),
        Kind::WaitReplicas => one("wait_replicas", (0_u32..5).prop_map(|d| d.to_string())),
        // Spelt plainly: `Model::expected` looks for it.
        Kind::Master => "[a-z][a-z0-9]{0,7}"
            .prop_map(|m| vec![Pair::plain(format!("master={m}"))])
            .boxed(),
        Kind::Failover => one(
            "failover",
            word(&["none", "error", "distribute", "Distribute"]),
        ),
    }
}

/// Some of `kinds` (each at most once: the unbroken path must be valid), in
/// any order, plus the `required` ones.
fn params(kinds: Vec<Kind>, required: &[Kind]) -> BoxedStrategy<Vec<Pair>> {
    let required = required.to_vec();
    let max = kinds.len().min(5);
    subsequence(kinds, 0..=max)
        .prop_flat_map(move |mut chosen| {
            chosen.extend_from_slice(&required);
            Just(chosen).prop_shuffle()
        })
        .prop_flat_map(|chosen| chosen.into_iter().map(pairs_of).collect::<Vec<_>>())
        .prop_map(|groups| groups.concat())
        .boxed()
}

fn separator() -> impl Strategy<Value = &'static str> {
    select(vec![",", ", ", " ", "\t", " , ", "\n", ",,"])
}

fn head() -> impl Strategy<Value = Head> {
    prop_oneof![
        (
            select(vec!["tcp", "TCP", "tls", "ssl", "Tls"]),
            host(),
            port(),
            prop::bool::weighted(0.1),
        )
            .prop_map(|(scheme, host, port, slash)| Head::Url {
                scheme: scheme.to_owned(),
                host,
                port,
                slash,
            }),
        // A bare `unix:1` would be a (relative) socket path.
        (host().prop_filter("unix", |h| h != "unix"), port())
            .prop_map(|(host, port)| Head::Bare { host, port }),
        (
            select(vec!["unix://", "unix:", "", "UNIX://"]),
            "(/[a-z0-9._-]{1,8}){1,3}",
        )
            .prop_map(|(style, path)| Head::Unix { style, path }),
        (
            select(vec!["redis", "rediss", "REDIS"]),
            prop::option::weighted(
                0.7,
                (
                    prop_oneof![Just(None), user().prop_map(Some), Just(Some(String::new()))],
                    password()
                )
            ),
            host(),
            port(),
            prop::option::of(prop_oneof![
                (0_u32..16).prop_map(|d| d.to_string()),
                Just(String::new())
            ]),
        )
            .prop_map(|(scheme, userinfo, host, port, db)| Head::Redis {
                scheme: scheme.to_owned(),
                // An empty user is `:pass`, none a lone `pass`.
                userinfo,
                host,
                port,
                db,
            }),
    ]
}

fn entry() -> impl Strategy<Value = Entry> {
    head().prop_flat_map(|head| {
        let mut kinds = vec![
            Kind::Weight,
            Kind::Timeout,
            Kind::ReadTimeout,
            Kind::Persistent,
            Kind::Prefix,
            Kind::PersistentId,
            Kind::RetryInterval,
            Kind::Stream,
            Kind::WaitReplicas,
            Kind::WaitTimeout,
            Kind::WaitDegraded,
            Kind::WaitDegraded,
        ];
        let (url_auth, url_db) = match &head {
            Head::Redis { userinfo, db, .. } => (
                userinfo.is_some(),
                db.as_ref().is_some_and(|d| !d.is_empty()),
            ),
            _ => (false, false),
        };
        if !url_auth {
            kinds.push(Kind::Auth);
        }
        if !url_db {
            kinds.push(Kind::Database);
        }
        (Just(head), params(kinds, &[])).prop_map(|(head, params)| Entry { head, params })
    })
}

fn servers() -> impl Strategy<Value = Model> {
    (
        select(vec!["", " ", ",", "\n"]),
        prop::collection::vec((entry(), separator()), 1..4),
        select(vec!["", " ", ",", "\n"]),
    )
        .prop_map(|(lead, mut entries, trail)| {
            if let Some(last) = entries.last_mut() {
                last.1 = trail;
            }
            Model::Servers { lead, entries }
        })
}

fn shared_kinds(cluster: bool) -> Vec<Kind> {
    let mut kinds = vec![
        Kind::Auth,
        Kind::Prefix,
        Kind::ReadTimeout,
        Kind::Persistent,
        Kind::Stream,
        Kind::WaitReplicas,
        Kind::WaitTimeout,
        Kind::WaitDegraded,
    ];
    if cluster {
        kinds.extend([Kind::ClusterTimeout, Kind::Failover, Kind::ClusterDatabase]);
    } else {
        kinds.extend([Kind::Timeout, Kind::Database, Kind::SentinelAuth]);
    }
    kinds
}

fn list(cluster: bool) -> impl Strategy<Value = Model> {
    let name = if cluster { "cluster" } else { "sentinel" };
    let scheme = select(if cluster {
        vec!["cluster", "CLUSTER", "Cluster"]
    } else {
        vec!["sentinel", "SENTINEL", "Sentinel"]
    });
    let item =
        (prop::bool::weighted(0.3), host(), port()).prop_map(move |(prefixed, host, port)| Item {
            scheme: prefixed.then(|| format!("{name}://")),
            host,
            port,
        });
    let required: &[Kind] = if cluster { &[] } else { &[Kind::Master] };
    (
        scheme,
        prop::collection::vec((item, separator()), 1..4),
        params(shared_kinds(cluster), required),
    )
        .prop_map(move |(scheme, mut items, params)| {
            if let Some(last) = items.last_mut() {
                last.1 = "";
            }
            // The first host follows the form's own `scheme://`.
            items[0].0.scheme = None;
            Model::List {
                cluster,
                scheme: scheme.to_owned(),
                items,
                params,
                after: String::new(),
            }
        })
}

fn seeds() -> impl Strategy<Value = Model> {
    let seed = (
        select(vec!["seed[]", "seed%5B%5D", "seed[n]"]),
        prop::option::weighted(0.4, select(vec!["tcp://", "tls://", "ssl://", "TCP://"])),
        host(),
        port(),
    );
    (
        prop::collection::vec(seed, 1..4),
        params(shared_kinds(true), &[]),
    )
        .prop_flat_map(|(seeds, params)| {
            let mut groups: Vec<Vec<SeedPart>> = seeds
                .into_iter()
                .enumerate()
                .map(|(i, (name, scheme, host, port))| {
                    // Named keys never collide with the `[]` indexes.
                    let name = name.replace("[n]", &format!("[n{i}]"));
                    vec![SeedPart::Seed(Seed {
                        name,
                        scheme: scheme.map(str::to_owned),
                        host,
                        port,
                    })]
                })
                .collect();
            // Keep a multi-pair parameter (auth[]=u&auth[]=p) in one piece.
            let mut group = Vec::new();
            for pair in params {
                let continues = group.last().is_some_and(|last: &SeedPart| match last {
                    SeedPart::Param(p) => same_name(&p.text, &pair.text),
                    SeedPart::Seed(_) => false,
                });
                if !continues && !group.is_empty() {
                    groups.push(std::mem::take(&mut group));
                }
                group.push(SeedPart::Param(pair));
            }
            if !group.is_empty() {
                groups.push(group);
            }
            Just(groups).prop_shuffle()
        })
        .prop_map(|groups| Model::Seeds {
            parts: groups.concat(),
        })
}

/// Whether two pairs set the same parameter (`auth[0]=` and `auth[1]=`).
fn same_name(a: &str, b: &str) -> bool {
    let base = |s: &str| s.split(['[', '=', '%']).next().unwrap_or("").to_owned();
    base(a) == base(b)
}

fn valid_model() -> impl Strategy<Value = Model> {
    prop_oneof![4 => servers(), 2 => list(false), 2 => list(true), 2 => seeds()]
}

// --- faults: a valid path broken so that it must be rejected ---

#[derive(Clone, Debug)]
enum Fault {
    /// A parameter nobody knows, anywhere in a query.
    UnknownParam(&'static str, Index, Index),
    /// A known parameter with a bad value, after everything else.
    BadValue(&'static str, Index),
    /// A port that is not 1..=65535.
    BadPort(&'static str, Index),
    /// A scheme that does not belong there.
    BadScheme(Index),
    /// An empty host.
    MissingHost(Index),
    /// sentinel:// without master, else another fault.
    NoMaster,
    /// A bad entry among the servers, else another fault.
    BadEntry(&'static str, Index),
    /// Text after the query of sentinel:// / cluster://, else another fault.
    QueryNotLast,
    /// redis://user:pass@ plus `auth=`, else another fault.
    TwoCredentials(Secret, Index),
}

fn fault() -> impl Strategy<Value = Fault> {
    prop_oneof![
        (
            select(vec![
                "bogus=1",
                "weigth=2",
                "stream[ciphers]=x",
                "x[=1",
                "=1",
                "auth[a][b]=y",
                "bogus",
            ]),
            any::<Index>(),
            any::<Index>(),
        )
            .prop_map(|(p, a, b)| Fault::UnknownParam(p, a, b)),
        (
            select(vec![
                "timeout=x",
                "database=x",
                "read_timeout=-1",
                "wait_replicas=-1",
                "stream[verify_peer]=maybe",
                "persistent_id[]=1",
                "timeout=-1",
                "stream[cafile]=",
            ]),
            any::<Index>(),
        )
            .prop_map(|(p, a)| Fault::BadValue(p, a)),
        (
            select(vec!["0", "99999", "x", "", "+1", "65536"]),
            any::<Index>()
        )
            .prop_map(|(p, a)| Fault::BadPort(p, a)),
        any::<Index>().prop_map(Fault::BadScheme),
        any::<Index>().prop_map(Fault::MissingHost),
        Just(Fault::NoMaster),
        (
            select(vec![
                "ftp://x",
                "tcp://:1",
                "unix://rel",
                "h:0",
                "tcp://h/p"
            ]),
            any::<Index>(),
        )
            .prop_map(|(e, a)| Fault::BadEntry(e, a)),
        Just(Fault::QueryNotLast),
        (password(), any::<Index>()).prop_map(|(pw, a)| Fault::TwoCredentials(pw, a)),
    ]
}

/// Applies `fault`; a fault that does not fit the model becomes an unknown
/// parameter, so the result is always invalid.
fn apply_fault(model: &mut Model, fault: &Fault) {
    if !try_fault(model, fault) {
        match model {
            Model::Servers { entries, .. } => entries[0].0.params.insert(0, Pair::plain("bogus=1")),
            Model::List { params, .. } => params.insert(0, Pair::plain("bogus=1")),
            Model::Seeds { parts } => parts.insert(0, SeedPart::Param(Pair::plain("bogus=1"))),
        }
    }
}

/// Applies `fault` if it fits the model.
fn try_fault(model: &mut Model, fault: &Fault) -> bool {
    match model {
        Model::Servers { entries, .. } => fault_servers(entries, fault),
        Model::List {
            cluster,
            items,
            params,
            after,
            ..
        } => fault_list(*cluster, items, params, after, fault),
        Model::Seeds { parts } => fault_seeds(parts, fault),
    }
}

fn fault_servers(entries: &mut Vec<(Entry, &'static str)>, fault: &Fault) -> bool {
    let n = entries.len();
    match fault {
        Fault::UnknownParam(text, which, at) => {
            let params = &mut entries[which.index(n)].0.params;
            params.insert(at.index(params.len() + 1), Pair::plain(*text));
        }
        // Last, so that no valid assignment of the same name overrides it.
        Fault::BadValue(text, which) => {
            entries[which.index(n)].0.params.push(Pair::plain(*text));
        }
        Fault::BadPort(port, which) => match &mut entries[which.index(n)].0.head {
            Head::Url { port: p, .. }
            | Head::Bare { port: p, .. }
            | Head::Redis { port: p, .. } => {
                *p = Some((*port).to_owned());
            }
            Head::Unix { .. } => return false,
        },
        Fault::BadScheme(which) => match &mut entries[which.index(n)].0.head {
            Head::Url { scheme, .. } | Head::Redis { scheme, .. } => "ftp".clone_into(scheme),
            Head::Bare { host, .. } => *host = format!("ftp://{host}"),
            Head::Unix { style, .. } => *style = "ftp://",
        },
        Fault::MissingHost(which) => match &mut entries[which.index(n)].0.head {
            Head::Url { host, port, .. }
            | Head::Bare { host, port }
            | Head::Redis { host, port, .. } => {
                host.clear();
                // `host` alone would be an empty entry, skipped.
                port.get_or_insert_with(|| "1".to_owned());
            }
            Head::Unix { .. } => return false,
        },
        Fault::BadEntry(text, at) => {
            let entry = Entry {
                head: Head::Bare {
                    host: (*text).to_owned(),
                    port: None,
                },
                params: Vec::new(),
            };
            let i = at.index(n + 1);
            if i == n {
                // The trailing separator stays last.
                let trail = std::mem::replace(&mut entries[i - 1].1, ",");
                entries.push((entry, trail));
            } else {
                entries.insert(i, (entry, ","));
            }
        }
        Fault::TwoCredentials(pw, which) => {
            let mut with_url_auth: Vec<&mut Entry> = entries
                .iter_mut()
                .map(|(entry, _)| entry)
                .filter(|entry| {
                    matches!(
                        entry.head,
                        Head::Redis {
                            userinfo: Some(_),
                            ..
                        }
                    )
                })
                .collect();
            if with_url_auth.is_empty() {
                return false;
            }
            let i = which.index(with_url_auth.len());
            with_url_auth[i]
                .params
                .push(secret_pair("auth", pw.clone()));
        }
        Fault::NoMaster | Fault::QueryNotLast => return false,
    }
    true
}

fn fault_list(
    cluster: bool,
    items: &mut [(Item, &'static str)],
    params: &mut Vec<Pair>,
    after: &mut String,
    fault: &Fault,
) -> bool {
    let n = items.len();
    match fault {
        Fault::UnknownParam(text, _, at) => {
            params.insert(at.index(params.len() + 1), Pair::plain(*text));
        }
        Fault::BadValue(text, _) => params.push(Pair::plain(*text)),
        Fault::BadPort(port, which) => items[which.index(n)].0.port = Some((*port).to_owned()),
        Fault::BadScheme(which) => items[which.index(n)].0.scheme = Some("tcp://".to_owned()),
        Fault::MissingHost(which) => {
            let item = &mut items[which.index(n)].0;
            item.host.clear();
            item.port.get_or_insert_with(|| "1".to_owned());
        }
        Fault::NoMaster if !cluster => params.retain(|p| !p.text.starts_with("master=")),
        Fault::QueryNotLast if !params.is_empty() => ",h".clone_into(after),
        _ => return false,
    }
    true
}

fn fault_seeds(parts: &mut Vec<SeedPart>, fault: &Fault) -> bool {
    match fault {
        Fault::UnknownParam(text, _, at) => {
            let at = at.index(parts.len() + 1);
            parts.insert(at, SeedPart::Param(Pair::plain(*text)));
        }
        Fault::BadValue(text, _) => parts.push(SeedPart::Param(Pair::plain(*text))),
        Fault::BadPort(port, which) => match nth_seed(parts, *which) {
            Some(seed) => seed.port = Some((*port).to_owned()),
            None => return false,
        },
        Fault::BadScheme(which) => match nth_seed(parts, *which) {
            Some(seed) => seed.scheme = Some("unix://".to_owned()),
            None => return false,
        },
        Fault::MissingHost(which) => match nth_seed(parts, *which) {
            Some(seed) => seed.host.clear(),
            None => return false,
        },
        _ => return false,
    }
    true
}

fn nth_seed(parts: &mut [SeedPart], which: Index) -> Option<&mut Seed> {
    let count = parts
        .iter()
        .filter(|p| matches!(p, SeedPart::Seed(_)))
        .count();
    if count == 0 {
        return None;
    }
    let n = which.index(count);
    parts
        .iter_mut()
        .filter_map(|p| match p {
            SeedPart::Seed(seed) => Some(seed),
            SeedPart::Param(_) => None,
        })
        .nth(n)
}

// --- mutations ---

/// A change to a model's parameters or to its rendered text.
#[derive(Clone, Debug)]
enum Op {
    DuplicatePair(Index, Index),
    DropPair(Index, Index),
    Insert(Index, char),
    Delete(Index),
    Replace(Index, char),
    Truncate(Index),
}

fn mutation_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => select(vec![
            ':', '/', '?', '&', '=', '[', ']', '@', '%', '+', '#', ',', ' ', '\t', '\n', '.', '-',
            '_', '0', '1', '9', 'a', 'A', '"', '\\', '\0', '\u{7f}', '\u{a0}', 'é',
        ]),
        1 => any::<char>(),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Op::DuplicatePair(a, b)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Op::DropPair(a, b)),
        3 => (any::<Index>(), mutation_char()).prop_map(|(a, c)| Op::Insert(a, c)),
        3 => any::<Index>().prop_map(Op::Delete),
        3 => (any::<Index>(), mutation_char()).prop_map(|(a, c)| Op::Replace(a, c)),
        1 => any::<Index>().prop_map(Op::Truncate),
    ]
}

/// Applies the parameter-level operations of `ops` to `model`.
fn mutate_pairs(model: &mut Model, ops: &[Op]) {
    for op in ops {
        let mut lists = model.pair_lists();
        match op {
            Op::DuplicatePair(list, pair) if !lists.is_empty() => {
                let n = lists.len();
                let list = &mut *lists[list.index(n)];
                if !list.is_empty() {
                    let i = pair.index(list.len());
                    let copy = list[i].clone();
                    list.insert(i + 1, copy);
                }
            }
            Op::DropPair(list, pair) if !lists.is_empty() => {
                let n = lists.len();
                let list = &mut *lists[list.index(n)];
                if !list.is_empty() {
                    list.remove(pair.index(list.len()));
                }
            }
            _ => {}
        }
        if let Model::Seeds { parts } = model {
            match op {
                Op::DuplicatePair(_, i) if !parts.is_empty() => {
                    let i = i.index(parts.len());
                    let copy = parts[i].clone();
                    parts.insert(i + 1, copy);
                }
                Op::DropPair(_, i) if !parts.is_empty() => {
                    parts.remove(i.index(parts.len()));
                }
                _ => {}
            }
        }
    }
}

/// Applies the character-level operations of `ops`. With `respect`, no
/// protected character is deleted or replaced, and nothing is inserted nor
/// the text cut inside a protected run (or in front of one at the very
/// start): a password keeps the syntax that makes it a password. (Cut after
/// `redis://:pw`, say, it would be a host and a port.)
fn mutate_text(text: &mut Marked, ops: &[Op], respect: bool) {
    for op in ops {
        let free: Vec<usize> = (0..text.len())
            .filter(|&i| !respect || !text[i].1)
            .collect();
        // Places between characters where the text may grow or end.
        let spots: Vec<usize> = (0..=text.len())
            .filter(|&p| !respect || p == text.len() || !text[p].1 || (p > 0 && !text[p - 1].1))
            .collect();
        match op {
            Op::Delete(at) if !free.is_empty() => {
                text.remove(free[at.index(free.len())]);
            }
            Op::Replace(at, c) if !free.is_empty() => {
                let i = free[at.index(free.len())];
                text[i] = (*c, false);
            }
            Op::Insert(at, c) => text.insert(spots[at.index(spots.len())], (*c, false)),
            Op::Truncate(at) => text.truncate(spots[at.index(spots.len())]),
            _ => {}
        }
    }
}

/// A generated save path and what the test knows about it.
#[derive(Clone)]
struct Input {
    text: String,
    secrets: Vec<Secret>,
    /// Unbroken and unmutated: must parse to this.
    expected: Option<Expected>,
    /// Broken by a fault and not mutated: must be rejected.
    must_fail: bool,
}

impl Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The save path first: it is what a failure report is about.
        f.debug_struct("Input")
            .field("text", &self.text)
            .field("secrets", &self.secrets)
            .field("must_fail", &self.must_fail)
            .finish_non_exhaustive()
    }
}

fn build(mut model: Model, fault: Option<&Fault>, ops: &[Op], respect: bool) -> Input {
    let expected = (fault.is_none() && ops.is_empty()).then(|| model.expected());
    if let Some(fault) = fault {
        apply_fault(&mut model, fault);
    }
    mutate_pairs(&mut model, ops);
    let mut text = render(&model);
    mutate_text(&mut text, ops, respect);
    Input {
        text: text.iter().map(|(c, _)| c).collect(),
        secrets: secrets(&model),
        expected,
        must_fail: fault.is_some() && ops.is_empty(),
    }
}

/// Valid save paths, broken ones, and both mutated (`respect`: see
/// [`mutate_text`]).
fn inputs(respect: bool, faults: bool, valid: bool) -> BoxedStrategy<Input> {
    let ops = || prop::collection::vec(op(), 1..5);
    let mut choices: Vec<(u32, BoxedStrategy<Input>)> = vec![(
        3,
        (valid_model(), prop::option::of(fault()), ops())
            .prop_map(move |(m, f, o)| build(m, f.as_ref(), &o, respect))
            .boxed(),
    )];
    if faults {
        choices.push((
            2,
            (valid_model(), fault())
                .prop_map(move |(m, f)| build(m, Some(&f), &[], respect))
                .boxed(),
        ));
    }
    if valid {
        choices.push((
            2,
            valid_model()
                .prop_map(move |m| build(m, None, &[], respect))
                .boxed(),
        ));
    }
    proptest::strategy::Union::new_weighted(choices).boxed()
}

// ---------------------------------------------------------------------------
// What the parser's results are checked against
// ---------------------------------------------------------------------------

/// Passwords the parser took from the save path.
fn parsed_passwords(parsed: &SavePath) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = parsed
        .hosts
        .iter()
        .filter_map(|h| h.auth.as_ref().map(|a| a.password.clone()))
        .collect();
    if let Topology::Sentinel {
        sentinel_auth: Some(auth),
        ..
    } = &parsed.topology
    {
        out.insert(auth.password.clone());
    }
    out
}

/// User names the parser took from the save path.
fn parsed_users(parsed: &SavePath) -> BTreeSet<String> {
    let mut auths: Vec<_> = parsed
        .hosts
        .iter()
        .filter_map(|h| h.auth.as_ref())
        .collect();
    if let Topology::Sentinel {
        sentinel_auth: Some(auth),
        ..
    } = &parsed.topology
    {
        auths.push(auth);
    }
    auths.into_iter().filter_map(|a| a.user.clone()).collect()
}

/// What phpinfo shows of a save path: the server string of each pool
/// (`info::rows` prints `"<server>: N connections, ..."` per pool, plus
/// `; master <name> (...)` for a sentinel), taken from a real store, which
/// connects nothing. `Err` when the store refuses the save path (TLS files
/// that do not exist), with its message.
fn phpinfo_servers(parsed: &SavePath) -> Result<Vec<String>, String> {
    // Fresh pools for each case: a shared cache would hand out a pool made
    // for an earlier case's server string.
    let mut pools = Pools::new(PoolSettings {
        max_pools: 64,
        idle_timeout: std::time::Duration::from_secs(300),
    });
    let store = Store::new(parsed.clone(), &mut pools).map_err(|e| e.to_string())?;
    Ok(store
        .hosts()
        .iter()
        .map(|h| h.server().to_owned())
        .collect())
}

fn leaks<'a>(text: &str, secrets: &'a [Secret]) -> Option<&'a str> {
    secrets.iter().find_map(|s| {
        if text.contains(&s.raw) {
            Some(s.raw.as_str())
        } else if text.contains(&s.plain) {
            Some(s.plain.as_str())
        } else {
            None
        }
    })
}

// ---------------------------------------------------------------------------
// Property 1: never panics
// ---------------------------------------------------------------------------

/// Pieces of save path syntax, for inputs denser in structure than random text.
const FRAGMENTS: &[&str] = &[
    "tcp://",
    "tls://",
    "ssl://",
    "unix://",
    "unix:",
    "/",
    "redis://",
    "rediss://",
    "sentinel://",
    "cluster://",
    "seed[]=",
    "seed",
    "seed[x]=",
    "[",
    "]",
    "[::1]",
    "::",
    ":",
    "@",
    "?",
    "&",
    "=",
    "auth",
    "auth[]",
    "auth[user]",
    "auth[pass]",
    "auth[0]",
    "sentinel_auth",
    "%",
    "%5B",
    "%5D",
    "%FF",
    "%00",
    "+",
    ",",
    " ",
    "\t",
    "\n",
    "h",
    "127.0.0.1",
    "6379",
    "99999",
    "0",
    "-1",
    "1.5",
    "1e999",
    "99999999999999999999999",
    "weight",
    "timeout",
    "read_timeout",
    "wait_timeout",
    "wait_replicas",
    "wait_degraded",
    "stream[",
    "verify_peer]",
    "cafile]",
    "master",
    "prefix",
    "database",
    "failover",
    "persistent",
    "#",
    "\0",
    "é",
    "\u{1F4A5}",
    "PwSecret1",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(select(FRAGMENTS.to_vec()), 0..16).prop_map(|parts| parts.concat())
}

fn anything() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..160)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        2 => soup(),
        1 => "[a-z0-9:/?&=\\[\\]@%+#,. \t\n_-]{0,80}",
        // Valid save paths mutated anywhere, protected characters included.
        3 => inputs(false, true, false).prop_map(|input| input.text),
    ]
}

#[test]
fn parse_never_panics() {
    let tally = Tally::default();
    check("parse never panics", &anything(), |text| {
        match save_path::parse(&text) {
            Ok(parsed) => {
                tally.add("accepted");
                for host in &parsed.hosts {
                    let _ = host.server();
                }
                let _ = format!("{parsed:?}");
            }
            Err(e) => {
                tally.add("rejected");
                let _ = (e.to_string(), format!("{e:?}"));
            }
        }
        Ok(())
    });
    tally.print("parse never panics");
}

// ---------------------------------------------------------------------------
// Property 2: errors never show a password
// ---------------------------------------------------------------------------

#[test]
fn errors_never_show_a_password() {
    let tally = Tally::default();
    check(
        "errors never show a password",
        &inputs(true, true, false),
        |input| {
            let result = save_path::parse(&input.text);
            if input.must_fail {
                prop_assert!(result.is_err(), "a broken save path was accepted");
            }
            let Err(e) = result else {
                tally.add("accepted");
                return Ok(());
            };
            tally.add("rejected");
            for message in [e.to_string(), format!("{e:?}")] {
                if let Some(secret) = leaks(&message, &input.secrets) {
                    return Err(TestCaseError::fail(format!(
                        "{secret} in the error: {message}"
                    )));
                }
            }
            Ok(())
        },
    );
    tally.print("errors never show a password");
}

// ---------------------------------------------------------------------------
// Property 3: accepted paths display without passwords, and reparse
// ---------------------------------------------------------------------------

/// Parses one displayed server string back.
fn reparse(server: &str) -> Result<Address, TestCaseError> {
    let parsed = save_path::parse(server)
        .map_err(|e| TestCaseError::fail(format!("displayed {server:?} does not parse: {e}")))?;
    prop_assert_eq!(parsed.topology, Topology::Servers);
    prop_assert_eq!(parsed.hosts.len(), 1, "{:?} is several servers", server);
    let host = &parsed.hosts[0];
    prop_assert_eq!(host.server(), server, "not canonical");
    Ok(host.address.clone())
}

/// The phpinfo text parses back where it is a list of servers: the servers
/// of a server list (one pool each) and the seeds of a cluster (`cluster
/// <server>,<server>`). A sentinel's line names its master instead
/// (`sentinel master "<name>"`): not a save path by design, so it is only
/// checked to name the master.
fn phpinfo_reparses(parsed: &SavePath, shown: &[String]) -> Result<(), TestCaseError> {
    let addresses: Vec<Address> = parsed.hosts.iter().map(|h| h.address.clone()).collect();
    let reparsed = |list: &str| {
        save_path::parse(list)
            .map(|p| p.hosts.into_iter().map(|h| h.address).collect::<Vec<_>>())
            .map_err(|e| TestCaseError::fail(format!("phpinfo {list:?}: {e}")))
    };
    match &parsed.topology {
        Topology::Servers => {
            prop_assert_eq!(reparsed(&shown.join(","))?, addresses);
        }
        Topology::Cluster => {
            prop_assert_eq!(shown.len(), 1);
            let seeds = shown[0].strip_prefix("cluster ").unwrap_or_default();
            prop_assert_eq!(reparsed(seeds)?, addresses, "{}", shown[0]);
        }
        Topology::Sentinel { master, .. } => {
            prop_assert_eq!(shown, [format!("sentinel master \"{master}\"")]);
        }
    }
    Ok(())
}

#[test]
fn accepted_paths_display_without_passwords() {
    let tally = Tally::default();
    let example: RefCell<Option<String>> = RefCell::new(None);
    check(
        "accepted paths display without passwords",
        &inputs(true, false, true),
        |input| {
            let parsed = match save_path::parse(&input.text) {
                Ok(parsed) => parsed,
                Err(e) => {
                    prop_assert!(
                        input.expected.is_none(),
                        "a valid save path was rejected: {e}"
                    );
                    tally.add("rejected");
                    return Ok(());
                }
            };
            tally.add("accepted");
            let passwords = parsed_passwords(&parsed);
            if let Some(expected) = &input.expected {
                let master = match &parsed.topology {
                    Topology::Sentinel { master, .. } => Some(master.clone()),
                    _ => None,
                };
                let got = Expected {
                    addresses: parsed.hosts.iter().map(|h| h.address.clone()).collect(),
                    topology: topology_name(&parsed.topology),
                    master,
                    passwords: passwords.clone(),
                };
                prop_assert_eq!(&got, expected);
            }
            // The passwords the parser took from it: the ones that must not
            // show. Unless one is a user name too (`auth[]=pw&auth[]=pw` after
            // a duplication): a user name is shown, by design.
            let users = parsed_users(&parsed);
            let secrets: Vec<Secret> = input
                .secrets
                .iter()
                .filter(|s| passwords.iter().any(|p| p.contains(&s.plain)))
                .filter(|s| !users.iter().any(|u| u.contains(&s.plain)))
                .cloned()
                .collect();
            let debug = format!("{parsed:?}");
            if let Some(secret) = leaks(&debug, &secrets) {
                return Err(TestCaseError::fail(format!("{secret} in Debug: {debug}")));
            }
            // Every server string (phpinfo shows them for server lists and
            // clusters, messages for all) is free of passwords and parses
            // back to its address, unchanged.
            for host in &parsed.hosts {
                let server = host.server();
                if let Some(secret) = leaks(&server, &secrets) {
                    return Err(TestCaseError::fail(format!("{secret} in {server}")));
                }
                prop_assert_eq!(&reparse(&server)?, &host.address, "{}", server);
            }
            let shown = match phpinfo_servers(&parsed) {
                Ok(shown) => shown,
                Err(message) => {
                    tally.add("refused by the store");
                    if let Some(secret) = leaks(&message, &secrets) {
                        return Err(TestCaseError::fail(format!(
                            "{secret} in the store's error: {message}"
                        )));
                    }
                    return Ok(());
                }
            };
            for line in &shown {
                if let Some(secret) = leaks(line, &secrets) {
                    return Err(TestCaseError::fail(format!("{secret} in phpinfo: {line}")));
                }
            }
            phpinfo_reparses(&parsed, &shown)?;
            // Not a property (the parser did not take it as a password), but
            // worth knowing: a generated password shown after a mutation
            // made it part of a host name or path.
            let all = shown.join(" ");
            if let Some(secret) = leaks(&all, &input.secrets) {
                tally.add("a mutated password shown as a host or path");
                example
                    .borrow_mut()
                    .get_or_insert_with(|| format!("{:?} shows {secret} in {all:?}", input.text));
            }
            Ok(())
        },
    );
    tally.print("accepted paths display without passwords");
    if let Some(example) = example.borrow().as_ref() {
        eprintln!("save_path_props: e.g. {example}");
    }
}
