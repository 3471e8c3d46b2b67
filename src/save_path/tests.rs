//! Unit tests of the save path parser (`tests/save_path_props.rs` has the
//! property tests).

#[test]
fn a_redis_url_without_its_host_does_not_show_the_password() {
    for path in [
        "redis://:Pw9secret",
        "redis://alice:Pw9secret",
        "rediss://:Pw9secret/2?prefix=a",
    ] {
        let message = parse(path).expect_err("no host").to_string();
        assert!(!message.contains("Pw9secret"), "{message}");
    }
}
use super::query::percent_decode;
use super::*;

fn one(save_path: &str) -> HostSpec {
    let parsed = parse(save_path).unwrap_or_else(|e| panic!("{save_path}: {e}"));
    assert_eq!(parsed.hosts.len(), 1, "{save_path}");
    parsed.hosts[0].clone()
}

fn err(save_path: &str) -> String {
    match parse(save_path) {
        Ok(parsed) => panic!("{save_path} parsed as {parsed:?}"),
        Err(e) => e.to_string(),
    }
}

fn tcp(host: &str, port: u16) -> Address {
    Address::Tcp {
        host: host.to_owned(),
        port,
    }
}

fn tls(host: &str, port: u16) -> Address {
    Address::Tls {
        host: host.to_owned(),
        port,
    }
}

fn unix(path: &str) -> Address {
    Address::Unix {
        path: path.to_owned(),
    }
}

// Returns `Option` so it compares directly with `HostSpec::auth`.
#[allow(clippy::unnecessary_wraps)]
fn auth(user: Option<&str>, password: &str) -> Option<Auth> {
    Some(Auth {
        user: user.map(str::to_owned),
        password: password.to_owned(),
    })
}

fn full(save_path: &str) -> SavePath {
    parse(save_path).unwrap_or_else(|e| panic!("{save_path}: {e}"))
}

fn servers(parsed: &SavePath) -> Vec<String> {
    parsed.hosts.iter().map(HostSpec::server).collect()
}

fn sentinel(master: &str, sentinel_auth: Option<Auth>) -> Topology {
    Topology::Sentinel {
        master: master.to_owned(),
        sentinel_auth,
    }
}

#[test]
fn server_lists_keep_servers_topology() {
    assert_eq!(full("tcp://a, tcp://b").topology, Topology::Servers);
    // A host called `seed` is still a host.
    assert_eq!(full("seed").hosts[0].address, tcp("seed", 6379));
    assert_eq!(full("seed:7000?weight=2").topology, Topology::Servers);
}

#[test]
fn sentinel_forms() {
    let parsed = full("sentinel://a:26380,b?master=mymaster");
    assert_eq!(parsed.topology, sentinel("mymaster", None));
    assert_eq!(servers(&parsed), ["tcp://a:26380", "tcp://b:26379"]);
    assert_eq!(parsed.hosts[1], one("tcp://b:26379"));
    for same in [
        "sentinel://a:26380,sentinel://b?master=mymaster",
        "SENTINEL://a:26380 , Sentinel://b:26379?master=mymaster",
        " sentinel://a:26380\tb\n?master=mymaster",
        "sentinel://a:26380,b,a:26380?master=mymaster",
        ",sentinel://a:26380,,b,?master=mymaster",
    ] {
        assert_eq!(full(same), parsed, "{same}");
    }
    assert_eq!(
        servers(&full("sentinel://[::1],10.0.0.1:1?master=m")),
        ["tcp://[::1]:26379", "tcp://10.0.0.1:1"]
    );
    assert_eq!(
        full("sentinel://a?master=m+1%2F").topology,
        sentinel("m 1/", None)
    );
}

#[test]
fn sentinel_shared_options() {
    let parsed = full(
        "sentinel://a,b:1?master=m&auth[]=alice&auth[]=pw&sentinel_auth=spw&database=3\
         &prefix=app:&timeout=1.5&read_timeout=2&persistent=1&stream[verify_peer]=0",
    );
    assert_eq!(parsed.topology, sentinel("m", auth(None, "spw")));
    assert_eq!(parsed.hosts.len(), 2);
    for host in &parsed.hosts {
        assert_eq!(host.auth, auth(Some("alice"), "pw"));
        assert_eq!(host.database, Some(3));
        assert_eq!(host.prefix, b"app:".to_vec());
        assert_eq!(host.timeout, Some(Duration::from_millis(1500)));
        assert_eq!(host.read_timeout, Some(Duration::from_secs(2)));
        assert!(!host.tls.verify_peer);
        assert_eq!(host.weight, 1);
    }
    let defaults = &full("sentinel://a?master=m").hosts[0];
    assert_eq!(defaults.prefix, DEFAULT_PREFIX.as_bytes().to_vec());
    assert_eq!((defaults.auth.as_ref(), defaults.database), (None, None));
    for (query, expected) in [
        (
            "sentinel_auth[]=bob&sentinel_auth[]=s",
            auth(Some("bob"), "s"),
        ),
        (
            "sentinel_auth[user]=bob&sentinel_auth[pass]=s",
            auth(Some("bob"), "s"),
        ),
        ("sentinel_auth[pass]=s", auth(None, "s")),
    ] {
        assert_eq!(
            full(&format!("sentinel://a?master=m&{query}")).topology,
            sentinel("m", expected),
            "{query}"
        );
    }
}

