//! The database connection: one pool for SQLite or PostgreSQL.
//!
//! Why the sqlx `Any` driver and not a trait with one implementation per database:
//! every query here is plain SQL that both dialects accept, so one text per query keeps
//! the two backends from drifting apart. Placeholders are `$1`, `$2`, … everywhere:
//! the `Any` driver passes the SQL through unchanged, PostgreSQL numbers its
//! parameters that way, and sqlx's SQLite driver binds `$NNN` by number (sqlx-sqlite
//! 0.8 `SqliteArguments::bind`). The price is a smaller set of types, because `Any`
//! carries only integers, floats, text and blobs. So money is `BIGINT` fen, times are
//! UTC text and flags are `0`/`1`. A `SUM` over `BIGINT` is a `NUMERIC` in PostgreSQL,
//! so queries cast it back to `BIGINT`. Where the DDL differs, the migrations are split
//! by backend.

use std::path::Path;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::AnyPool;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The database product behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Returns the backend a database URL selects by its scheme.
    ///
    /// # Errors
    ///
    /// [`DbError::UnsupportedUrl`] for any scheme but `sqlite:`, `postgres:` and
    /// `postgresql:`.
    pub fn from_url(url: &str) -> Result<Backend, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::UnsupportedUrl { url: redact(url) })
        }
    }

    /// Returns the name reported by the health endpoint: `sqlite` or `postgres`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A failure to open or migrate the database.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names a database this server does not support.
    #[error("database URL {url:?} is not supported: use sqlite://FILE?mode=rwc or postgres://USER@HOST:PORT/DB")]
    UnsupportedUrl { url: String },
    /// The directory for a SQLite file could not be created.
    #[error("cannot create the database directory {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    /// Connecting failed.
    #[error("cannot connect to {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    /// A migration failed.
    #[error("cannot apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A connection pool and the backend it talks to.
#[derive(Debug, Clone)]
pub struct Db {
    /// The pool; every query in this crate is written for both backends.
    pub pool: AnyPool,
    /// Database product behind the pool.
    pub backend: Backend,
}

impl Db {
    /// Connects to `url`, creating the directory of a SQLite file first.
    ///
    /// # Errors
    ///
    /// [`DbError::UnsupportedUrl`], [`DbError::CreateDir`] or [`DbError::Connect`].
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;

        if backend == Backend::Sqlite {
            if let Some(dir) = sqlite_parent_dir(url) {
                std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
        }

        let connect_error = |source| DbError::Connect {
            url: redact(url),
            source,
        };
        let options = AnyConnectOptions::from_str(url).map_err(connect_error)?;
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .map_err(connect_error)?;
        Ok(Db { pool, backend })
    }

    /// Begins a transaction that will write.
    ///
    /// SQLite starts it with `BEGIN IMMEDIATE`, taking the write lock at once: a
    /// deferred transaction that reads and then writes fails with "database is locked"
    /// without waiting when another connection wrote in between, whereas an immediate
    /// one waits up to the busy timeout. PostgreSQL locks rows as it writes.
    ///
    /// # Errors
    ///
    /// A database error, such as the busy timeout passing.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Applies the migrations of this backend that are not applied yet.
    ///
    /// # Errors
    ///
    /// [`DbError::Migrate`] when a migration fails or an applied one was edited.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }
}

/// Returns the directory part of a relative or absolute SQLite file URL, or `None`
/// for an in-memory database or a file in the working directory.
fn sqlite_parent_dir(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path.starts_with(":memory:") {
        return None;
    }
    Path::new(path)
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
}

/// Removes a password from a URL before it goes into a message or a log.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_from_url() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.sqlite?mode=rwc").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://postgres@127.0.0.1/test").unwrap(),
            Backend::Postgres
        );
        assert!(matches!(
            Backend::from_url("mysql://x"),
            Err(DbError::UnsupportedUrl { .. })
        ));
    }

    #[test]
    fn sqlite_dir_from_url() {
        assert_eq!(
            sqlite_parent_dir("sqlite://data/cbec.sqlite?mode=rwc"),
            Some(Path::new("data"))
        );
        assert_eq!(
            sqlite_parent_dir("sqlite:///tmp/a/b.db"),
            Some(Path::new("/tmp/a"))
        );
        assert_eq!(sqlite_parent_dir("sqlite://cbec.sqlite"), None);
        assert_eq!(sqlite_parent_dir("sqlite::memory:"), None);
    }

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(
            redact("postgres://postgres@h/db"),
            "postgres://postgres@h/db"
        );
    }
}
