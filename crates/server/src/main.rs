//! `portal-server`: parse the configuration, then hand over to the library.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = portal_server::config::Config::parse();
    portal_server::init_tracing(&config.log);
    match portal_server::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("portal-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
