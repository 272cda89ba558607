//! The real server binary as a process.

use std::io::{BufRead, BufReader};
use std::process::Child;

/// The address a server started with `--addr 127.0.0.1:0` and a piped
/// standard output prints first (`listening on http://…`).
pub fn base_url(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("the server's stdout is piped");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    line.trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
        .to_owned()
}
