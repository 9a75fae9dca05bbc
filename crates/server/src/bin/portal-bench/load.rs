//! The load generator: plain HTTP/1.1 keep-alive connections (hyper's client connection, the
//! same crate the server runs on), closed-loop and open-loop drivers, and the statistics.

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, header};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request to make.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: Method,
    pub path: String,
    pub cookie: Option<String>,
    pub body: Option<String>,
}

impl Req {
    pub fn get(path: impl Into<String>) -> Req {
        Req { method: Method::GET, path: path.into(), cookie: None, body: None }
    }

    pub fn post_json(path: impl Into<String>, cookie: &str, body: String) -> Req {
        Req {
            method: Method::POST,
            path: path.into(),
            cookie: Some(cookie.to_owned()),
            body: Some(body),
        }
    }
}

/// What came back.
pub struct Answer {
    pub status: u16,
    pub retry_after: bool,
    pub body: Bytes,
}

/// A kept-alive connection to one server.
pub struct Conn {
    tx: SendRequest<Full<Bytes>>,
    host: String,
}

impl Conn {
    pub async fn connect(addr: SocketAddr) -> Result<Conn, String> {
        let tcp = tokio::net::TcpStream::connect(addr).await.map_err(|e| format!("{addr}: {e}"))?;
        let _ = tcp.set_nodelay(true);
        let (tx, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(conn);
        Ok(Conn { tx, host: addr.to_string() })
    }

    pub async fn send(&mut self, req: &Req) -> Result<Answer, String> {
        self.tx.ready().await.map_err(|e| e.to_string())?;
        let mut b = Request::builder()
            .method(req.method.clone())
            .uri(&req.path)
            .header(header::HOST, &self.host);
        if let Some(c) = &req.cookie {
            b = b.header(header::COOKIE, c);
        }
        let body = match &req.body {
            Some(j) => {
                b = b.header(header::CONTENT_TYPE, "application/json");
                Full::new(Bytes::from(j.clone()))
            }
            None => Full::new(Bytes::new()),
        };
        let res = self
            .tx
            .send_request(b.body(body).map_err(|e| e.to_string())?)
            .await
            .map_err(|e| e.to_string())?;
        let status = res.status().as_u16();
        let retry_after = res.headers().contains_key(header::RETRY_AFTER);
        let body = res.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes();
        Ok(Answer { status, retry_after, body })
    }
}

/// Opens `n` connections spread round-robin over `addrs`, 200 at a time (the listen backlog).
pub async fn connect_many(addrs: &[SocketAddr], n: usize) -> Result<Vec<Conn>, String> {
    let mut out = Vec::with_capacity(n);
    let mut i = 0;
    while i < n {
        let batch: Vec<_> = (i..n.min(i + 200))
            .map(|k| {
                let addr = addrs[k % addrs.len()];
                tokio::spawn(async move { Conn::connect(addr).await })
            })
            .collect();
        for h in batch {
            out.push(h.await.map_err(|e| e.to_string())??);
        }
        i += 200;
    }
    Ok(out)
}

/// One outcome: the status (0 for a transport error, 1 for a client timeout), latency.
#[derive(Clone, Copy)]
pub struct Outcome {
    pub status: u16,
    pub micros: u64,
    pub retry_after: bool,
}

pub const TRANSPORT_ERROR: u16 = 0;
pub const CLIENT_TIMEOUT: u16 = 1;

/// Outcomes of a run and its wall time.
#[derive(Default)]
pub struct Stats {
    pub outcomes: Vec<Outcome>,
    pub secs: f64,
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i] as f64 / 1000.0
}

impl Stats {
    pub fn count(&self, status: u16) -> usize {
        self.outcomes.iter().filter(|o| o.status == status).count()
    }

    /// Answers (any HTTP status) per second of wall time.
    pub fn rps(&self) -> f64 {
        let answered = self.outcomes.iter().filter(|o| o.status >= 100).count();
        answered as f64 / self.secs.max(1e-9)
    }

    /// Milliseconds: p50, p95, p99, max over the answered requests matching `keep`.
    pub fn latency(&self, keep: impl Fn(&Outcome) -> bool) -> [f64; 4] {
        let mut v: Vec<u64> =
            self.outcomes.iter().filter(|o| o.status >= 100 && keep(o)).map(|o| o.micros).collect();
        v.sort_unstable();
        [pct(&v, 0.50), pct(&v, 0.95), pct(&v, 0.99), v.last().map_or(0.0, |m| *m as f64 / 1000.0)]
    }

