//! The CI recipes in examples/ci install a pinned poam and cache it under a key that
//! changes with the pin (a cache keyed on a constant keeps a stale binary forever).

use std::path::Path;

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/ci")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value of `KEY: value` on its own line (comments after `#` dropped).
fn setting<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.split(" #").next().unwrap_or(v).trim())
        .collect()
}

#[test]
fn github_actions_pins_the_version_and_keys_the_cache_on_it() {
    let yml = example("github-actions.yml");
    // The pin is this crate's release tag.
    assert_eq!(
        setting(&yml, "POAM_VERSION"),
        [format!("v{}", env!("CARGO_PKG_VERSION")).as_str()]
    );
    assert_eq!(
        setting(&yml, "key"),
        ["poam-${{ runner.os }}-${{ env.POAM_VERSION }}"]
    );
    let installs: Vec<&str> = yml
        .lines()
        .filter(|l| l.contains("cargo install"))
        .collect();
    assert_eq!(installs.len(), 1, "{installs:?}");
    for flag in ["--locked", "--git \"$POAM_GIT\"", "--tag \"$POAM_VERSION\""] {
        assert!(installs[0].contains(flag), "{flag}: {}", installs[0]);
    }
    // Installed only when the cache for this version missed.
    assert!(yml.contains("if: steps.cache-poam.outputs.cache-hit != 'true'"));
}

#[test]
fn gitlab_ci_pins_the_version_and_keys_the_cache_on_it() {
    let yml = example("gitlab-ci.yml");
    assert_eq!(
        setting(&yml, "POAM_VERSION"),
        [format!("v{}", env!("CARGO_PKG_VERSION")).as_str()]
    );
    assert_eq!(setting(&yml, "key"), ["poam-$POAM_VERSION"]);
    let install = yml
        .lines()
        .find(|l| l.contains("cargo install"))
        .expect("an install line");
    for flag in ["--locked", "--tag \"$POAM_VERSION\""] {
        assert!(install.contains(flag), "{flag}: {install}");
    }
}
