//! `portal-server`: parse the configuration, then hand over to the library.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = portal_server::config::Cli::parse();
    portal_server::init_tracing(&cli.config.log);
    let result = match cli.command {
        None => portal_server::run(cli.config).await,
        Some(command) => portal_server::admin_command(cli.config, command).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("portal-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
