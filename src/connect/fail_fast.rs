//! A Redis connection whose pipelines give up at the first I/O error.
//!
//! redis-rs's `Connection` reads every reply of a pipeline even after one
//! read failed (so that a transaction's error replies are all seen). Against
//! a hung server that means one full read timeout per command: the 2-command
//! lock acquire cost 2 s with `read_timeout=1`. A timed-out connection is
//! thrown away anyway (a late reply would be read as the next answer), so
//! there is nothing to gain from reading on: this wrapper stops there, and
//! one outage costs one timeout.

use redis::{Connection, ConnectionLike, RedisResult, Value};

/// A single-server connection with fail-fast pipelines.
pub struct FailFast(pub Connection);

impl ConnectionLike for FailFast {
    fn req_packed_command(&mut self, cmd: &[u8]) -> RedisResult<Value> {
        self.0.req_packed_command(cmd)
    }

    fn req_packed_commands(
        &mut self,
        cmd: &[u8],
        offset: usize,
        count: usize,
    ) -> RedisResult<Vec<Value>> {
        if offset > 0 {
            // A transaction (MULTI ... EXEC): its replies need redis-rs's
            // own bookkeeping. rustredis sends none; keep it correct anyway.
            return self.0.req_packed_commands(cmd, offset, count);
        }
        self.0.send_packed_command(cmd)?;
        let mut replies = Vec::with_capacity(count);
        while replies.len() < count {
            match self.0.recv_response()? {
                // RESP3 push data may come between replies: not a reply.
                Value::Push { .. } => {}
                // Error replies are values here, as with redis-rs; only an
                // I/O error (the `?` above) stops the loop.
                value => replies.push(value),
            }
        }
        Ok(replies)
    }

    fn get_db(&self) -> i64 {
        self.0.get_db()
    }

    fn check_connection(&mut self) -> bool {
        self.0.check_connection()
    }

    fn is_open(&self) -> bool {
        self.0.is_open()
    }
}