#[test]
fn sentinel_errors() {
    assert_eq!(
        err("sentinel://h:26379"),
        "invalid session.save_path entry \"sentinel://h:26379\": missing parameter \"master\""
    );
    assert_eq!(
        err("sentinel://h?master=m&foo=1"),
        "invalid session.save_path entry \"sentinel://h?master=m&foo=1\": unknown parameter \"foo\""
    );
    assert_eq!(
        err("sentinel://?master=m"),
        "invalid session.save_path entry \"sentinel://?master=m\": empty sentinel list"
    );
    assert_eq!(
        err("sentinel://a,tcp://b?master=m"),
        "invalid session.save_path entry \"sentinel://a,tcp://b?master=m\": unknown scheme \"tcp\""
    );
    assert_eq!(
        err("sentinel://a?master=m,b"),
        "invalid session.save_path entry \"sentinel://a?master=m,b\": the query string must follow the last host"
    );
    assert_eq!(
        err("tcp://a,sentinel://b?master=m"),
        "invalid session.save_path entry \"sentinel://b?master=m\": sentinel:// must start the save_path and cannot follow other servers"
    );
    assert_eq!(
        err("sentinel://h?master=m&sentinel_auth=pw&sentinel_auth[a][b]=x"),
        "invalid session.save_path entry \"sentinel://h?master=m&sentinel_auth=***&sentinel_auth[a][b]=***\": unknown parameter \"sentinel_auth[a][b]\""
    );
    for (query, name) in [
        ("master=", "master"),
        ("master[]=m", "master"),
        ("master=m&sentinel_auth=", "sentinel_auth"),
        ("master=m&sentinel_auth[user]=bob", "sentinel_auth"),
        ("master=m&auth[]=a&auth[]=b&auth[]=c", "auth"),
        ("master=m&database=x", "database"),
        ("master=m&timeout=0", "timeout"),
    ] {
        assert!(
            err(&format!("sentinel://h?{query}"))
                .ends_with(&format!(": invalid value for \"{name}\"")),
            "{query}"
        );
    }
    for name in [
        "weight",
        "seed",
        "failover",
        "persistent_id",
        "retry_interval",
    ] {
        assert!(
            err(&format!("sentinel://h?master=m&{name}=1"))
                .ends_with(&format!(": unknown parameter \"{name}\"")),
            "{name}"
        );
    }
    assert!(err("sentinel://h:0?master=m").ends_with(": invalid port"));
    assert!(err("sentinel://a,:1?master=m").ends_with(": missing host"));
    assert!(err("sentinel://a,sentinel://?master=m").ends_with(": missing host"));
    assert!(err("sentinel://u:pw@h?master=m").contains("credentials in the URL"));
    assert!(err("sentinel://h/0?master=m").ends_with(": unexpected path after host"));
}

#[test]
fn cluster_url_forms() {
    let parsed = full("cluster://a:7000,b?auth=pw&prefix=p:&timeout=2&read_timeout=3");
    assert_eq!(parsed.topology, Topology::Cluster);
    assert_eq!(servers(&parsed), ["tcp://a:7000", "tcp://b:6379"]);
    for host in &parsed.hosts {
        assert_eq!(host.auth, auth(None, "pw"));
        assert_eq!(host.prefix, b"p:".to_vec());
        assert_eq!(host.timeout, Some(Duration::from_secs(2)));
        assert_eq!(host.read_timeout, Some(Duration::from_secs(3)));
        assert_eq!(host.database, None);
    }
    assert_eq!(
        full("cluster://a:7000 cluster://b:6379,a:7000?auth=pw&prefix=p:&timeout=2&read_timeout=3"),
        parsed
    );
    let bare = full("cluster://h");
    assert_eq!(bare.topology, Topology::Cluster);
    assert_eq!(
        bare.hosts[0].prefix,
        CLUSTER_DEFAULT_PREFIX.as_bytes().to_vec()
    );
    assert_eq!(bare.hosts[0].address, tcp("h", 6379));
    // Database 0 is the only one a cluster has; timeout=0 means "not set".
    assert_eq!(full("cluster://h?database=0&timeout=0"), bare);
    assert_eq!(full("cluster://h?failover=Distribute"), bare);
}

