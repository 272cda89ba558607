//! The `letterbox-server` command: serves the API, the desk and the app,
//! or manages staff accounts (`staff add|passwd|disable|list`).

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use letterbox_server::client::{ForwardedHeader, Network, TrustedProxies};
use letterbox_server::edge::{Edge, PublicOrigin};
use letterbox_server::staff::accounts::{self, NewStaff};
use letterbox_server::{AppState, Clock, Config};

/// Letterbox server: the residents' API, the staff desk and the built app.
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
    /// The origin browsers use, e.g. https://letterbox.example.gov.cn.
    /// With https, the desk's cookie is Secure and HSTS is sent; desk forms
    /// must come from this origin.
    #[arg(long)]
    public_origin: Option<PublicOrigin>,
    /// A proxy (address or network, e.g. 10.0.0.0/8) whose forwarded
    /// header names the client; repeat for several. Without it the socket
    /// peer is the client.
    #[arg(long = "trusted-proxy")]
    trusted_proxies: Vec<Network>,
    /// The header the trusted proxies write: x-forwarded-for or forwarded.
    #[arg(long, default_value = "x-forwarded-for")]
    forwarded_header: ForwardedHeader,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Manage staff accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
}

#[derive(Subcommand, Debug)]
enum StaffCommand {
    /// Adds a staff account; the password is read from the first line of
    /// standard input, so it never appears in the process list.
    Add {
        #[arg(long)]
        username: String,
        /// Name shown in the desk.
        #[arg(long, default_value = "")]
        name: String,
        /// clerk, handler or supervisor.
        #[arg(long)]
        role: String,
        /// Department code (required for handlers), e.g. housing.
        #[arg(long)]
        department: Option<String>,
    },
    /// Sets a new password (read from standard input); open sessions end.
    Passwd {
        #[arg(long)]
        username: String,
    },
    /// Disables an account: no more sign-ins, open sessions end.
    Disable {
        #[arg(long)]
        username: String,
    },
    /// Lists the accounts.
    List,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    letterbox_server::init_tracing();
    let args = Args::parse();
    match args.command {
        None => serve(args).await,
        Some(Command::Staff { command }) => {
            let state = match AppState::open(&args.data_dir, args.dist, Clock::System).await {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("letterbox-server: {e}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            match staff(&state, command).await {
                Ok(message) => {
                    println!("{message}");
                    std::process::ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("letterbox-server: {e}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
    }
}

/// The first line of standard input: a password never appears in the
/// process list or the shell history.
fn read_password() -> Result<String, accounts::AccountError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|_| accounts::AccountError::Password)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn staff(state: &AppState, command: StaffCommand) -> Result<String, accounts::AccountError> {
    let now = letterbox_server::clock::rfc3339(state.clock.now());
    let db = &state.db.write;
    match command {
        StaffCommand::Add {
            username,
            name,
            role,
            department,
        } => {
            let password = read_password()?;
            let new = NewStaff {
                username: &username,
                display_name: &name,
                role: &role,
                department: department.as_deref(),
                password: &password,
            };
            let id = accounts::add(db, &state.catalogue, new, &now).await?;
            Ok(format!("added staff member {username} (id {id}, {role})"))
        }
        StaffCommand::Passwd { username } => {
            let password = read_password()?;
            accounts::set_password(db, &username, &password).await?;
            Ok(format!(
                "new password set for {username}; their sessions ended"
            ))
        }
        StaffCommand::Disable { username } => {
            accounts::disable(db, &username, &now).await?;
            Ok(format!("{username} is disabled; their sessions ended"))
        }
        StaffCommand::List => Ok(accounts::list(db).await?.join("\n")),
    }
}

async fn serve(args: Args) -> std::process::ExitCode {
    let config = Config {
        addr: args.addr,
        data_dir: args.data_dir,
        dist: args.dist,
        edge: Edge {
            public_origin: args.public_origin,
            proxies: std::sync::Arc::new(TrustedProxies::new(
                args.trusted_proxies,
                args.forwarded_header,
            )),
        },
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
