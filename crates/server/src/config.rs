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
    /// Statutory rest days (public holidays and make-up working days).
    #[command(subcommand, name = "rest-days")]
    RestDays(RestDaysCommand),
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

    /// Directory holding the built app (Trunk's `dist/`).
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

    /// File holding the encryption key (128 hex characters). Default: `<data-dir>/portal.key`.
    #[arg(long, env = "PORTAL_KEY_FILE")]
    pub key_file: Option<PathBuf>,

    /// Production SMS gateway (http:// URL). Unset: codes go to the log only.
    #[arg(long, env = "PORTAL_SMS_URL")]
    pub sms_url: Option<String>,

    /// Bearer token for the SMS gateway.
    #[arg(long, env = "PORTAL_SMS_TOKEN", hide_env_values = true, default_value = "")]
    pub sms_token: String,

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
