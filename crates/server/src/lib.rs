//! The portal server as a library: `app(state)` builds the whole router so tests drive it
//! in-process, and `run(config)` serves it.

pub mod account;
pub mod audit;
pub mod benefits;
pub mod booking;
pub mod calendar;
pub mod charities;
pub mod clock;
pub mod coalesce;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod error;
pub mod extract;
pub mod gateway;
pub mod identity;
pub mod keys;
pub mod limits;
pub mod meta;
pub mod outbox;
pub mod sms;
pub mod spreadsheet;
pub mod volunteering;
pub mod web;

use axum::Router;
use axum::routing::{any, get, post};
use clock::Clock;
use config::Config;
use db::Db;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Everything a handler may need. Cheap to clone; holds no per-user state, so several servers
/// can share one PostgreSQL database.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub policies: Arc<benefits::PolicyStore>,
    pub clock: Arc<dyn clock::Clock>,
    pub crypto: Arc<crypto::Crypto>,
    pub sms: Arc<dyn sms::SmsSender>,
    pub identity: Arc<dyn identity::IdentityVerifier>,
    /// Lines written so far by the charity imports this server is running.
    pub imports: Arc<charities::imports::Progress>,
    /// Offices and their day plans between requests, checked against the database's version.
    pub booking_cache: Arc<booking::cache::Cache>,
}

impl AppState {
    /// Today at the registry offices (China Standard Time, UTC+8, no daylight saving).
    pub fn office_today(&self) -> portal_api::ids::Date {
        portal_api::calendar::office_local(self.clock.now()).0
    }
}

/// The parts of the configuration the router needs.
#[derive(Debug, Clone)]
pub struct Settings {
    pub static_dir: PathBuf,
    pub demo: bool,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// `__Host-session` with `Secure` (production) or the plain-http dev cookie.
    pub cookie_secure: bool,
    /// Expose `/api/dev/outbox` (dev and tests only).
    pub dev_outbox: bool,
    /// Trusted reverse proxies in front of the server (0: none; use the socket peer).
    pub proxy_hops: usize,
    /// Requests in flight before the server answers 503 at once (load shedding).
    pub max_in_flight: usize,
    /// No-show rule: (threshold, within days, block days).
    pub no_show: (usize, i64, i64),
    /// The portal's public address without a trailing slash, for links in text messages.
    pub public_url: Option<String>,
}

impl Settings {
    pub fn from_config(config: &Config) -> Settings {
        Settings {
            static_dir: config.static_dir.clone(),
            demo: config.demo,
            request_timeout: Duration::from_secs(config.request_timeout_secs),
            max_body_bytes: config.max_body_bytes,
            cookie_secure: !config.dev,
            dev_outbox: config.dev,
            proxy_hops: if config.trust_proxy { config.proxy_hops.max(1) } else { 0 },
            max_in_flight: config.max_in_flight,
            no_show: (
                config.no_show_threshold.max(1),
                config.no_show_within_days.max(1),
                config.no_show_block_days.max(0),
            ),
            public_url: config
                .public_url
                .clone()
                .or_else(|| config.dev.then(|| format!("http://{}", config.bind)))
                .map(|u| u.trim_end_matches('/').to_owned())
                .filter(|u| !u.is_empty()),
        }
    }
}

/// The whole HTTP surface: health checks, the JSON API and the app's static files.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/info", get(meta::routes::info))
        .route("/api/regions", get(meta::routes::regions))
        .route("/api/policies", get(benefits::routes::index))
        .route("/api/policies/{region}/{version}", get(benefits::routes::policy))
        .route("/api/openapi.json", get(web::openapi_json))
        .route("/api", any(web::api_not_found))
        .route("/api/{*rest}", any(web::api_not_found))
        .route("/api/auth/code", post(account::routes::request_code))
        .route("/api/auth/verify", post(account::routes::verify))
        .route("/api/auth/session", get(account::routes::session))
        .route("/api/auth/sign-out", post(account::routes::sign_out))
        .route("/api/auth/sign-out-everywhere", post(account::routes::sign_out_everywhere))
        .route("/api/me", get(account::routes::me).delete(account::routes::delete_me))
        .route("/api/me/real-name", post(account::identity::real_name))
        .route("/api/me/verify", post(account::identity::verify_again))
        .route("/api/clerk/identity", post(account::identity::counter_verify))
        .route("/api/me/data", get(account::routes::my_data))
        .route("/api/admin/audit", get(account::routes::audit_log))
        .route("/healthz", get(meta::routes::healthz))
        .route("/readyz", get(meta::routes::readyz))
        .merge(booking::router())
        .merge(charities::router())
        .merge(volunteering::router());
    let api = if state.settings.dev_outbox {
        api.route("/api/dev/outbox", get(account::routes::dev_outbox))
            .route("/api/dev/clock", post(account::routes::dev_clock))
            .route("/api/dev/policies", post(benefits::routes::dev_publish))
    } else {
        api
    };
    web::with_layers(api, &state.settings).with_state(state)
}

