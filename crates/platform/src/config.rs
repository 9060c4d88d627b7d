//! Server settings from command-line flags, then environment variables, then defaults.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the server listens, what it stores and serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Socket address to listen on; port 0 picks a free port.
    pub addr: SocketAddr,
    /// sqlx database URL: `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// Directory of the built web app, served at `/`.
    pub static_dir: PathBuf,
    /// Load the demo shopper's data if it was never loaded.
    pub demo_data: bool,
    /// Delete the demo shopper's data and load it again.
    pub reset_demo: bool,
}

/// Default listening address.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// Default database: a SQLite file under `data/` in the working directory, created
/// if missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/cbec.sqlite?mode=rwc";

/// Default directory of the built web app.
pub const DEFAULT_STATIC_DIR: &str = "dist";

/// Help text printed by `--help`.
pub const USAGE: &str = "\
Usage: cbec-platform [OPTIONS]

Runs the cbec-check platform API and serves the built web app.

Options (a flag wins over its environment variable, which wins over the default):
  --addr ADDR          listen address [env CBEC_ADDR] [default 127.0.0.1:8080]
  --port PORT          listen port on the address's host; 0 picks a free port
                       [env CBEC_PORT, ignored when --addr is given]
  --database-url URL   sqlite://FILE?mode=rwc or postgres://USER@HOST:PORT/DB
                       [env DATABASE_URL] [default sqlite://data/cbec.sqlite?mode=rwc]
  --static-dir DIR     built web app to serve at / [env CBEC_STATIC_DIR] [default dist]
  --demo-data          load the demo shopper on first start [env CBEC_DEMO_DATA=1]
  --reset-demo         delete the demo shopper's data and load it again
  -h, --help           print this help
";

/// A command line that could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// `--help` was given: print [`USAGE`] and exit successfully.
    #[error("help requested")]
    Help,
    /// A flag that this program does not know.
    #[error("unknown option {0:?}: run with --help to list the options")]
    UnknownOption(String),
    /// A flag given without its value.
    #[error("option {0} needs a value: run with --help for an example")]
    MissingValue(String),
    /// A value that does not parse.
    #[error("{name} {value:?} is invalid: {expected}")]
    InvalidValue {
        name: String,
        value: String,
        expected: &'static str,
    },
}

impl Config {
    /// Reads the settings from the process's arguments and environment.
    ///
    /// # Errors
    ///
    /// See [`Config::from_sources`].
    pub fn from_env_and_args() -> Result<Config, ConfigError> {
        Config::from_sources(std::env::args_os().skip(1), |name| std::env::var(name).ok())
    }

    /// Reads the settings from `args` (without the program name) and an environment
    /// lookup, with the precedence flag > environment variable > default.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Help`] for `--help`, the other variants for an unknown flag, a
    /// missing value or a value that does not parse.
    pub fn from_sources<I, E>(args: I, env: E) -> Result<Config, ConfigError>
    where
        I: IntoIterator<Item = OsString>,
        E: Fn(&str) -> Option<String>,
    {
        let flags = Flags::parse(args)?;

        let addr_text = flags
            .addr
            .clone()
            .or_else(|| env("CBEC_ADDR"))
            .unwrap_or_else(|| DEFAULT_ADDR.to_owned());
        let addr_source = if flags.addr.is_some() {
            "--addr"
        } else {
            "CBEC_ADDR"
        };
        let mut addr: SocketAddr = addr_text.parse().map_err(|_| ConfigError::InvalidValue {
            name: addr_source.to_owned(),
            value: addr_text.clone(),
            expected: "use HOST:PORT with a numeric host, such as 127.0.0.1:8080",
        })?;

        let port = match (&flags.port, flags.addr.is_some()) {
            (Some(port), _) => Some(("--port", port.clone())),
            (None, false) => env("CBEC_PORT").map(|port| ("CBEC_PORT", port)),
            (None, true) => None,
        };
        if let Some((name, text)) = port {
            let number: u16 = text.trim().parse().map_err(|_| ConfigError::InvalidValue {
                name: name.to_owned(),
                value: text.clone(),
                expected: "use a port number from 0 to 65535",
            })?;
            addr.set_port(number);
        }

        let database_url = flags
            .database_url
            .or_else(|| env("DATABASE_URL"))
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        let static_dir = flags
            .static_dir
            .or_else(|| env("CBEC_STATIC_DIR"))
            .unwrap_or_else(|| DEFAULT_STATIC_DIR.to_owned());
        let demo_data =
            flags.demo_data || env("CBEC_DEMO_DATA").is_some_and(|value| is_true(&value));

        Ok(Config {
            addr,
            database_url,
            static_dir: PathBuf::from(static_dir),
            demo_data,
            reset_demo: flags.reset_demo,
        })
    }
}

