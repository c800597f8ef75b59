//! `poam completions SHELL` and `poam man`: generated from the clap definition, so they
//! never drift from the real flags.

use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;

/// The completion script for `shell`. Generated into memory first: `clap_complete::generate`
/// panics when writing straight to a closed pipe (`poam completions bash | head`,
/// notes/crates.md §4); `emit` ignores a broken pipe instead.
pub fn completion_script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "poam", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The man page: `poam(1)` followed by one page per subcommand (`poam-validate(1)` …),
/// since clap_mangen renders one page per command.
pub fn man_page() -> anyhow::Result<String> {
    let mut cmd = Cli::command();
    cmd.build();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        // After `build()` a subcommand's display name is `poam-validate`: its page title.
        buf.push(b'\n');
        let page = sub.clone().version(env!("CARGO_PKG_VERSION"));
        clap_mangen::Man::new(page).render(&mut buf)?;
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

pub fn completions(shell: Shell) -> anyhow::Result<i32> {
    super::emit(None, &completion_script(shell))?;
    Ok(0)
}

pub fn man() -> anyhow::Result<i32> {
    super::emit(None, &man_page()?)?;
    Ok(0)
}
