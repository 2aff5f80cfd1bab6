//! A one-request HTTP/1.1 server that sends its body in given pieces, each its own chunk of a
//! chunked response, flushed and spaced apart so the client reads them one by one. wiremock
//! writes a body at once; this is for chunk boundaries in hostile places.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The request as it arrived.
pub struct Seen {
    pub request_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    raw: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// How often `needle` occurs anywhere in the request: line, headers and body.
    pub fn count_key(&self, needle: &str) -> usize {
        String::from_utf8_lossy(&self.raw).matches(needle).count()
    }
}

/// Cut positions through a body of `len` bytes, stepping by `steps` in turn.
pub fn cuts(len: usize, steps: &[usize]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at = 0;
    for step in steps.iter().cycle() {
        at += step;
        if at >= len {
            break;
        }
        out.push(at);
    }
    out
}

pub fn pieces(bytes: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut prev = 0;
    for &c in cuts {
        out.push(bytes[prev..c].to_vec());
        prev = c;
    }
    out.push(bytes[prev..].to_vec());
    out
}

/// Serve one request with `pieces` as an SSE body; the base URL and what was received.
pub async fn serve(pieces: Vec<Vec<u8>>) -> (String, JoinHandle<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        socket.set_nodelay(true).unwrap();
        let seen = read_request(&mut socket).await;
        socket
            .write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\
                  transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
            )
            .await
            .unwrap();
        for piece in pieces {
            let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
            chunk.extend_from_slice(&piece);
            chunk.extend_from_slice(b"\r\n");
            socket.write_all(&chunk).await.unwrap();
            socket.flush().await.unwrap();
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        socket.write_all(b"0\r\n\r\n").await.unwrap();
        socket.shutdown().await.ok();
        seen
    });
    (base, task)
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Seen {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut buf).await.unwrap();
        assert!(n > 0, "the client closed before sending a request");
        raw.extend_from_slice(&buf[..n]);
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8(raw[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map(|(_, v)| v.parse().unwrap())
        .expect("a request body with a length");
    let body_start = head_end + 4;
    while raw.len() < body_start + length {
        let n = socket.read(&mut buf).await.unwrap();
        assert!(n > 0, "the client closed mid-body");
        raw.extend_from_slice(&buf[..n]);
    }
    Seen {
        request_line,
        headers,
        body: raw[body_start..body_start + length].to_vec(),
        raw,
    }
}
