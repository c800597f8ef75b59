//! `poam completions SHELL` and `poam man`: generated from the clap definition, so they
//! never drift from the real flags.

use crate::cli::Cli;
use clap::CommandFactory;
use clap_complete::Shell;
use std::path::Path;

/// The completion script for `shell`. Generated into memory first: `clap_complete::generate`
/// panics when writing straight to a closed pipe (`poam completions bash | head`,
/// notes/crates.md §4); `emit` ignores a broken pipe instead.
pub fn completion_script(shell: Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "poam", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// The man pages: `poam(1)` and one page per subcommand at every depth (`poam-validate(1)`,
/// `poam-evidence-hash(1)` …), each as (file name, roff). clap_mangen renders one page per
/// command, so the tree is walked here.
pub fn man_pages() -> anyhow::Result<Vec<(String, String)>> {
    let mut cmd = Cli::command();
    // After `build()` every subcommand's display name is its page title (`poam-validate`,
    // `poam-evidence-hash`).
    cmd.build();
    let mut pages = Vec::new();
    add_pages(&cmd, &mut pages)?;
    Ok(pages)
}

fn add_pages(cmd: &clap::Command, pages: &mut Vec<(String, String)>) -> anyhow::Result<()> {
    let page = cmd.clone().version(env!("CARGO_PKG_VERSION"));
    let name = page
        .get_display_name()
        .unwrap_or_else(|| page.get_name())
        .to_owned();
    let mut buf = Vec::new();
    clap_mangen::Man::new(page).render(&mut buf)?;
    pages.push((
        format!("{name}.1"),
        String::from_utf8_lossy(&buf).into_owned(),
    ));
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        add_pages(sub, pages)?;
    }
    Ok(())
}

/// Every man page in one text, separated by blank lines (`poam man | man -l -`).
pub fn man_page() -> anyhow::Result<String> {
    let pages = man_pages()?;
    let texts: Vec<&str> = pages.iter().map(|(_, text)| text.as_str()).collect();
    Ok(texts.join("\n"))
}

pub fn completions(shell: Shell) -> anyhow::Result<i32> {
    super::emit(None, &completion_script(shell))?;
    Ok(0)
}

/// `poam man`: every page on standard output; `poam man --dir DIR`: one file per page,
/// ready for `MANPATH` (DIR is created when missing).
pub fn man(dir: Option<&Path>) -> anyhow::Result<i32> {
    let Some(dir) = dir else {
        super::emit(None, &man_page()?)?;
        return Ok(0);
    };
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create the folder {}: {e}", dir.display()))?;
    for (name, text) in man_pages()? {
        let path = dir.join(&name);
        std::fs::write(&path, text)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    }
    Ok(0)
}