#[test]
fn cluster_url_errors() {
    assert_eq!(
        err("cluster://h?database=1"),
        "invalid session.save_path entry \"cluster://h?database=1\": invalid value for \"database\""
    );
    assert_eq!(
        err("cluster://?auth=pw"),
        "invalid session.save_path entry \"cluster://?auth=***\": empty seed list"
    );
    assert_eq!(
        err("cluster://h?master=m"),
        "invalid session.save_path entry \"cluster://h?master=m\": unknown parameter \"master\""
    );
    assert_eq!(
        err("cluster://a,sentinel://b"),
        "invalid session.save_path entry \"cluster://a,sentinel://b\": unknown scheme \"sentinel\""
    );
    assert_eq!(
        err("unix:///s.sock cluster://b"),
        "invalid session.save_path entry \"cluster://b\": cluster:// must start the save_path and cannot follow other servers"
    );
    for query in ["database=x", "database=", "database[]=0"] {
        assert!(
            err(&format!("cluster://h?{query}")).ends_with(": invalid value for \"database\""),
            "{query}"
        );
    }
    for name in ["weight", "sentinel_auth", "seed", "foo"] {
        assert!(
            err(&format!("cluster://h?{name}=1"))
                .ends_with(&format!(": unknown parameter \"{name}\"")),
            "{name}"
        );
    }
    assert!(err("cluster://h?failover=sometimes").ends_with(": invalid value for \"failover\""));
    assert!(err("cluster://h?timeout=-1").ends_with(": invalid value for \"timeout\""));
    assert!(err("cluster://h:99999").ends_with(": invalid port"));
}

#[test]
fn phpredis_seed_form() {
    let parsed = full(
        "seed[]=127.0.0.1:7000&seed[]=127.0.0.1:7001&timeout=2&read_timeout=2\
         &failover=error&persistent=1&auth=pass&prefix=x",
    );
    assert_eq!(parsed.topology, Topology::Cluster);
    assert_eq!(
        servers(&parsed),
        ["tcp://127.0.0.1:7000", "tcp://127.0.0.1:7001"]
    );
    for host in &parsed.hosts {
        assert_eq!(host.timeout, Some(Duration::from_secs(2)));
        assert_eq!(host.read_timeout, Some(Duration::from_secs(2)));
        assert_eq!(host.auth, auth(None, "pass"));
        assert_eq!(host.prefix, b"x".to_vec());
        assert_eq!(host.weight, 1);
    }
    // Same thing as cluster://, phpredis' default prefix included.
    assert_eq!(
        full("seed[]=a:7000&seed[]=b"),
        full("cluster://a:7000,b:6379")
    );
    assert_eq!(
        full("seed[]=a:7000").hosts[0].prefix,
        b"PHPREDIS_CLUSTER_SESSION:".to_vec()
    );
    // Parameters in any order, explicit keys, encoded brackets, duplicates dropped.
    assert_eq!(
        servers(&full(
            " timeout=0&seed[0]=a:1&seed%5B%5D=b:2&seed[x]=a:1&failover=none\n"
        )),
        ["tcp://a:1", "tcp://b:2"]
    );
    assert_eq!(
        full("seed[]=a:1&auth[user]=u&auth[pass]=p").hosts[0].auth,
        auth(Some("u"), "p")
    );
    assert_eq!(full("seed[]=a:1&database=0"), full("cluster://a:1"));
}

#[test]
fn phpredis_seed_tls() {
    assert_eq!(full("seed[]=tls://a:1").hosts[0].address, tls("a", 1));
    assert_eq!(full("seed[]=ssl://a:1").hosts[0].address, tls("a", 1));
    assert_eq!(full("seed[]=tcp://a:1").hosts[0].address, tcp("a", 1));
    // phpredis connects over TLS to scheme-less seeds when a stream context is given.
    let parsed = full("seed[]=a:1&seed[]=tcp://b:2&stream[verify_peer]=0");
    assert_eq!(parsed.hosts[0].address, tls("a", 1));
    assert_eq!(parsed.hosts[1].address, tcp("b", 2));
    assert!(!parsed.hosts[0].tls.verify_peer);
    // cluster:// has no such rule.
    assert_eq!(
        full("cluster://a:1?stream[verify_peer]=0").hosts[0].address,
        tcp("a", 1)
    );
}

#[test]
fn phpredis_seed_errors() {
    assert_eq!(
        err("seed[]=a:1&database=2"),
        "invalid session.save_path entry \"seed[]=a:1&database=2\": invalid value for \"database\""
    );
    assert_eq!(
        err("seed[]=a:1&foo=1"),
        "invalid session.save_path entry \"seed[]=a:1&foo=1\": unknown parameter \"foo\""
    );
    assert_eq!(
        err("seed=a:1"),
        "invalid session.save_path entry \"seed=a:1\": invalid value for \"seed\""
    );
    assert_eq!(
        err("seed[]=&auth=pw"),
        "invalid session.save_path entry \"seed[]=&auth=***\": missing host"
    );
    assert_eq!(
        err("seed[]=unix:///s.sock"),
        "invalid session.save_path entry \"seed[]=unix:///s.sock\": unknown scheme \"unix\""
    );
    assert_eq!(
        err("seed[]=a:1&failover=maybe"),
        "invalid session.save_path entry \"seed[]=a:1&failover=maybe\": invalid value for \"failover\""
    );
    assert_eq!(
        err("seed[]=a:1&seed=b"),
        "invalid session.save_path entry \"seed[]=a:1&seed=b\": invalid value for \"seed\""
    );
    // Found by tests/save_path_props.rs: a decoded seed holding a
    // separator was a host name shown as two servers ("tcp://a b:6379").
    for seed in ["\tjjd.npn", "a+b:1", "a%2Cb", "a%3Fb:1", "a%0A"] {
        assert_eq!(
            err(&format!("seed[]={seed}")),
            format!("invalid session.save_path entry \"seed[]={seed}\": invalid host name")
        );
    }
    assert!(err("seed[]=a:99999").ends_with(": invalid port"));
    assert!(err("seed[]=a:1&seed[]=%FF").ends_with(": invalid value for \"seed\""));
    for name in [
        "weight",
        "master",
        "sentinel_auth",
        "persistent_id",
        "retry_interval",
    ] {
        assert!(
            err(&format!("seed[]=a:1&{name}=1"))
                .ends_with(&format!(": unknown parameter \"{name}\"")),
            "{name}"
        );
    }
    assert!(err("seed[]=a:1&timeout=-1").ends_with(": invalid value for \"timeout\""));
    assert!(
        err("seed[]=a:1&stream[ciphers]=x").ends_with(": unknown parameter \"stream[ciphers]\"")
    );
}

