//! A tiny static file server for `dist/` on 127.0.0.1 that counts the requests it
//! answers, so a test can tell whether the page asked for anything after loading.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub struct StaticServer {
    pub port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    served: Arc<AtomicUsize>,
}

impl StaticServer {
    pub fn start(root: PathBuf) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let served = Arc::new(AtomicUsize::new(0));
        let (log, count) = (requests.clone(), served.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let root = root.clone();
                let (log, count) = (log.clone(), count.clone());
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
                    let mut request_line = String::new();
                    if reader.read_line(&mut request_line).is_err() {
                        return;
                    }
                    let mut header = String::new();
                    while reader.read_line(&mut header).map(|n| n > 2).unwrap_or(false) {
                        header.clear();
                    }
                    let target = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                    log.lock().expect("log").push(target.clone());
                    count.fetch_add(1, Ordering::SeqCst);
                    let path = target.split(['?', '#']).next().unwrap_or("/");
                    let relative = if path == "/" { "index.html" } else { path.trim_start_matches('/') };
                    let file = root.join(relative);
                    let response = match std::fs::read(&file) {
                        Ok(body) if !relative.contains("..") => {
                            let mut head = format!(
                                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                content_type(relative),
                                body.len()
                            )
                            .into_bytes();
                            head.extend(body);
                            head
                        }
                        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                    };
                    let _ = stream.write_all(&response);
                });
            }
        });
        StaticServer { port, requests, served }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://127.0.0.1:{}/{}", self.port, path_and_query)
    }

    pub fn request_count(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("log").clone()
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}
