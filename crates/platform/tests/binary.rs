//! Starts the real `cbec-platform` binary on a free port and talks HTTP to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running server process; killed if the test ends without stopping it.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// Starts the binary with `args` and waits for its "running at" line.
    fn start(dir: &Path, args: &[&str]) -> Server {
        let database_url = format!(
            "sqlite://{}?mode=rwc",
            dir.join("data/cbec.sqlite").display()
        );
        let stderr = std::fs::File::create(dir.join("server.log")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_cbec-platform"))
            .args([
                "--port",
                "0",
                "--database-url",
                &database_url,
                "--static-dir",
            ])
            .arg(dir.join("web"))
            .args(args)
            .env_remove("DATABASE_URL")
            .env_remove("CBEC_ADDR")
            .env_remove("CBEC_PORT")
            .env_remove("CBEC_DEMO_DATA")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("the cbec-platform binary starts");

        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("cbec-check is running at ") {
                    let _ = sender.send(url.to_owned());
                }
            }
        });
        let url = match receiver.recv_timeout(Duration::from_secs(60)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
                panic!("the server printed no 'running at' line within 60 s; its log:\n{log}");
            }
        };
        Server { child, url }
    }

    /// Sends a GET request over a plain TCP connection and returns status line and body.
    fn get(&self, path: &str) -> (String, String) {
        let authority = self.url.trim_start_matches("http://").trim_end_matches('/');
        let mut stream = TcpStream::connect(authority).expect("connect to the server");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();

        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("read the response");
        let (head, body) = response
            .split_once("\r\n\r\n")
            .expect("a response with headers and body");
        let status = head.lines().next().unwrap_or_default().to_owned();
        assert!(
            head.to_ascii_lowercase().contains("content-length:"),
            "the test reads bodies by length only, got headers:\n{head}"
        );
        (status, body.to_owned())
    }

    /// Sends SIGTERM and waits for the process to exit.
    fn terminate(mut self) -> ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill -TERM failed");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop within 30 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|error| panic!("body is not JSON ({error}): {body}"))
}

#[test]
fn binary_serves_api_and_web_app() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("web")).unwrap();
    std::fs::write(
        dir.path().join("web/index.html"),
        "<!doctype html><title>cbec-check</title>",
    )
    .unwrap();

    let server = Server::start(dir.path(), &["--demo-data"]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "url {}",
        server.url
    );
    assert!(
        !server.url.ends_with(":0/"),
        "the real port is printed: {}",
        server.url
    );
    assert!(
        dir.path().join("data/cbec.sqlite").is_file(),
        "the data directory is created"
    );

    let (status, body) = server.get("/api/v1/health");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(json(&body)["database"], "sqlite");

    let (status, body) = server.get("/api/v1/shoppers/demo/quota");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(json(&body)["used"], "14236.48");

    let (status, body) = server.get("/quota");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("<title>cbec-check</title>"));

    assert!(
        server.terminate().success(),
        "graceful shutdown exits with 0"
    );

    // A restart with --demo-data finds the demo data and loads nothing twice.
    let server = Server::start(dir.path(), &["--demo-data"]);
    let (_, body) = server.get("/api/v1/shoppers/demo/orders");
    assert_eq!(json(&body)["orders"].as_array().unwrap().len(), 7);
    let (_, body) = server.get("/api/v1/shoppers/demo/quota");
    assert_eq!(json(&body)["used"], "14236.48");
    assert!(server.terminate().success());

    let server = Server::start(dir.path(), &["--reset-demo"]);
    let (_, body) = server.get("/api/v1/shoppers/demo/orders");
    assert_eq!(json(&body)["orders"].as_array().unwrap().len(), 7);
    assert!(server.terminate().success());
}

#[test]
fn binary_rejects_unknown_flag() {
    let output = Command::new(env!("CARGO_BIN_EXE_cbec-platform"))
        .arg("--bogus")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--bogus"),
        "stderr names the flag: {stderr}"
    );
    assert!(
        stderr.contains("--help"),
        "stderr points to --help: {stderr}"
    );

    let help = Command::new(env!("CARGO_BIN_EXE_cbec-platform"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--database-url"));
}