#[test]
fn topology_secrets_never_leak() {
    const PW: &str = "Sup3rS3cret";
    for save_path in [
        format!("sentinel://h?auth={PW}"),
        format!("sentinel://h?master=m&sentinel_auth={PW}&foo=1"),
        format!("sentinel://h?master=m&sentinel_auth[]=u&sentinel_auth[]={PW}&x=1"),
        format!("sentinel://h:0?master=m&auth[pass]={PW}"),
        format!("sentinel://u:{PW}@h?master=m"),
        format!("cluster://h?auth={PW}&database=1"),
        format!("cluster://?auth={PW}"),
        format!("seed[]=a:1&auth={PW}&foo=1"),
        format!("seed[]=a:0&auth[]=u&auth[]={PW}"),
        format!("seed[]=&auth={PW}"),
    ] {
        let e = parse(&save_path)
            .err()
            .unwrap_or_else(|| panic!("{save_path} parsed"));
        assert!(!e.to_string().contains(PW), "{e}");
        assert!(!format!("{e:?}").contains(PW), "{e:?}");
        assert!(e.to_string().contains("***"), "{e}");
    }
    let parsed = full(&format!(
        "sentinel://h?master=m&auth={PW}&sentinel_auth={PW}"
    ));
    assert!(!format!("{parsed:?}").contains(PW), "Debug leaks");
}

#[test]
fn defaults() {
    let spec = one("tcp://127.0.0.1:6379");
    assert_eq!(
        spec,
        HostSpec {
            address: tcp("127.0.0.1", 6379),
            weight: 1,
            timeout: None,
            read_timeout: None,
            prefix: b"PHPREDIS_SESSION:".to_vec(),
            auth: None,
            database: None,
            tls: TlsOptions::default(),
            wait_replicas: 0,
            wait_timeout: None,
            wait_accept_degraded: false,
        }
    );
    assert!(spec.tls.verify_peer && spec.tls.verify_peer_name);
}

#[test]
fn wait_for_replicas() {
    let spec = one("tcp://h?wait_replicas=1&wait_timeout=250");
    assert_eq!(spec.wait_replicas, 1);
    assert_eq!(spec.wait_timeout, Some(Duration::from_millis(250)));
    assert!(!spec.wait_accept_degraded);
    for (text, ms) in [("250ms", 250), ("0.25s", 250), ("2s", 2000), ("1", 1)] {
        let spec = one(&format!("tcp://h?wait_timeout={text}"));
        assert_eq!(spec.wait_timeout, Some(Duration::from_millis(ms)), "{text}");
    }
    for bad in ["0.5", "0", "0ms", "0.0001s", "-1", "1e3", "ms", "5m"] {
        assert!(
            parse(&format!("tcp://h?wait_timeout={bad}")).is_err(),
            "{bad}"
        );
    }
    assert!(one("tcp://h?wait_degraded=accept").wait_accept_degraded);
    assert!(!one("tcp://h?wait_degraded=refuse").wait_accept_degraded);
    assert!(parse("tcp://h?wait_degraded=maybe").is_err());
    let spec = one("sentinel://h?master=m&wait_replicas=2");
    assert_eq!(spec.wait_replicas, 2);
    assert_eq!(
        parse("tcp://h?wait_replicas=-1").map(|_| ()),
        Err(ParseError::InvalidValue {
            entry: "tcp://h?wait_replicas=-1".into(),
            name: "wait_replicas".into()
        })
    );
    assert!(parse("tcp://h?wait_timeout=0").is_err());
}

#[test]
fn schemes() {
    assert_eq!(one("tcp://h:7000").address, tcp("h", 7000));
    assert_eq!(one("TCP://h").address, tcp("h", 6379));
    assert_eq!(one("tls://h:6380").address, tls("h", 6380));
    assert_eq!(one("ssl://h").address, tls("h", 6379));
    assert_eq!(one("unix:///tmp/r.sock").address, unix("/tmp/r.sock"));
    assert_eq!(one("unix:/tmp/r.sock").address, unix("/tmp/r.sock"));
    assert_eq!(one("/tmp/r.sock").address, unix("/tmp/r.sock"));
    assert_eq!(one("redis://h").address, tcp("h", 6379));
    assert_eq!(one("rediss://h:6390").address, tls("h", 6390));
}

