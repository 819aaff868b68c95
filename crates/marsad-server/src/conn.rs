//! The connection loop: accepts TCP connections up to a limit and serves each with hyper's
//! HTTP/1 server under two timeouts, so that clients that send nothing, or half a request, cannot
//! hold the server (issue 13: 300 half-sent requests made normal requests fail).
//!
//! - **Connection limit.** At most [`Limits::max_connections`] connections are served at once; the
//!   next one waits in the kernel's accept queue until one closes, instead of costing a task, a
//!   socket and buffers per attacker.
//! - **Header-read timeout.** A request head must arrive whole within
//!   [`Limits::header_timeout`] of the server starting to wait for it (hyper's
//!   `header_read_timeout`); the same clock runs between keep-alive requests, so an idle
//!   keep-alive connection is closed after it too.
//! - **Idle timeout.** A connection on which no byte moves either way for
//!   [`Limits::idle_timeout`] while no request is being handled is closed: a client that stops
//!   reading its response, or stops sending a body, loses its connection. A handler that takes
//!   long (an ingest) is never cut off by it.
//!
//! axum's own `serve` offers none of these, so the router is handed to hyper directly.

use std::convert::Infallible;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// The connection limits of a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How long a client may take to send a request's head (and how long a keep-alive
    /// connection may wait for the next one).
    pub header_timeout: Duration,
    /// How long a connection may stay silent, both ways, while no request is being handled.
    pub idle_timeout: Duration,
    /// How many connections are served at once.
    pub max_connections: usize,
}

impl Default for Limits {
    /// 10 s for a request head (a browser sends it at once), 60 s of silence, 512 connections
    /// (well under the usual limit of 1024 open files).
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 512,
        }
    }
}

/// Serves `router` on `listener` under `limits` until `shutdown` completes. Connections still
/// open then are dropped with the runtime.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let service = TowerToHyperService::new(router);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => return Ok(()),
            },
            () = &mut shutdown => return Ok(()),
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) if is_per_connection(&e) => continue,
                Err(_) => {
                    // Out of file descriptors or memory: wait rather than spin.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(Activity::new());
        let io = TokioIo::new(Tracked {
            inner: stream,
            activity: activity.clone(),
        });
        let service = service.clone();
        let busy = activity.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let guard = Busy::new(busy.clone());
            let call = hyper::service::Service::call(&service, request);
            async move {
                let response: Result<_, Infallible> = call.await;
                drop(guard);
                response
            }
        });
        let conn = http.serve_connection(io, service);
        let idle = limits.idle_timeout;
        tokio::spawn(async move {
            tokio::select! {
                _ = conn => {}
                () = idle_watch(activity, idle) => {}
            }
            drop(permit);
        });
    }
}

/// Accept errors that concern one connection (it was reset before it was accepted), after which
/// the next accept can go on at once.
fn is_per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// When a connection last moved a byte, and how many of its requests are being handled.
struct Activity {
    start: Instant,
    /// Milliseconds after `start` of the last byte read or written.
    last: AtomicU64,
    busy: AtomicUsize,
}

impl Activity {
    fn new() -> Self {
        Activity {
            start: Instant::now(),
            last: AtomicU64::new(0),
            busy: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.start + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

/// Marks a request as being handled while it lives.
struct Busy(Arc<Activity>);

impl Busy {
    fn new(activity: Arc<Activity>) -> Self {
        activity.busy.fetch_add(1, Ordering::Relaxed);
        activity.touch();
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.touch();
        self.0.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Completes when the connection has been silent for `idle` with no request being handled.
async fn idle_watch(activity: Arc<Activity>, idle: Duration) {
    loop {
        let deadline = activity.last() + idle;
        let now = Instant::now();
        if now >= deadline {
            if activity.busy.load(Ordering::Relaxed) == 0 {
                return;
            }
            // A handler is running: look again a period later (its end counts as activity).
            tokio::time::sleep(idle).await;
        } else {
            tokio::time::sleep_until(deadline.into()).await;
        }
    }
}

/// A TCP stream that records in its [`Activity`] every time bytes move.
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn start(limits: Limits) -> std::net::SocketAddr {
        let router = Router::new().route("/", axum::routing::get(|| async { "ok" }));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(serve(listener, router, limits, std::future::pending()));
        addr
    }

    /// Reads until the server closes the connection, or panics after `within`.
    async fn closed_within(stream: &mut TcpStream, within: Duration) -> Vec<u8> {
        let mut got = Vec::new();
        tokio::time::timeout(within, stream.read_to_end(&mut got))
            .await
            .expect("the server closed the connection in time")
            .ok();
        got
    }

    /// A request head that never ends is cut off after the header timeout, unanswered.
    #[tokio::test]
    async fn half_sent_requests_are_closed_after_the_header_timeout() {
        let addr = start(Limits {
            header_timeout: Duration::from_millis(300),
            idle_timeout: Duration::from_secs(60),
            max_connections: 8,
        })
        .await;
        let mut half = TcpStream::connect(addr).await.unwrap();
        half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
            .await
            .unwrap();
        let t = Instant::now();
        let got = closed_within(&mut half, Duration::from_secs(5)).await;
        assert!(
            t.elapsed() >= Duration::from_millis(250),
            "{:?}",
            t.elapsed()
        );
        assert!(!String::from_utf8_lossy(&got).contains("200 OK"));
    }

    /// A connection silent both ways is closed after the idle timeout, even while the header
    /// timeout is far off; one that keeps talking is served.
    #[tokio::test]
    async fn silent_connections_are_closed_after_the_idle_timeout() {
        let addr = start(Limits {
            header_timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_millis(300),
            max_connections: 8,
        })
        .await;
        let mut silent = TcpStream::connect(addr).await.unwrap();
        let t = Instant::now();
        closed_within(&mut silent, Duration::from_secs(5)).await;
        assert!(
            t.elapsed() >= Duration::from_millis(250),
            "{:?}",
            t.elapsed()
        );
        let mut talking = TcpStream::connect(addr).await.unwrap();
        for part in [
            &b"GET / HTTP/1.1\r\n"[..],
            b"Host: x\r\n",
            b"Connection: close\r\n\r\n",
        ] {
            tokio::time::sleep(Duration::from_millis(150)).await;
            talking.write_all(part).await.unwrap();
        }
        let got = closed_within(&mut talking, Duration::from_secs(5)).await;
        assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"));
    }

    /// Past the limit a connection waits for a free slot, then is served.
    #[tokio::test]
    async fn connections_past_the_limit_wait_for_a_slot() {
        let limits = Limits {
            header_timeout: Duration::from_millis(500),
            idle_timeout: Duration::from_secs(60),
            max_connections: 2,
        };
        let addr = start(limits).await;
        let mut holders = Vec::new();
        for _ in 0..2 {
            let mut s = TcpStream::connect(addr).await.unwrap();
            s.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
            holders.push(s);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        let t = Instant::now();
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let got = closed_within(&mut s, Duration::from_secs(5)).await;
        assert!(String::from_utf8_lossy(&got).starts_with("HTTP/1.1 200"));
        assert!(
            t.elapsed() >= Duration::from_millis(300),
            "served before a slot was free: {:?}",
            t.elapsed()
        );
    }
}
