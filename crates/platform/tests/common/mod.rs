//! Test harness: the real router over a real database, SQLite in a temporary file or
//! a fresh PostgreSQL database.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use cbec_platform::http::{router, ApiContext};
use cbec_platform::{Config, Db};
use http_body_util::BodyExt;
use serde_json::Value;
use sqlx::{Connection, Executor};
use tower::ServiceExt;

/// Default PostgreSQL server for tests; `CBEC_TEST_POSTGRES_URL` overrides it.
pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A router over its own database, and what must outlive it.
pub struct TestApp {
    pub router: Router,
    pub db: Db,
    _guard: Guard,
}

enum Guard {
    Sqlite(tempfile::TempDir),
    Postgres(PostgresDatabase),
}

/// A response: status and JSON body (`Value::Null` for an empty or non-JSON body).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub json: Value,
    pub text: String,
    pub content_type: String,
}

impl Reply {
    /// Returns the error code of an error body.
    pub fn code(&self) -> &str {
        self.json["error"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no error code in {}", self.text))
    }

    /// Returns the field of an error body, if any.
    pub fn field(&self) -> Option<&str> {
        self.json["error"]["field"].as_str()
    }
}

impl TestApp {
    /// Builds the app over a SQLite file in a new temporary directory, with no web app.
    pub async fn sqlite() -> TestApp {
        TestApp::sqlite_with_static(None).await
    }

    /// As [`TestApp::sqlite`], serving `static_dir` as the web app.
    pub async fn sqlite_with_static(static_dir: Option<PathBuf>) -> TestApp {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("db/test.sqlite").display()
        );
        let db = connect(&url).await;
        let static_dir = static_dir.unwrap_or_else(|| dir.path().join("no-web-app"));
        TestApp::build(db, static_dir, Guard::Sqlite(dir)).await
    }

    /// Builds the app over a new PostgreSQL database, dropped at the end of the test.
    ///
    /// Returns `None` only when `CBEC_SKIP_POSTGRES=1` is set.
    ///
    /// # Panics
    ///
    /// Panics when PostgreSQL cannot be reached, so the test fails with the reason.
    pub async fn postgres() -> Option<TestApp> {
        if std::env::var("CBEC_SKIP_POSTGRES").is_ok_and(|value| value == "1") {
            eprintln!("CBEC_SKIP_POSTGRES=1: this PostgreSQL test does not run");
            return None;
        }
        let database = PostgresDatabase::create().await;
        let db = connect(&database.url).await;
        let static_dir = std::env::temp_dir().join("cbec-no-web-app");
        Some(TestApp::build(db, static_dir, Guard::Postgres(database)).await)
    }

    async fn build(db: Db, static_dir: PathBuf, guard: Guard) -> TestApp {
        db.migrate().await.expect("migrations apply");
        cbec_platform::http::list_versions::store_sample(&db)
            .await
            .expect("sample list stored");
        let config = Config {
            addr: "127.0.0.1:0".parse().unwrap(),
            database_url: String::new(),
            static_dir,
            demo_data: false,
            reset_demo: false,
        };
        let router = router(ApiContext {
            config: Arc::new(config),
            db: db.clone(),
        });
        TestApp {
            router,
            db,
            _guard: guard,
        }
    }

    /// Sends a request with an optional JSON body.
    pub async fn send(&self, method: Method, uri: &str, body: Option<Value>) -> Reply {
        let request = Request::builder().method(method).uri(uri);
        let request = match body {
            Some(json) => request
                .header("content-type", "application/json")
                .body(Body::from(json.to_string())),
            None => request.body(Body::empty()),
        };
        self.send_request(request.unwrap()).await
    }

    /// Sends a request with a raw body and content type.
    pub async fn send_raw(
        &self,
        method: Method,
        uri: &str,
        content_type: &str,
        body: impl Into<Body>,
    ) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", content_type)
            .body(body.into())
            .unwrap();
        self.send_request(request).await
    }

    /// Sends a JSON POST from a new task, for requests that must run at the same time.
    pub fn spawn_post(&self, uri: String, body: Value) -> tokio::task::JoinHandle<Reply> {
        let router = self.router.clone();
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        tokio::spawn(send_on(router, request))
    }

    async fn send_request(&self, request: Request<Body>) -> Reply {
        send_on(self.router.clone(), request).await
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Method::GET, uri, None).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.send(Method::POST, uri, Some(body)).await
    }

    /// Returns `used` of a shopper's quota for a year, failing on any error.
    pub async fn used(&self, shopper_id: &str, year: i32) -> String {
        let reply = self
            .get(&format!("/api/v1/shoppers/{shopper_id}/quota?year={year}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "quota: {}", reply.text);
        reply.json["used"].as_str().unwrap().to_owned()
    }

    /// Counts the rows of a table, to prove that a failed request stored nothing.
    pub async fn count(&self, table: &str) -> i64 {
        let (count,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&self.db.pool)
            .await
            .unwrap();
        count
    }
}

async fn send_on(router: Router, request: Request<Body>) -> Reply {
    let response = router.oneshot(request).await.expect("router is infallible");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        json,
        text,
        content_type,
    }
}

async fn connect(url: &str) -> Db {
    Db::connect(url)
        .await
        .unwrap_or_else(|error| panic!("cannot open the test database: {error}"))
}

/// A PostgreSQL database created for one test and dropped afterwards.
pub struct PostgresDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl PostgresDatabase {
    /// Creates `cbec_test_<pid>_<time>_<n>` on the test server.
    ///
    /// # Panics
    ///
    /// Panics with the fix when the server cannot be reached.
    pub async fn create() -> PostgresDatabase {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        sqlx::any::install_default_drivers();

        let admin_url = std::env::var("CBEC_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "cbec_test_{}_{nanos}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );

        let mut admin = sqlx::AnyConnection::connect(&admin_url).await.unwrap_or_else(|error| {
            panic!(
                "PostgreSQL at {admin_url} is unreachable ({error}): start it, point CBEC_TEST_POSTGRES_URL at a \
                 server, or set CBEC_SKIP_POSTGRES=1 to leave the PostgreSQL tests out explicitly"
            )
        });
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("CREATE DATABASE");
        admin.close().await.ok();

        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(base, _)| base);
        let url = format!("{base}/{name}");
        PostgresDatabase {
            admin_url,
            name,
            url,
        }
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        // Drop runs inside the test's runtime, which cannot block on async work, so a
        // separate thread with its own runtime drops the database.
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut admin = sqlx::AnyConnection::connect(&admin_url).await?;
                admin
                    .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                    .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {}: {dropped:?}", self.name);
        }
    }
}

/// Generates one test per case and backend: `sqlite::<case>` and `postgres::<case>`.
#[macro_export]
macro_rules! backend_tests {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(&$crate::common::TestApp::sqlite().await).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    if let Some(app) = $crate::common::TestApp::postgres().await {
                        super::$case(&app).await;
                    }
                }
            )*
        }
    };
}