#[test]
fn bare_host_and_port() {
    assert_eq!(one("127.0.0.1:6380").address, tcp("127.0.0.1", 6380));
    assert_eq!(one("localhost").address, tcp("localhost", 6379));
    assert_eq!(one("[::1]:6380").address, tcp("::1", 6380));
    assert_eq!(one("localhost:6380?weight=2").weight, 2);
    assert_eq!(one("tcp://h:6379/").address, tcp("h", 6379));
}

#[test]
fn default_port() {
    assert_eq!(one("tcp://h").address, tcp("h", 6379));
    assert_eq!(one("tls://h").address, tls("h", 6379));
    assert_eq!(one("tcp://h?weight=1").address, tcp("h", 6379));
}

#[test]
fn ipv6() {
    assert_eq!(one("tcp://[::1]:6379").address, tcp("::1", 6379));
    assert_eq!(one("tcp://[2001:db8::2]").address, tcp("2001:db8::2", 6379));
    assert_eq!(one("tls://[::1]:6380").server(), "tls://[::1]:6380");
    assert_eq!(one("redis://:pw@[::1]:7/2").address, tcp("::1", 7));
    assert!(err("tcp://[::1").ends_with(": invalid IPv6 address"));
    assert!(err("tcp://[zz]:1").ends_with(": invalid IPv6 address"));
    assert_eq!(
        err("tcp://[::1]x"),
        "invalid session.save_path entry \"tcp://[::1]x\": invalid port"
    );
    assert_eq!(
        err("tcp://[]:1"),
        "invalid session.save_path entry \"tcp://[]:1\": missing host"
    );
}

#[test]
fn several_hosts_with_weights_and_separators() {
    let parsed =
        parse(" tcp://a:1?weight=1, tcp://b:2?weight=3 ,,unix:///s.sock?weight=2\ttcp://c \n")
            .unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(String, u32)> = parsed
        .hosts
        .iter()
        .map(|h| (h.server(), h.weight))
        .collect();
    assert_eq!(
        got,
        [
            ("tcp://a:1".to_owned(), 1),
            ("tcp://b:2".to_owned(), 3),
            ("unix:///s.sock".to_owned(), 2),
            ("tcp://c:6379".to_owned(), 1),
        ]
    );
}

#[test]
fn server_strings() {
    assert_eq!(one("tcp://127.0.0.1:6379").server(), "tcp://127.0.0.1:6379");
    assert_eq!(one("unix:///tmp/r.sock").server(), "unix:///tmp/r.sock");
    assert_eq!(one("tls://h:6380").server(), "tls://h:6380");
    assert_eq!(one("redis://u:p@h:1/3").server(), "tcp://h:1");
    assert_eq!(one("rediss://h").server(), "tls://h:6379");
}

#[test]
fn auth_forms() {
    assert_eq!(one("tcp://h?auth=secret").auth, auth(None, "secret"));
    assert_eq!(one("tcp://h?auth=p%40ss+w").auth, auth(None, "p@ss w"));
    assert_eq!(
        one("tcp://h?auth[]=alice&auth[]=secret").auth,
        auth(Some("alice"), "secret")
    );
    assert_eq!(one("tcp://h?auth[]=secret").auth, auth(None, "secret"));
    assert_eq!(
        one("tcp://h?auth[user]=alice&auth[pass]=secret").auth,
        auth(Some("alice"), "secret")
    );
    assert_eq!(
        one("tcp://h?auth[pass]=secret&auth[user]=alice").auth,
        auth(Some("alice"), "secret")
    );
    assert_eq!(one("tcp://h?auth[pass]=secret").auth, auth(None, "secret"));
    assert_eq!(
        one("tcp://h?auth%5B%5D=alice&auth%5B%5D=secret").auth,
        auth(Some("alice"), "secret")
    );
    // PHP semantics: the last assignment wins.
    assert_eq!(
        one("tcp://h?auth[]=x&auth=secret").auth,
        auth(None, "secret")
    );
    assert_eq!(
        one("tcp://h?auth=x&auth[]=secret").auth,
        auth(None, "secret")
    );
}

#[test]
fn auth_errors() {
    for bad in [
        "tcp://h?auth=",
        "tcp://h?auth[user]=alice",
        "tcp://h?auth[]=a&auth[]=b&auth[]=c",
        "tcp://h?auth[]=alice&auth[]=",
        "tcp://h?auth=%FF",
    ] {
        assert!(err(bad).ends_with(": invalid value for \"auth\""), "{bad}");
    }
    assert_eq!(
        err("tcp://h?auth[a][b]=x"),
        "invalid session.save_path entry \"tcp://h?auth[a][b]=***\": unknown parameter \"auth[a][b]\""
    );
}

