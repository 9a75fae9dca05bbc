//! Configuration from flags and environment variables (documented in `.env.sample`).

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// `portal-server [flags]` serves; `portal-server staff add ...` manages staff.
#[derive(Debug, Clone, Parser)]
#[command(name = "portal-server", version, about = "Civil-affairs self-service portal server")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Staff accounts (registry clerks, organisers, administrators).
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Encryption keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Statutory rest days (public holidays and make-up working days).
    #[command(subcommand, name = "rest-days")]
    RestDays(RestDaysCommand),
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum KeysCommand {
    /// Rewrites every encrypted ID number with the current key (PORTAL_KEY or the key file)
    /// and recomputes its lookup hash, reading old rows with PORTAL_OLD_KEYS. All or nothing.
    Rotate,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum RestDaysCommand {
    /// Loads a rest-day file (`day,kind,note` lines, kind holiday or workday), e.g. next
    /// year's State Council notice; existing days are updated.
    Import { file: PathBuf },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum StaffCommand {
    /// Grants a role to the account of a mobile number (created if needed). They then sign in
    /// with that number like anyone else.
    Add {
        #[arg(long)]
        phone: String,
        /// clerk, organiser or admin
        #[arg(long)]
        role: String,
        /// The office (clerk) or organisation (organiser) code; empty for admin.
        #[arg(long, visible_alias = "office", visible_alias = "org", default_value = "")]
        scope: String,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Database: `sqlite://<path>` (default, file created if missing) or `postgres://...`.
    /// When unset, `<data-dir>/portal.db` is used.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,

    /// Address to listen on.
    #[arg(long, env = "PORTAL_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// Directory for the SQLite database and other local files.
    #[arg(long, env = "PORTAL_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Directory holding the built app (`dist/` from `cargo xtask build`).
    #[arg(long, env = "PORTAL_STATIC_DIR", default_value = "./dist")]
    pub static_dir: PathBuf,

    /// Directory of benefit policy files (`<region>.toml`), served to the app as JSON.
    #[arg(long, env = "PORTAL_POLICY_DIR", default_value = "./policies")]
    pub policy_dir: PathBuf,

    /// Log filter, e.g. `info` or `portal_server=debug,tower_http=debug`.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log: String,

    /// Load the demo data (idempotent) at start-up.
    #[arg(long, env = "PORTAL_DEMO", default_value_t = false)]
    pub demo: bool,

    /// Requests taking longer than this many seconds are answered with 408.
    #[arg(long, env = "PORTAL_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "PORTAL_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// Development mode, for `cargo xtask serve` and tests only: the session cookie is
    /// `portal_dev_session` without `Secure` (plain http on localhost), the SMS outbox is readable at
    /// `/api/dev/outbox`, and a missing encryption key file is generated.
    #[arg(long, env = "PORTAL_DEV", default_value_t = false)]
    pub dev: bool,

    /// Encryption key for personal data: 128 hex characters (64 bytes). Prefer `--key-file`.
    #[arg(long, env = "PORTAL_KEY", hide_env_values = true)]
    pub key: Option<String>,

    /// Old encryption keys (hex, comma-separated): read, never written, until
    /// `portal-server keys rotate` has rewritten every row with the current key.
    #[arg(long, env = "PORTAL_OLD_KEYS", hide_env_values = true, value_delimiter = ',')]
    pub old_keys: Vec<String>,

    /// File holding the encryption key (128 hex characters). Default: `<data-dir>/portal.key`.
    #[arg(long, env = "PORTAL_KEY_FILE")]
    pub key_file: Option<PathBuf>,

    /// Production SMS gateway (`http://` or `https://` URL); required unless `--dev`.
    #[arg(long, env = "PORTAL_SMS_URL")]
    pub sms_url: Option<String>,

    /// Bearer token for the SMS gateway.
    #[arg(long, env = "PORTAL_SMS_TOKEN", hide_env_values = true, default_value = "")]
    pub sms_token: String,

    /// Identity-verification gateway (`http://` or `https://` URL): checks that a real name, ID number and
    /// mobile number belong together. Unset in production: residents are verified at a counter.
    #[arg(long, env = "PORTAL_IDV_URL")]
    pub idv_url: Option<String>,

    /// A PEM file of certificate authorities trusted for `https://` gateways besides
    /// Mozilla's (an operator's private CA).
    #[arg(long, env = "PORTAL_GATEWAY_CA_FILE")]
    pub gateway_ca_file: Option<PathBuf>,

    /// Bearer token for the identity-verification gateway.
    #[arg(long, env = "PORTAL_IDV_TOKEN", hide_env_values = true, default_value = "")]
    pub idv_token: String,

    /// Take the client address from `X-Forwarded-For` (only behind a trusted reverse proxy).
    #[arg(long, env = "PORTAL_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,

    /// Requests handled at once; more are answered 503 with Retry-After at once.
    #[arg(long, env = "PORTAL_MAX_IN_FLIGHT", default_value_t = 1024)]
    pub max_in_flight: usize,

    /// How many trusted proxies append to `X-Forwarded-For` (the client is that many entries
    /// from the right).
    #[arg(long, env = "PORTAL_PROXY_HOPS", default_value_t = 1)]
    pub proxy_hops: usize,

    /// No-shows that block booking (the registry practice: 2 within 30 days block 15 days).
    #[arg(long, env = "PORTAL_NO_SHOW_THRESHOLD", default_value_t = 2)]
    pub no_show_threshold: usize,

    /// The window, in days, in which no-shows count towards a block.
    #[arg(long, env = "PORTAL_NO_SHOW_WITHIN_DAYS", default_value_t = 30)]
    pub no_show_within_days: i64,

    /// How many days a block lasts, from the latest no-show.
    #[arg(long, env = "PORTAL_NO_SHOW_BLOCK_DAYS", default_value_t = 15)]
    pub no_show_block_days: i64,

    /// The portal's public address (`https://portal.example.gov.cn`), for links in text
    /// messages (the partner's confirmation link). Unset: texts name the page instead; in
    /// development it defaults to `http://<bind>`.
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Database connection pool size.
    #[arg(long, env = "PORTAL_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,
}

impl Config {
    /// Refuses a configuration in which a development server could pass for a production one,
    /// or a production server could leak sign-in codes. Dev mode (`/api/dev/*`, the plain-http
    /// cookie, the adjustable clock) runs only on a loopback address, on SQLite and with no SMS
    /// gateway; production needs an SMS gateway (codes must never go only to a log).
    pub fn check_mode(&self) -> Result<(), String> {
        let postgres = self.effective_database_url().starts_with("postgres");
        let set = |u: &Option<String>| u.as_deref().is_some_and(|u| !u.trim().is_empty());
        let gateway = set(&self.sms_url) || set(&self.idv_url);
        if self.dev {
            let mut why = Vec::new();
            if !self.bind.ip().is_loopback() {
                why.push(format!(
                    "it would listen on {}, which is not a loopback address",
                    self.bind
                ));
            }
            if postgres {
                why.push("the database is PostgreSQL".to_owned());
            }
            if gateway {
                why.push("a gateway is configured (PORTAL_SMS_URL or PORTAL_IDV_URL)".to_owned());
            }
            if !why.is_empty() {
                return Err(format!(
                    "development mode (--dev / PORTAL_DEV) refuses to start because {}. Dev mode \
                     exposes /api/dev/* and a session cookie without Secure; it is for a \
                     developer's machine only.",
                    why.join(" and ")
                ));
            }
            return Ok(());
        }
        if let Some(url) = self.idv_url.as_deref().map(str::trim).filter(|u| !u.is_empty())
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(format!("PORTAL_IDV_URL must be an http:// or https:// URL (got {url:?})"));
        }
        match self.sms_url.as_deref().map(str::trim) {
            None | Some("") => Err("no SMS gateway is configured: set PORTAL_SMS_URL (and \
                 PORTAL_SMS_TOKEN). A production server refuses to start without one, because \
                 sign-in codes must never go to a log. For a developer's machine use --dev."
                .to_owned()),
            Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
                Err(format!("PORTAL_SMS_URL must be an http:// or https:// URL (got {url:?})"))
            }
            Some(_) => Ok(()),
        }
    }

    pub fn effective_key_file(&self) -> PathBuf {
        self.key_file.clone().unwrap_or_else(|| self.data_dir.join("portal.key"))
    }

    /// The database URL in effect: the explicit one, or the SQLite file under the data directory.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!("sqlite://{}", self.data_dir.join("portal.db").display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str]) -> Config {
        let mut all = vec!["portal-server"];
        all.extend_from_slice(args);
        Cli::try_parse_from(all).expect("flags").config
    }

    #[test]
    fn dev_mode_runs_only_on_loopback_sqlite_without_a_gateway() {
        assert_eq!(config(&["--dev"]).check_mode(), Ok(()));
        assert_eq!(config(&["--dev", "--bind", "[::1]:8080"]).check_mode(), Ok(()));
        for (args, why) in [
            (&["--dev", "--bind", "0.0.0.0:8080"][..], "not a loopback address"),
            (&["--dev", "--bind", "192.168.1.5:80"][..], "not a loopback address"),
            (&["--dev", "--database-url", "postgres://x@127.0.0.1/p"][..], "PostgreSQL"),
            (&["--dev", "--sms-url", "http://127.0.0.1:9/send"][..], "gateway"),
            (&["--dev", "--idv-url", "http://127.0.0.1:9/check"][..], "gateway"),
        ] {
            let err = config(args).check_mode().expect_err("refused");
            assert!(err.contains(why), "{args:?}: {err}");
        }
    }

    #[test]
    fn production_needs_an_sms_gateway() {
        let err = config(&[]).check_mode().expect_err("refused");
        assert!(err.contains("PORTAL_SMS_URL"), "{err}");
        assert!(config(&["--sms-url", " "]).check_mode().is_err());
        assert!(config(&["--sms-url", "ftp://gw/send"]).check_mode().is_err());
        assert_eq!(config(&["--sms-url", "http://10.0.0.2/send"]).check_mode(), Ok(()));
        assert_eq!(config(&["--sms-url", "https://sms.example.cn/send"]).check_mode(), Ok(()));
        let on_pg = ["--sms-url", "http://gw/send", "--database-url", "postgres://p@db/portal"];
        assert_eq!(config(&on_pg).check_mode(), Ok(()));
        let idv = ["--sms-url", "http://gw/send", "--idv-url", "ftp://idv/check"];
        assert!(config(&idv).check_mode().is_err());
    }
}