pub fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Db(#[from] db::DbInitError),
    #[error(transparent)]
    Policy(#[from] benefits::PolicyError),
    #[error(transparent)]
    Key(#[from] crypto::KeyError),
    #[error("{0}")]
    Usage(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot load demo data: {0}")]
    Demo(#[source] sqlx::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
}

/// Connects, migrates, optionally loads demo data, and serves until SIGTERM or ctrl-c.
pub async fn run(config: Config) -> Result<(), RunError> {
    config.check_mode().map_err(RunError::Usage)?;
    if let Some(file) = &config.gateway_ca_file {
        let pem =
            std::fs::read(file).map_err(|e| RunError::Usage(format!("{}: {e}", file.display())))?;
        let n = gateway::trust_ca_pem(&pem).map_err(RunError::Usage)?;
        tracing::info!(certificates = n, "gateway CA file loaded");
    }
    let url = config.effective_database_url();
    let db = Db::connect(&url, config.db_max_connections).await?;
    tracing::info!(engine = db.engine.name(), "database ready (migrations applied)");
    let rest_days = calendar::statutory_rest_days();
    calendar::load_rest_days(&db, &rest_days).await?;
    tracing::info!(count = rest_days.len(), "statutory rest days loaded");
    for year in calendar::fill_missing_years(&db, today()).await? {
        tracing::warn!(
            year,
            "NO STATE COUNCIL HOLIDAY NOTICE LOADED FOR {year}: only its fixed-date holidays \
             (1 Jan, 1-2 May, 1-3 Oct) close the offices. Load the notice with \
             `portal-server rest-days import FILE`."
        );
    }
    if config.demo {
        demo::load(&db).await.map_err(RunError::Demo)?;
        tracing::info!("demo data loaded");
    }
    let keyed = charities::db::keys::backfill(&db.pool).await?;
    if keyed > 0 {
        tracing::info!(count = keyed, "charity search keys added for older register entries");
    }
    if !config.static_dir.join("index.html").exists() {
        tracing::warn!(dir = %config.static_dir.display(), "no index.html: the app is not built; only the API is served");
    }
    let policies = benefits::PolicyStore::load(&config.policy_dir, today())?;
    tracing::info!(count = policies.index().len(), dir = %config.policy_dir.display(), "benefit policies loaded");
    let state = build_state(&config, db, policies)?;
    let stale = keys::stale_rows(&state.db, &state.crypto).await?;
    if stale > 0 {
        tracing::warn!(
            stale,
            key = state.crypto.key_id(),
            "ENCRYPTED ID NUMBERS WRITTEN WITH AN OLD KEY: run `portal-server keys rotate` (with PORTAL_OLD_KEYS) so lookups use the current key"
        );
    }
    booking::sweep::spawn(state.clone());
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| RunError::Bind { addr: config.bind, source })?;
    let addr = listener.local_addr().map_err(RunError::Serve)?;
    tracing::info!("portal listening on http://{addr}");
    println!("Portal ready: http://{addr}");
    // TCP_NODELAY: a small response on a kept-alive connection goes out at once instead of
    // waiting for the client's delayed ACK (static files were at 2,000/s with p50 44 ms).
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(RunError::Serve)?;
    tracing::info!("shut down cleanly");
    Ok(())
}

fn build_state(
    config: &Config,
    db: Db,
    policies: benefits::PolicyStore,
) -> Result<AppState, RunError> {
    let crypto =
        crypto::Crypto::load(config.key.as_deref(), &config.effective_key_file(), config.dev)?
            .with_old_keys(&config.old_keys)?;
    let sms: Arc<dyn sms::SmsSender> = match &config.sms_url {
        Some(url) if !url.trim().is_empty() => {
            Arc::new(sms::HttpGateway { url: url.clone(), token: config.sms_token.clone() })
        }
        // Only in dev mode: `Config::check_mode` refuses production without a gateway.
        _ => Arc::new(sms::LogSender { db: db.clone() }),
    };
    Ok(AppState {
        imports: Arc::default(),
        db,
        booking_cache: Arc::default(),
        settings: Arc::new(Settings::from_config(config)),
        policies: Arc::new(policies),
        clock: if config.dev {
            Arc::new(clock::OffsetClock::default())
        } else {
            Arc::new(clock::SystemClock)
        },
        crypto: Arc::new(crypto),
        sms,
        identity: match &config.idv_url {
            Some(url) if !url.trim().is_empty() => Arc::new(identity::HttpVerifier {
                url: url.clone(),
                token: config.idv_token.clone(),
            }),
            _ if config.dev => Arc::new(identity::DevVerifier),
            _ => {
                tracing::warn!(
                    "no identity-verification gateway (PORTAL_IDV_URL): residents are verified at a counter"
                );
                Arc::new(identity::NoVerifier)
            }
        },
    })
}

/// `portal-server staff add --phone ... --role ... --scope ...`
pub async fn admin_command(config: Config, command: config::Command) -> Result<(), RunError> {
    let db = Db::connect(&config.effective_database_url(), 2).await?;
    match command {
        config::Command::Keys(config::KeysCommand::Rotate) => {
            let crypto =
                crypto::Crypto::load(config.key.as_deref(), &config.effective_key_file(), false)?
                    .with_old_keys(&config.old_keys)?;
            let changed =
                keys::rotate(&db, &crypto).await.map_err(|e| RunError::Usage(e.to_string()))?;
            let now = clock::SystemClock.now();
            let object = format!("key:{} rows:{changed}", crypto.key_id());
            let event = audit::Event {
                actor_id: None,
                actor: "cli",
                action: "keys.rotated",
                object: &object,
                ip: "local",
            };
            audit::record(&db.pool, now, event).await?;
            println!("Rewrote {changed} encrypted ID numbers with key {}", crypto.key_id());
            Ok(())
        }
        config::Command::RestDays(config::RestDaysCommand::Import { file }) => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| RunError::Usage(format!("{}: {e}", file.display())))?;
            let days = calendar::parse_rest_days(&text)
                .map_err(|e| RunError::Usage(format!("{}: {e}", file.display())))?;
            calendar::load_rest_days(&db, &days).await?;
            println!("Loaded {} rest days from {}", days.len(), file.display());
            Ok(())
        }
        config::Command::Staff(config::StaffCommand::Add { phone, role, scope }) => {
            let phone = portal_api::ids::Mobile::parse(&phone)
                .map_err(|e| RunError::Usage(format!("--phone: {e}")))?;
            let role = portal_api::account::Role::parse(&role).ok_or_else(|| {
                RunError::Usage("--role must be clerk, organiser or admin".into())
            })?;
            if role != portal_api::account::Role::Admin && scope.trim().is_empty() {
                return Err(RunError::Usage(
                    "--scope (office or organisation code) is required for this role".into(),
                ));
            }
            let now = clock::SystemClock.now();
            let mut tx = db.pool.begin().await?;
            let id = account::db::account_for_phone(&mut tx, phone.as_str(), now).await?;
            tx.commit().await?;
            account::db::grant_role(&db, id, role, scope.trim()).await?;
            let object = format!("account:{id} role:{} scope:{}", role.as_str(), scope.trim());
            audit::record(
                &db.pool,
                now,
                audit::Event {
                    actor_id: None,
                    actor: "cli",
                    action: "staff.role_granted",
                    object: &object,
                    ip: "local",
                },
            )
            .await?;
            println!("Granted {} ({}) to {}", role.as_str(), scope.trim(), phone.as_str());
            Ok(())
        }
    }
}

/// Today's date in the server's local calendar (UTC+8 for a Chinese city), for checking that
/// every policy has its parameters in force.
pub fn today() -> portal_api::ids::Date {
    portal_api::calendar::office_local(clock::SystemClock.now()).0
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutdown signal received; finishing in-flight requests");
}