#[test]
fn redis_urls() {
    let spec = one("redis://alice:s%3Acret%40x@h:6380/2?prefix=p:");
    assert_eq!(spec.address, tcp("h", 6380));
    assert_eq!(spec.auth, auth(Some("alice"), "s:cret@x"));
    assert_eq!(spec.database, Some(2));
    assert_eq!(spec.prefix, b"p:".to_vec());
    assert_eq!(one("redis://:secret@h").auth, auth(None, "secret"));
    assert_eq!(one("redis://secret@h").auth, auth(None, "secret"));
    assert_eq!(one("redis://a+b:c+d@h").auth, auth(Some("a+b"), "c+d"));
    assert_eq!(one("redis://@h").auth, None);
    assert_eq!(one("redis://h/").database, None);
    assert_eq!(one("redis://h/0").database, Some(0));
    let spec = one("rediss://u:p@h/1?stream[verify_peer]=0");
    assert_eq!(spec.address, tls("h", 6379));
    assert_eq!(spec.auth, auth(Some("u"), "p"));
    assert_eq!(spec.database, Some(1));
    assert!(!spec.tls.verify_peer);
}

#[test]
fn redis_url_errors() {
    assert_eq!(
        err("redis://h/x"),
        "invalid session.save_path entry \"redis://h/x\": invalid value for \"database\""
    );
    assert_eq!(
        err("redis://u:@h"),
        "invalid session.save_path entry \"redis://u:***@h\": invalid value for \"auth\""
    );
    assert_eq!(
        err("redis://u:pw@h?auth=other"),
        "invalid session.save_path entry \"redis://u:***@h?auth=***\": credentials given both in the URL and as a parameter"
    );
    assert_eq!(
        err("redis://h/1?database=2"),
        "invalid session.save_path entry \"redis://h/1?database=2\": database given both in the URL path and as a parameter"
    );
    assert_eq!(
        err("redis://u:pw@:1"),
        "invalid session.save_path entry \"redis://u:***@:1\": missing host"
    );
}

#[test]
fn database() {
    assert_eq!(one("tcp://h?database=0").database, Some(0));
    assert_eq!(one("tcp://h?database=15").database, Some(15));
    for bad in ["-1", "1.5", "", "x", "99999999999"] {
        assert_eq!(
            err(&format!("tcp://h?database={bad}")),
            format!(
                "invalid session.save_path entry \"tcp://h?database={bad}\": invalid value for \"database\""
            )
        );
    }
}

#[test]
fn prefix() {
    assert_eq!(one("tcp://h?prefix=my+app%3A").prefix, b"my app:".to_vec());
    assert_eq!(one("tcp://h?prefix=%FF%00").prefix, vec![0xff, 0]);
    assert_eq!(one("tcp://h?prefix=").prefix, Vec::<u8>::new());
    assert_eq!(one("tcp://h?prefix=100%").prefix, b"100%".to_vec());
    assert_eq!(one("tcp://h?prefix=a#b").prefix, b"a#b".to_vec());
}

#[test]
fn timeouts() {
    let spec = one("tcp://h?timeout=2.5&read_timeout=10");
    assert_eq!(spec.timeout, Some(Duration::from_millis(2500)));
    assert_eq!(spec.read_timeout, Some(Duration::from_secs(10)));
    assert_eq!(one("tcp://h?read_timeout=0").read_timeout, None);
    assert_eq!(
        one("tcp://h?timeout=.5").timeout,
        Some(Duration::from_millis(500))
    );
    for bad in ["0", "-1", "NaN", "inf", "", "1e3", "abc", "1.2.3"] {
        assert!(
            err(&format!("tcp://h?timeout={bad}")).ends_with(": invalid value for \"timeout\""),
            "{bad}"
        );
    }
    for bad in ["-1", "NaN", "x"] {
        assert!(
            err(&format!("tcp://h?read_timeout={bad}"))
                .ends_with(": invalid value for \"read_timeout\""),
            "{bad}"
        );
    }
}

#[test]
fn persistent_is_accepted_with_any_value() {
    for value in ["1", "true", "yes", "0", "no", "", "2", "on"] {
        assert!(
            parse(&format!("tcp://h?persistent={value}")).is_ok(),
            "{value}"
        );
    }
    assert!(parse("tcp://h?persistent").is_ok());
}

#[test]
fn weights() {
    assert_eq!(one("tcp://h?weight=7").weight, 7);
    for bad in ["0", "-1", "", "x", "1.5", "4294967296"] {
        assert_eq!(
            err(&format!("tcp://h?weight={bad}")),
            format!(
                "invalid session.save_path entry \"tcp://h?weight={bad}\": invalid value for \"weight\""
            )
        );
    }
    assert!(err("tcp://h?weight[]=2").ends_with(": invalid value for \"weight\""));
}

#[test]
fn ignored_parameters() {
    let spec = one("tcp://h?persistent_id=abc&retry_interval=100");
    assert_eq!(spec, one("tcp://h"));
    assert!(err("tcp://h?retry_interval=-5").ends_with(": invalid value for \"retry_interval\""));
}

