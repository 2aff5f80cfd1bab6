//! A raw HTTP/1.1 server for the bodies wiremock cannot send: ones that never end, or arrive a
//! drop at a time. Every connection gets a head with `status`, then chunks from `next(i)`
//! (chunked encoding) with `pause` between them, until `next` returns nothing, the client hangs
//! up, or `limit` bytes went out. `sent` counts the body bytes written, so a test can tell a
//! client that stopped reading from one that swallowed everything.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct Drip {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    pub sent: Arc<AtomicUsize>,
    pub requests: Arc<AtomicUsize>,
}

impl Drip {
    pub fn sent(&self) -> usize {
        self.sent.load(Ordering::SeqCst)
    }
}

type Next = Arc<dyn Fn(usize) -> Vec<u8> + Send + Sync>;

pub async fn serve(
    status: u16,
    next: impl Fn(usize) -> Vec<u8> + Send + Sync + 'static,
    pause: Duration,
    limit: usize,
) -> Drip {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let sent = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let next: Next = Arc::new(next);
    let (s, r) = (sent.clone(), requests.clone());
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            r.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(answer(conn, status, next.clone(), pause, limit, s.clone()));
        }
    });
    Drip {
        url,
        sent,
        requests,
    }
}

async fn answer(
    mut conn: TcpStream,
    status: u16,
    next: Next,
    pause: Duration,
    limit: usize,
    sent: Arc<AtomicUsize>,
) {
    if read_request(&mut conn).await.is_none() {
        return;
    }
    let head = format!(
        "HTTP/1.1 {status} Hostile\r\ncontent-type: text/event-stream\r\n\
         transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    );
    if conn.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let mut i = 0;
    loop {
        let data = next(i);
        i += 1;
        if data.is_empty() || sent.load(Ordering::SeqCst) >= limit {
            let _ = conn.write_all(b"0\r\n\r\n").await;
            return;
        }
        let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
        chunk.extend_from_slice(&data);
        chunk.extend_from_slice(b"\r\n");
        if conn.write_all(&chunk).await.is_err() {
            return; // the client hung up
        }
        sent.fetch_add(data.len(), Ordering::SeqCst);
        if !pause.is_zero() {
            tokio::time::sleep(pause).await;
        }
    }
}

/// Read a request head and its `content-length` body.
async fn read_request(conn: &mut TcpStream) -> Option<()> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    let head_end = loop {
        let n = conn.read(&mut byte).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let mut have = buf.len() - head_end;
    while have < length {
        let n = conn.read(&mut byte).await.ok()?;
        if n == 0 {
            return None;
        }
        have += n;
    }
    Some(())
}