    pub fn to_json(&self) -> Value {
        let mut statuses = BTreeMap::new();
        for o in &self.outcomes {
            let key = match o.status {
                TRANSPORT_ERROR => "transport_error".to_owned(),
                CLIENT_TIMEOUT => "client_timeout".to_owned(),
                s => s.to_string(),
            };
            *statuses.entry(key).or_insert(0u64) += 1;
        }
        let [p50, p95, p99, max] = self.latency(|_| true);
        json!({
            "requests": self.outcomes.len(), "secs": round(self.secs), "rps": round(self.rps()),
            "p50_ms": round(p50), "p95_ms": round(p95), "p99_ms": round(p99), "max_ms": round(max),
            "statuses": statuses,
        })
    }
}

pub fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Sends one request with a client-side timeout, recording the outcome.
pub async fn timed(conn: &mut Conn, req: &Req, timeout: Duration) -> (Outcome, Option<Answer>) {
    let t = Instant::now();
    let res = tokio::time::timeout(timeout, conn.send(req)).await;
    let micros = t.elapsed().as_micros() as u64;
    match res {
        Ok(Ok(a)) => (Outcome { status: a.status, micros, retry_after: a.retry_after }, Some(a)),
        Ok(Err(_)) => (Outcome { status: TRANSPORT_ERROR, micros, retry_after: false }, None),
        Err(_) => (Outcome { status: CLIENT_TIMEOUT, micros, retry_after: false }, None),
    }
}

pub type MakeReq = Arc<dyn Fn(usize, u64) -> Req + Send + Sync>;

/// `conns` connections each sending the next request as soon as the last is answered, for
/// `secs` seconds. `make(connection, n)` gives each request.
pub async fn closed_loop(
    addrs: &[SocketAddr],
    conns: usize,
    secs: f64,
    timeout: Duration,
    make: MakeReq,
) -> Result<Stats, String> {
    let pool = connect_many(addrs, conns).await?;
    let start = Instant::now();
    let deadline = start + Duration::from_secs_f64(secs);
    let tasks: Vec<_> = pool
        .into_iter()
        .enumerate()
        .map(|(i, mut conn)| {
            let make = make.clone();
            tokio::spawn(async move {
                let mut out = Vec::new();
                let mut n = 0u64;
                while Instant::now() < deadline {
                    let req = make(i, n);
                    n += 1;
                    let (o, answer) = timed(&mut conn, &req, timeout).await;
                    out.push(o);
                    if answer.is_none() {
                        // The connection is unusable after an error or a timeout.
                        match Conn::connect(conn.addr()).await {
                            Ok(c) => conn = c,
                            Err(_) => break,
                        }
                    }
                }
                out
            })
        })
        .collect();
    let mut stats = Stats::default();
    for t in tasks {
        stats.outcomes.extend(t.await.map_err(|e| e.to_string())?);
    }
    stats.secs = start.elapsed().as_secs_f64();
    Ok(stats)
}

impl Conn {
    fn addr(&self) -> SocketAddr {
        self.host.parse().expect("an address we formatted")
    }
}

/// Open loop: `rate` requests a second for `secs` seconds, each started on schedule whether
/// or not earlier ones were answered (a connection is taken from a pool, or opened).
pub async fn open_loop(
    addr: SocketAddr,
    rate: f64,
    secs: f64,
    timeout: Duration,
    make: MakeReq,
) -> Result<(Stats, Vec<(usize, Outcome)>), String> {
    let pool: Arc<Mutex<Vec<Conn>>> = Arc::new(Mutex::new(connect_many(&[addr], 64).await?));
    let total = (rate * secs) as u64;
    let start = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for n in 0..total {
        tokio::time::sleep_until(start + Duration::from_secs_f64(n as f64 / rate)).await;
        let (pool, make) = (pool.clone(), make.clone());
        tasks.push(tokio::spawn(async move {
            let taken = pool.lock().expect("pool").pop();
            let mut conn = match taken {
                Some(c) => c,
                None => match Conn::connect(addr).await {
                    Ok(c) => c,
                    Err(_) => {
                        return (
                            0,
                            Outcome { status: TRANSPORT_ERROR, micros: 0, retry_after: false },
                        );
                    }
                },
            };
            let req = make(0, n);
            let kind = usize::from(req.method != Method::GET);
            let (o, answer) = timed(&mut conn, &req, timeout).await;
            if answer.is_some() {
                pool.lock().expect("pool").push(conn);
            }
            (kind, o)
        }));
    }
    let mut stats = Stats::default();
    let mut kinds = Vec::with_capacity(tasks.len());
    for t in tasks {
        let (kind, o) = t.await.map_err(|e| e.to_string())?;
        stats.outcomes.push(o);
        kinds.push((kind, o));
    }
    stats.secs = start.elapsed().as_secs_f64();
    Ok((stats, kinds))
}
