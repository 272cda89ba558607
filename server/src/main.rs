use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use letterbox_server::Config;

/// Letterbox server: the residents' API and the built app.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory for the SQLite database (created if missing).
    #[arg(long, default_value = "./data")]
    data_dir: PathBuf,
    /// Directory of the built app to serve.
    #[arg(long, default_value = "./dist")]
    dist: PathBuf,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    letterbox_server::init_tracing();
    let args = Args::parse();
    let config = Config {
        addr: args.addr,
        data_dir: args.data_dir,
        dist: args.dist,
    };
    match letterbox_server::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("letterbox-server stopped: {e:#}");
            eprintln!("letterbox-server: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
