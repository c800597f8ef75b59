//! `poam init-config [FILE] [--force]`: write the commented default `poam.toml`.

use crate::config::template;
use std::path::Path;

/// Write the default config to `path` (`poam.toml` unless given). An existing file is
/// kept unless `force`: it may hold an organisation's tuned settings.
pub fn run(path: &Path, force: bool) -> anyhow::Result<i32> {
    if path.exists() && !force {
        anyhow::bail!(
            "{} already exists: pass --force to overwrite it",
            path.display()
        );
    }
    std::fs::write(path, template::default_config())
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    anstream::eprintln!(
        "wrote {}: every setting at its default, commented. Edit it, then run `poam validate`.",
        path.display()
    );
    Ok(0)
}