fn is_true(value: &str) -> bool {
    matches!(
        value.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "yes" | "on"
    )
}

/// The flags as given, before the environment fills the gaps.
#[derive(Default)]
struct Flags {
    addr: Option<String>,
    port: Option<String>,
    database_url: Option<String>,
    static_dir: Option<String>,
    demo_data: bool,
    reset_demo: bool,
}

impl Flags {
    fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Result<Flags, ConfigError> {
        let mut flags = Flags::default();
        let mut args = args
            .into_iter()
            .map(|arg| arg.to_string_lossy().into_owned());

        while let Some(arg) = args.next() {
            // Both `--flag value` and `--flag=value` are accepted.
            let (name, inline_value) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => {
                    (name.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            let mut value = || {
                inline_value
                    .clone()
                    .or_else(|| args.next())
                    .ok_or_else(|| ConfigError::MissingValue(name.clone()))
            };

            match name.as_str() {
                "-h" | "--help" => return Err(ConfigError::Help),
                "--addr" => flags.addr = Some(value()?),
                "--port" => flags.port = Some(value()?),
                "--database-url" => flags.database_url = Some(value()?),
                "--static-dir" => flags.static_dir = Some(value()?),
                "--demo-data" => flags.demo_data = true,
                "--reset-demo" => flags.reset_demo = true,
                _ => return Err(ConfigError::UnknownOption(arg)),
            }
        }
        Ok(flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(args: &[&str], env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_sources(args.iter().map(OsString::from), |name| {
            env.get(name).cloned()
        })
    }

    #[test]
    fn defaults() {
        let config = config(&[], &[]).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.static_dir, PathBuf::from("dist"));
        assert!(!config.demo_data);
        assert!(!config.reset_demo);
    }

    #[test]
    fn flag_beats_env_beats_default() {
        let env = [
            ("CBEC_ADDR", "127.0.0.1:9000"),
            ("DATABASE_URL", "postgres://env"),
            ("CBEC_DEMO_DATA", "1"),
        ];
        let from_env = config(&[], &env).unwrap();
        assert_eq!(from_env.addr.to_string(), "127.0.0.1:9000");
        assert_eq!(from_env.database_url, "postgres://env");
        assert!(from_env.demo_data);

        let from_flags = config(
            &["--addr", "0.0.0.0:7000", "--database-url=sqlite://x.db"],
            &env,
        )
        .unwrap();
        assert_eq!(from_flags.addr.to_string(), "0.0.0.0:7000");
        assert_eq!(from_flags.database_url, "sqlite://x.db");
    }

    #[test]
    fn port_overrides_the_address_port() {
        assert_eq!(
            config(&["--port", "0"], &[]).unwrap().addr.to_string(),
            "127.0.0.1:0"
        );
        assert_eq!(
            config(&[], &[("CBEC_PORT", "8123")])
                .unwrap()
                .addr
                .to_string(),
            "127.0.0.1:8123"
        );
        let flag_addr = config(&["--addr", "127.0.0.1:7000"], &[("CBEC_PORT", "8123")]).unwrap();
        assert_eq!(flag_addr.addr.port(), 7000);
        let both = config(&["--addr", "127.0.0.1:7000", "--port", "7001"], &[]).unwrap();
        assert_eq!(both.addr.port(), 7001);
    }

    #[test]
    fn bad_command_lines() {
        assert_eq!(config(&["--help"], &[]), Err(ConfigError::Help));
        assert_eq!(
            config(&["--bogus"], &[]),
            Err(ConfigError::UnknownOption("--bogus".into()))
        );
        assert_eq!(
            config(&["--addr"], &[]),
            Err(ConfigError::MissingValue("--addr".into()))
        );
        assert!(matches!(
            config(&["--port", "99999"], &[]),
            Err(ConfigError::InvalidValue { .. })
        ));
        assert!(matches!(
            config(&[], &[("CBEC_ADDR", "localhost")]),
            Err(ConfigError::InvalidValue { .. })
        ));
    }
}
