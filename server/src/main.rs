use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
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
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    letterbox_server::init_tracing();
    let args = Args::parse();
    match args.command {
        None => serve(args).await,
        Some(Command::Staff {
            command:
                StaffCommand::Add {
                    username,
                    name,
                    role,
                    department,
                },
        }) => {
            let mut password = String::new();
            if std::io::stdin().lock().read_line(&mut password).is_err() {
                eprintln!("letterbox-server: cannot read the password from standard input");
                return std::process::ExitCode::FAILURE;
            }
            let password = password.trim_end_matches(['\r', '\n']);
            let state = match AppState::open(&args.data_dir, args.dist, Clock::System).await {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("letterbox-server: {e}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            let now = letterbox_server::clock::rfc3339(state.clock.now());
            let new = NewStaff {
                username: &username,
                display_name: &name,
                role: &role,
                department: department.as_deref(),
                password,
            };
            match accounts::add(&state.db.write, &state.catalogue, new, &now).await {
                Ok(id) => {
                    println!("added staff member {username} (id {id}, {role})");
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

async fn serve(args: Args) -> std::process::ExitCode {
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
