//! cbec-check platform API: the reference server that the web app syncs with.
//!
//! It stores each shopper's declaration lists (申报清单), returns and the positive-list
//! versions an operator imported, and reports the annual quota. SQLite is the
//! embedded default and PostgreSQL the choice for scale; both run the same queries
//! (see [`db`]). [`http::router`] builds the whole HTTP surface, so tests drive it
//! in-process.

pub mod config;
pub mod db;
pub mod demo;
pub mod http;
pub mod order_status;
pub mod return_window;
pub mod server;
pub mod utc;

pub use config::Config;
pub use db::{Backend, Db};