#[test]
fn stream_options() {
    let spec = one(
        "tls://h?stream[verify_peer]=0&stream[verify_peer_name]=false&stream[allow_self_signed]=1\
         &stream[cafile]=/etc/ca.pem&stream[local_cert]=/c.pem&stream[local_pk]=/k.pem\
         &stream[peer_name]=redis.example",
    );
    assert_eq!(
        spec.tls,
        TlsOptions {
            verify_peer: false,
            verify_peer_name: false,
            cafile: Some("/etc/ca.pem".to_owned()),
            local_cert: Some("/c.pem".to_owned()),
            local_pk: Some("/k.pem".to_owned()),
            peer_name: Some("redis.example".to_owned()),
        }
    );
    assert_eq!(
        err("tls://h?stream[ciphers]=x"),
        "invalid session.save_path entry \"tls://h?stream[ciphers]=x\": unknown parameter \"stream[ciphers]\""
    );
    assert!(err("tls://h?stream[]=x").ends_with(": unknown parameter \"stream[0]\""));
    assert!(err("tls://h?stream=x").ends_with(": invalid value for \"stream\""));
    assert!(
        err("tls://h?stream[verify_peer]=maybe")
            .ends_with(": invalid value for \"stream[verify_peer]\"")
    );
    assert!(err("tls://h?stream[cafile]=").ends_with(": invalid value for \"stream[cafile]\""));
}

#[test]
fn pinned_error_messages() {
    assert_eq!(err(""), "invalid session.save_path: empty save_path");
    assert_eq!(err(" , \t,"), "invalid session.save_path: empty save_path");
    assert_eq!(
        err("tcp://:6379"),
        "invalid session.save_path entry \"tcp://:6379\": missing host"
    );
    assert_eq!(
        err("tcp://h:99999"),
        "invalid session.save_path entry \"tcp://h:99999\": invalid port"
    );
    assert_eq!(
        err("ftp://h"),
        "invalid session.save_path entry \"ftp://h\": unknown scheme \"ftp\""
    );
    assert_eq!(
        err("tcp://h:6379?foo=1"),
        "invalid session.save_path entry \"tcp://h:6379?foo=1\": unknown parameter \"foo\""
    );
    assert_eq!(
        err("tcp://h:6379?weight=0"),
        "invalid session.save_path entry \"tcp://h:6379?weight=0\": invalid value for \"weight\""
    );
}

#[test]
fn other_errors() {
    for bad_port in [
        "tcp://h:0",
        "tcp://h:",
        "tcp://h:+1",
        "tcp://h:65536",
        "h:x",
    ] {
        assert!(err(bad_port).ends_with(": invalid port"), "{bad_port}");
    }
    assert!(err("tcp://").ends_with(": missing host"));
    assert!(err("tls://?weight=1").ends_with(": missing host"));
    assert!(err("unix://").ends_with(": missing socket path"));
    assert!(err("unix://relative.sock").ends_with(": unix socket path must be absolute"));
    assert!(err("tcp://h:1/x").ends_with(": unexpected path after host"));
    assert_eq!(
        err("tcp://u:pw@h"),
        "invalid session.save_path entry \"tcp://u:***@h\": credentials in the URL are only supported with redis:// and rediss://"
    );
    assert!(err("tcp://h?=1").ends_with(": unknown parameter \"\""));
    assert!(err("tcp://h?x[=1").ends_with(": unknown parameter \"x[\""));
    // The first bad entry is reported even after good ones.
    assert_eq!(
        err("tcp://a, tcp://b?bogus=1"),
        "invalid session.save_path entry \"tcp://b?bogus=1\": unknown parameter \"bogus\""
    );
}

#[test]
fn secrets_never_leak() {
    const PW: &str = "Sup3rS3cret";
    let entries = [
        format!("tcp://h:99999?auth={PW}"),
        format!("tcp://h?auth={PW}&foo=1"),
        format!("tcp://h?auth[]=alice&auth[]={PW}&weight=0"),
        format!("tcp://h?auth[user]=alice&auth[pass]={PW}&timeout=x"),
        format!("tcp://h?%61uth={PW}&x=1"),
        format!("redis://alice:{PW}@h:99999"),
        format!("redis://{PW}@h/x"),
        format!("redis://alice:{PW}@:1"),
        format!("redis://alice:pa?{PW}@h"),
        format!("redis://alice:{PW}@h?auth=x"),
        format!("rediss://alice:{PW}@h?prefix=a@b&bad=1"),
        format!("tcp://h?prefix=a@b&auth={PW}&bad=1"),
        format!("tls://h?stream[passphrase]={PW}"),
        format!("ftp://alice:{PW}@h"),
        format!("tcp://alice:{PW}@h"),
    ];
    for entry in &entries {
        let e = parse(entry)
            .err()
            .unwrap_or_else(|| panic!("{entry} parsed"));
        assert!(!e.to_string().contains(PW), "{e}");
        assert!(!format!("{e:?}").contains(PW), "{e:?}");
        assert!(e.to_string().contains("***"), "{e}");
    }
    for entry in [
        format!("redis://alice:{PW}@h"),
        format!("tcp://h?auth={PW}"),
        format!("rediss://{PW}@h/1"),
    ] {
        let spec = one(&entry);
        assert_eq!(spec.auth.as_ref().map(|a| a.password.as_str()), Some(PW));
        assert!(!spec.server().contains(PW));
        assert!(!format!("{spec:?}").contains(PW), "Debug leaks");
    }
}

