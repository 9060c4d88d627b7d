//! Start-up and shutdown: database, migrations, seed data, listener.

use std::io::Write;
use std::sync::Arc;

use time::OffsetDateTime;
use tokio::net::TcpListener;

use crate::db::DbError;
use crate::http::{list_versions, router, ApiContext, ApiError};
use crate::{demo, Config, Db};

/// A failure that stops the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Opening or migrating the database failed.
    #[error(transparent)]
    Database(#[from] DbError),
    /// Storing the sample list or the demo data failed.
    #[error("cannot store the seed data: {0}")]
    Seed(#[from] ApiError),
    /// The address could not be bound or served.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        source: std::io::Error,
    },
}

/// Opens the database, applies migrations, stores the sample list and (if asked) the
/// demo data, then serves until Ctrl-C or SIGTERM.
///
/// Prints `cbec-check is running at http://HOST:PORT/` on stdout once listening, with
/// the real port when the configured one is 0.
///
/// # Errors
///
/// [`ServerError`] when any start-up step fails or the listener fails.
pub async fn run(config: Config) -> Result<(), ServerError> {
    tracing::info!(addr = %config.addr, database = %crate::db::redact(&config.database_url), "starting");
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    tracing::info!(
        backend = db.backend.name(),
        "database ready, migrations applied"
    );

    list_versions::store_sample(&db).await?;
    if config.demo_data || config.reset_demo {
        let outcome = demo::load(&db, OffsetDateTime::now_utc(), config.reset_demo).await?;
        tracing::info!(?outcome, "demo data checked");
    }

    let listen_error = |source| ServerError::Listen {
        addr: config.addr.to_string(),
        source,
    };
    let listener = TcpListener::bind(config.addr).await.map_err(listen_error)?;
    let local = listener.local_addr().map_err(listen_error)?;

    let context = ApiContext {
        config: Arc::new(config.clone()),
        db: db.clone(),
    };
    let app = router(context);

    // The launcher scripts and end-to-end tests read this line to find the port.
    println!("cbec-check is running at http://{local}/");
    let _ = std::io::stdout().flush();
    tracing::info!(%local, "listening");

    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(listen_error)?;

    db.pool.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C; stop the server with SIGTERM");
            std::future::pending::<()>().await;
        }
    };

    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM; stop the server with Ctrl-C");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();

    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received; shutting down"),
        () = terminate => tracing::info!("SIGTERM received; shutting down"),
    }
}
