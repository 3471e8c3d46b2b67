//! The handler core against a real redis-server (started here on a free
//! loopback port, stopped when the test ends): the session semantics and the
//! lock protocol without PHP. Skipped when `redis-server` is not installed.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustredis::compression::Codec;
use rustredis::config::{Config, LockSettings, PoolSettings};
use rustredis::error::Error;
use rustredis::save_path;
use rustredis::session::Session;
use rustredis::store::Store;

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server() -> Option<Server> {
    // Two tests may be handed the same free port before either server binds
    // it: the one whose redis-server could not bind (it exits) tries again.
    for _ in 0..5 {
        let port = TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .stdout(Stdio::null())
            .spawn()
            .ok()?;
        let mut server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(5);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Ours answers (another test's would not make ours exit).
        std::thread::sleep(Duration::from_millis(50));
        if matches!(server.child.try_wait(), Ok(None)) {
            return Some(server);
        }
    }
    None
}

fn locked() -> Config {
    Config {
        lock: LockSettings::from_ini(true, 5, 0, 5_000, 10, false),
        ..Config::default()
    }
}

fn unlocked() -> Config {
    Config {
        lock: LockSettings::from_ini(false, 5, 0, 5_000, 10, false),
        ..Config::default()
    }
}

fn compressed(codec: Codec) -> Config {
    let mut config = locked();
    config.compression.codec = codec;
    config
}

fn store(port: u16) -> Arc<Store> {
    let path = format!("tcp://127.0.0.1:{port}?prefix=core:");
    let pools = PoolSettings {
        max_pools: 32,
        idle_timeout: Duration::from_secs(300),
    };
    rustredis::store::registry::store_for(&path, pools, || Ok(save_path::parse(&path)?))
        .expect("store")
}

#[test]
fn unknown_reads_empty_and_data_round_trips_byte_for_byte() {
    let Some(server) = server() else { return };
    let mut session = Session::new(store(server.port), &unlocked());
    assert_eq!(session.read(b"abc123").expect("read"), b"");
    let data = [0u8, 255, b'|', 0xc3, 0x28, b'\n'];
    session.write(b"abc123", &data, 100).expect("write");
    session.close();
    let mut again = Session::new(store(server.port), &unlocked());
    assert_eq!(again.read(b"abc123").expect("read"), data);
}

#[test]
fn a_locked_session_excludes_a_second_request_until_released() {
    let Some(server) = server() else { return };
    let mut first = Session::new(store(server.port), &locked());
    let mut second = Session::new(store(server.port), &locked());
    assert_eq!(first.read(b"lockme").expect("first read"), b"");
    let start = Instant::now();
    let err = second
        .read(b"lockme")
        .expect_err("second must wait and give up");
    assert!(
        err.to_string().contains(&format!(
            "cannot lock session {}:",
            rustredis::reply::short_id(b"lockme")
        )) && !err.to_string().contains("lockme"),
        "{err}"
    );
    assert!(
        start.elapsed() >= Duration::from_millis(40),
        "waited {:?}",
        start.elapsed()
    );
    first
        .write(b"lockme", b"n|i:1;", 100)
        .expect("write releases");
    second.close();
    let mut third = Session::new(store(server.port), &locked());
    assert_eq!(third.read(b"lockme").expect("free again"), b"n|i:1;");
}

#[test]
fn validate_and_create_sid_hand_their_fetch_to_read() {
    let Some(server) = server() else { return };
    let mut session = Session::new(store(server.port), &locked());
    session.write(b"known1", b"a|i:1;", 100).expect("seed");
    session.close();
    let mut session = Session::new(store(server.port), &locked());
    assert!(session.validate(b"known1").expect("validate"));
    assert_eq!(session.read(b"known1").expect("read"), b"a|i:1;");
    session.close();
    let mut ids = vec![b"known1".to_vec(), b"fresh99".to_vec()].into_iter();
    let id = session.create_sid(|| ids.next()).expect("create_sid");
    assert_eq!(id, b"fresh99", "a stored id is never handed out");
    assert_eq!(session.read(&id).expect("read"), b"");
}

#[test]
fn invalid_ids_never_reach_redis() {
    let Some(server) = server() else { return };
    let mut session = Session::new(store(server.port), &unlocked());
    for bad in [&b""[..], b"a b", b"../x", &[b'a'; 257]] {
        assert!(session.read(bad).is_err());
        assert!(!session.validate(bad).expect("validate says no"));
    }
}

fn raw_get(port: u16, key: &str) -> Option<Vec<u8>> {
    let client = redis::Client::open(format!("redis://127.0.0.1:{port}")).ok()?;
    let mut conn = client.get_connection().ok()?;
    redis::cmd("GET").arg(key).query(&mut conn).ok()?
}

fn raw_set(port: u16, key: &str, value: &[u8]) {
    let client = redis::Client::open(format!("redis://127.0.0.1:{port}")).expect("client");
    let mut conn = client.get_connection().expect("connection");
    let () = redis::cmd("SET")
        .arg(key)
        .arg(value)
        .query(&mut conn)
        .expect("SET");
}

#[test]
fn compressed_sessions_are_read_whatever_the_setting_became() {
    let Some(server) = server() else { return };
    let data =
        "cart|a:1:{s:5:\"items\";s:40:\"widget widget widget widget widget widget\";}".repeat(20);
    for codec in [Codec::Lzf, Codec::Lz4, Codec::Zstd] {
        let mut writer = Session::new(store(server.port), &compressed(codec));
        writer
            .write(b"packed1", data.as_bytes(), 100)
            .expect("write");
        writer.close();
        let stored = raw_get(server.port, "core:packed1").expect("stored");
        assert!(stored.len() < data.len() / 3, "{codec:?} compresses");
        for reader_codec in [Codec::None, Codec::Lzf, Codec::Lz4, Codec::Zstd] {
            let mut config = compressed(reader_codec);
            // PHP's own serializer: LZF is recognisable too.
            config.compression.text_serializer = true;
            let mut reader = Session::new(store(server.port), &config);
            assert_eq!(reader.read(b"packed1").expect("read"), data.as_bytes());
            reader.close();
        }
    }
}

#[test]
fn a_corrupt_value_fails_the_read_and_is_left_alone() {
    let Some(server) = server() else { return };
    let mut frame = vec![0x28, 0xB5, 0x2F, 0xFD];
    frame.extend_from_slice(b"not really a frame");
    raw_set(server.port, "core:broken1", &frame);
    let mut session = Session::new(store(server.port), &compressed(Codec::Zstd));
    let err = session.read(b"broken1").expect_err("corrupt");
    assert!(matches!(err, Error::Corrupt { codec: "zstd", .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("core:#") && !text.contains("broken1"),
        "{text}"
    );
    session.close();
    assert_eq!(raw_get(server.port, "core:broken1"), Some(frame));
    // Its lock was released: another request gets the same answer at once.
    let mut again = Session::new(store(server.port), &compressed(Codec::Zstd));
    assert!(matches!(again.read(b"broken1"), Err(Error::Corrupt { .. })));
}

#[test]
fn a_bound_session_is_listed_and_a_revoked_one_cannot_be_written_back() {
    let Some(server) = server() else { return };
    for config in [locked(), unlocked()] {
        let st = store(server.port);
        let user = format!("core-{}", config.lock.enabled);
        let ids: [&[u8]; 2] = [b"coreuserA1", b"coreuserB2"];
        for id in ids {
            let mut s = Session::new(st.clone(), &config);
            s.read(id).expect("read");
            s.bind_user(user.clone().into_bytes());
            s.write(id, b"n|i:1;", 100).expect("write binds");
        }
        let mut listed: Vec<Vec<u8>> = rustredis::users::list(&st, user.as_bytes(), 100)
            .expect("list")
            .into_iter()
            .map(|e| e.id)
            .collect();
        listed.sort();
        assert_eq!(listed, vec![ids[0].to_vec(), ids[1].to_vec()]);
        assert_eq!(
            rustredis::users::count(&st, user.as_bytes()).expect("count"),
            2
        );
        // A request of B read it (and holds its lock, if locking) ...
        let mut running = Session::new(st.clone(), &config);
        running.read(ids[1]).expect("read B");
        // ... when A's request revokes the others.
        let keep = rustredis::users::Which::AllBut(Some(ids[0]));
        assert_eq!(
            rustredis::users::revoke(&st, user.as_bytes(), keep, 100).expect("revoke"),
            1
        );
        let err = running
            .write(ids[1], b"n|i:2;", 100)
            .expect_err("a revoked session is not written back");
        assert!(err.to_string().contains("was revoked"), "{err}");
        assert_eq!(raw_get(server.port, "PHPREDIS_SESSION:coreuserB2"), None);
        assert_eq!(
            rustredis::users::count(&st, user.as_bytes()).expect("count"),
            1
        );
        let all = rustredis::users::Which::AllBut(None);
        rustredis::users::revoke(&st, user.as_bytes(), all, 100).expect("revoke all");
    }
}