#[test]
fn host_names() {
    for good in [
        "h",
        "redis-1.example.com",
        "project_redis_1",
        "10.0.0.1",
        "H0",
    ] {
        assert_eq!(
            one(&format!("tcp://{good}:1")).server(),
            format!("tcp://{good}:1")
        );
    }
    // Found by tests/save_path_props.rs: query text taken for a host name
    // (shown in phpinfo, password and all; this one even read back as a
    // `seed[]` save path).
    for bad in [
        "tcp://h&auth=Pw0AA0A0",
        "auth[pass]=Pw0AA0A0",
        "seeds[]=h&auth=Pw0AA0A0",
        "t? eout0&databas%65=00&seed[]=a",
        "tcp://h%41",
        "tcp://h#x:1",
        "tcp://h\u{e9}",
        "sentinel://a,b=c?master=m",
        "cluster://a&b",
        "redis://u:pw@h+x/1",
    ] {
        let e = err(bad);
        assert!(e.ends_with(": invalid host name"), "{bad}: {e}");
        assert!(!e.contains("Pw0AA0A0"), "{e}");
    }
}

#[test]
fn redaction_copies_only_a_real_scheme() {
    // Found by tests/save_path_props.rs: the first `://` was taken for the
    // end of the scheme even in a value after the password.
    assert_eq!(
        err("auth=Pw0AA0A0&seed[]=tcp://a&foo=1"),
        "invalid session.save_path entry \"auth=***&seed[]=tcp://a&foo=1\": unknown parameter \"foo\""
    );
    assert_eq!(
        err("h?auth=Pw0AA0A0&prefix=a://b&foo=1"),
        "invalid session.save_path entry \"h?auth=***&prefix=a://b&foo=1\": unknown parameter \"foo\""
    );
    assert_eq!(
        err("/s.sock?auth=Pw0AA0A0&prefix=x://&timeout=0"),
        "invalid session.save_path entry \"/s.sock?auth=***&prefix=x://&timeout=0\": invalid value for \"timeout\""
    );
    assert_eq!(
        err("seed[]=h&auth=ab://Pw0AA0A0&foo=1"),
        "invalid session.save_path entry \"seed[]=h&auth=***&foo=1\": unknown parameter \"foo\""
    );
    assert_eq!(redact("rediss+x-1.0://u:pw@h"), "rediss+x-1.0://u:***@h");
}

#[test]
fn unknown_scheme_is_redacted() {
    // Found by tests/save_path_props.rs: a mistyped `seed[]` save path is
    // a server list whose "scheme" is all that comes before `://`.
    assert_eq!(
        err("auth=Pw0AA0A0&seeds[]=tcp://h:7000"),
        "invalid session.save_path entry \"auth=***&seeds[]=tcp://h:7000\": unknown scheme \"auth=***&seeds[]=tcp\""
    );
    assert_eq!(
        err("cluster://a,u:Pw0AA0A0@b://c"),
        "invalid session.save_path entry \"cluster://a,u:***@b://c\": unknown scheme \"u:***@b\""
    );
    assert_eq!(
        err("seed[]=u:Pw0AA0A0@b://c"),
        "invalid session.save_path entry \"***@b://c\": unknown scheme \"u:***@b\""
    );
}

#[test]
fn redaction_of_a_lone_password_before_another_at() {
    // Found by tests/save_path_props.rs: the user info runs to the last
    // `@`, and what came before its first `:` was shown as the user.
    assert_eq!(
        err("rediss://Pw0AA0A0@h:1/6?prefix=@&foo=1"),
        "invalid session.save_path entry \"rediss://***@&foo=1\": unknown parameter \"foo\""
    );
    assert_eq!(redact("redis://u:pw@h?prefix=@"), "redis://u:***@");
}

#[test]
fn error_redaction_examples() {
    assert_eq!(
        err("tcp://h:6379?auth=pw&foo=1"),
        "invalid session.save_path entry \"tcp://h:6379?auth=***&foo=1\": unknown parameter \"foo\""
    );
    assert_eq!(
        err("redis://user:pw@h:0"),
        "invalid session.save_path entry \"redis://user:***@h:0\": invalid port"
    );
}

#[test]
fn error_trait() {
    let e: Box<dyn std::error::Error> = Box::new(ParseError::Empty);
    assert_eq!(e.to_string(), "invalid session.save_path: empty save_path");
}

#[test]
fn percent_decoding() {
    assert_eq!(percent_decode("a+b%20c%zz%4", true), b"a b c%zz%4".to_vec());
    assert_eq!(percent_decode("a+b", false), b"a+b".to_vec());
}
