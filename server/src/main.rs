//! The `letterbox-server` command: serves the API, the desk and the app,
//! manages staff accounts (`staff add|passwd|disable|list`), or erases a
//! case's personal data at a resident's request (`erase --case`).

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use letterbox_core::limits;
use letterbox_server::client::{ForwardedHeader, Network, TrustedProxies};
use letterbox_server::edge::{Edge, PublicOrigin};
use letterbox_server::guard::ServerLimits;
use letterbox_server::quota::QuotaLimits;
use letterbox_server::staff::accounts::{self, NewStaff};
use letterbox_server::{erasure, AppState, Clock, Config, LogFormat, Migrations, Storage};

/// Letterbox server: the residents' API, the staff desk and the built app.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory for the SQLite database (created if missing), the photos
    /// and the query-code key.
    #[arg(long, default_value = "./data")]
    data_dir: PathBuf,
    /// PostgreSQL instead of SQLite, e.g. postgres://letterbox@db/letterbox
    /// (for several instances side by side).
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
    /// The query-code key every instance reads (32 bytes, e.g. a mounted
    /// secret). Without it: <data-dir>/query-code.key, made on first start.
    #[arg(long, env = "LETTERBOX_QUERY_KEY_FILE")]
    query_key_file: Option<PathBuf>,
    /// Photos in an S3-compatible bucket every instance reaches, e.g.
    /// s3://letterbox-photos/city (endpoint, region and credentials from
    /// AWS_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
    /// Without it: <data-dir>/photos.
    #[arg(long, env = "LETTERBOX_PHOTOS")]
    photos: Option<String>,
    /// Serve Prometheus metrics on this address (e.g. 127.0.0.1:9090),
    /// apart from the public one.
    #[arg(long)]
    metrics_addr: Option<SocketAddr>,
    /// Log lines as text, or as one JSON object per line.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// With PostgreSQL: apply the server's migrations before serving.
    /// Without it an instance only checks the schema and refuses to start
    /// on one older or newer than itself (see `migrate`).
    #[arg(long)]
    migrate: bool,
    /// Directory of the built app to serve.
    #[arg(long, default_value = "./dist")]
    dist: PathBuf,
    #[command(flatten)]
    quotas: QuotaFlags,
    #[command(flatten)]
    limits: LimitFlags,
    /// The origin browsers use, e.g. https://letterbox.example.gov.cn.
    /// With https, the desk's cookie is Secure and HSTS is sent; desk forms
    /// must come from this origin.
    #[arg(long)]
    public_origin: Option<PublicOrigin>,
    /// The desk's own origin, e.g. https://desk.letterbox.example.gov.cn:
    /// the desk then answers only on that host name (its cookie a
    /// `__Host-` one over https), and the app and the API only on others.
    #[arg(long)]
    desk_origin: Option<PublicOrigin>,
    /// A proxy (address or network, e.g. 10.0.0.0/8) whose forwarded
    /// header names the client; repeat for several. Without it the socket
    /// peer is the client.
    #[arg(long = "trusted-proxy")]
    trusted_proxies: Vec<Network>,
    /// The header the trusted proxies write: x-forwarded-for or forwarded.
    #[arg(long, default_value = "x-forwarded-for")]
    forwarded_header: ForwardedHeader,
    /// Days a closed case keeps its petitioner's identity and photos;
    /// after that, both are removed (checked at start and hourly). 0 keeps
    /// them (docs/security.md, "What a resident can ask for").
    #[arg(long, default_value_t = 0)]
    retention_days: u32,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Quotas against hostile clients (docs/security.md); 0 means no limit.
#[derive(clap::Args, Debug)]
struct QuotaFlags {
    /// Device registrations one client address may make at once.
    #[arg(long, default_value_t = limits::DEVICE_REGISTRATION_BURST)]
    registration_burst: u32,
    /// Device registrations per client address per hour after the burst.
    #[arg(long, default_value_t = limits::DEVICE_REGISTRATIONS_PER_HOUR)]
    registrations_per_hour: u32,
    /// New petitions per device per day (China time).
    #[arg(long, default_value_t = limits::PETITIONS_PER_DEVICE_PER_DAY)]
    petitions_per_day: u32,
    /// New requests about cases per device per day (China time).
    #[arg(long, default_value_t = limits::FOLLOW_UPS_PER_DEVICE_PER_DAY)]
    follow_ups_per_day: u32,
    /// Campaign answers per device per day (China time).
    #[arg(long, default_value_t = limits::CAMPAIGN_ANSWERS_PER_DEVICE_PER_DAY)]
    campaign_answers_per_day: u32,
}

impl QuotaFlags {
    fn limits(&self) -> QuotaLimits {
        QuotaLimits {
            registration_burst: self.registration_burst,
            registrations_per_hour: self.registrations_per_hour,
            petitions_per_day: self.petitions_per_day,
            follow_ups_per_day: self.follow_ups_per_day,
            campaign_answers_per_day: self.campaign_answers_per_day,
        }
    }
}

/// What every request is held to (docs/security.md).
#[derive(clap::Args, Debug)]
struct LimitFlags {
    /// Requests worked on at once; more are answered 503 at once.
    #[arg(long, default_value_t = limits::CONCURRENT_REQUESTS_MAX)]
    max_concurrent_requests: u32,
    /// Seconds a request body may pause before the request is answered 408.
    #[arg(long, default_value_t = limits::REQUEST_BODY_IDLE_SECS)]
    body_idle_secs: u64,
    /// Seconds a whole request may take before it is answered 408.
    #[arg(long, default_value_t = limits::REQUEST_TIMEOUT_SECS)]
    request_timeout_secs: u64,
    /// Seconds requests in flight get to finish after SIGTERM or Ctrl-C.
    #[arg(long, default_value_t = limits::SHUTDOWN_GRACE_SECS)]
    shutdown_grace_secs: u64,
}

impl LimitFlags {
    fn limits(&self) -> ServerLimits {
        ServerLimits {
            concurrent_requests: self.max_concurrent_requests,
            body_idle: Duration::from_secs(self.body_idle_secs),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            shutdown_grace: Duration::from_secs(self.shutdown_grace_secs),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Brings the database's schema up to date and exits: run once, from
    /// one instance, before starting a new version (docs/deploy.md).
    Migrate,
    /// Manage staff accounts.
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Erases a case's petitioner identity, photos, phone link and
    /// followers at a request the resident made in person; the case's
    /// content and history stay (the office must keep them).
    Erase {
        /// The case number, e.g. 2026-000123.
        #[arg(long = "case")]
        case_number: String,
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

/// Where this server keeps what it stores, from its flags; the schema is
/// checked, or migrated with `--migrate`.
fn storage(args: &Args) -> Storage {
    Storage {
        data_dir: args.data_dir.clone(),
        database_url: args.database_url.clone(),
        migrations: if args.migrate {
            Migrations::Apply
        } else {
            Migrations::Check
        },
        query_key_file: args.query_key_file.clone(),
        photos: args.photos.clone(),
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let mut args = Args::parse();
    letterbox_server::init_tracing(args.log_format);
    let command = match args.command.take() {
        None => return serve(args).await,
        Some(command) => command,
    };
    let done = match command {
        // The schema only: no key is read or recorded here, so the first
        // instance to start records the key all of them share.
        Command::Migrate => letterbox_server::Db::open_at(
            &args.data_dir,
            args.database_url.as_deref(),
            Migrations::Apply,
        )
        .await
        .map(|_| "the database is up to date".to_owned())
        .map_err(|e| e.to_string()),
        Command::Staff { command } => {
            async {
                let state = command_state(&args).await?;
                staff(&state, command).await.map_err(|e| e.to_string())
            }
            .await
        }
        Command::Erase { case_number } => {
            async {
                let state = command_state(&args).await?;
                erasure::erase_case(&state, &case_number)
                    .await
                    .map(|erased| erased_message(&erased))
                    .map_err(|e| e.to_string())
            }
            .await
        }
    };
    match done {
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

/// The state a command that reads or changes records works on, opened as
/// the server would open it.
async fn command_state(args: &Args) -> Result<AppState, String> {
    AppState::open_with(&storage(args), args.dist.clone(), Clock::System)
        .await
        .map_err(|e| e.to_string())
}

fn erased_message(erased: &erasure::Erased) -> String {
    let identity = if erased.had_identity {
        "the petitioner's identity"
    } else {
        "no identity (none was given)"
    };
    format!(
        "case {}: erased {identity}, {} photo(s), the sending phone's link and its followers; \
         the case's content and history are kept, and the audit log records the erasure",
        erased.case_number, erased.photos
    )
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
    if let (Some(desk), Some(public)) = (&args.desk_origin, &args.public_origin) {
        if desk.host() == public.host() {
            eprintln!(
                "letterbox-server: --desk-origin must name another host than --public-origin"
            );
            return std::process::ExitCode::FAILURE;
        }
    }
    let config = Config {
        addr: args.addr,
        metrics_addr: args.metrics_addr,
        storage: storage(&args),
        dist: args.dist,
        quotas: args.quotas.limits(),
        limits: args.limits.limits(),
        retention_days: args.retention_days,
        edge: Edge {
            public_origin: args.public_origin,
            desk_origin: args.desk_origin,
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
