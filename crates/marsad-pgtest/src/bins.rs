//! Finding PostgreSQL's programs: `initdb` and `pg_ctl` on `PATH`, else in Debian's versioned
//! folders (`/usr/lib/postgresql/<version>/bin`, newest version first).
//!
//! Debian's `postgresql` package puts only the client wrappers (`psql`, `pg_dump`) on `PATH`; the
//! server programs stay in the versioned folder, which is why that folder is searched too.

use std::cmp::Reverse;
use std::env;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Where Debian installs one folder per PostgreSQL major version.
pub(crate) const DEBIAN_VERSIONS: &str = "/usr/lib/postgresql";

/// The programs a cluster needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bins {
    /// The folder `initdb` really lives in (symbolic links resolved).
    pub dir: PathBuf,
    pub initdb: PathBuf,
    pub pg_ctl: PathBuf,
    /// `psql` next to `initdb`, else on `PATH`; only creating databases needs it.
    pub psql: Option<PathBuf>,
}

/// The programs of this machine, or `None` when `initdb` or `pg_ctl` is missing.
pub(crate) fn find() -> Option<Bins> {
    find_in(env::var_os("PATH").as_deref(), Path::new(DEBIAN_VERSIONS))
}

/// [`find`] over a given `PATH` and versions folder, so that tests can build both.
pub(crate) fn find_in(path: Option<&OsStr>, versions: &Path) -> Option<Bins> {
    let (initdb, pg_ctl) = match (on_path(path, "initdb"), on_path(path, "pg_ctl")) {
        (Some(initdb), Some(pg_ctl)) => (initdb, pg_ctl),
        _ => {
            let dir = newest_version(versions)?;
            (dir.join("initdb"), dir.join("pg_ctl"))
        }
    };
    // `/usr/local/bin/initdb` may be a link into a versioned folder: the real folder is where the
    // matching `pg_ctl`, `postgres` and `psql` live, so prefer them to whatever else `PATH` has.
    let initdb = fs::canonicalize(&initdb).unwrap_or(initdb);
    let dir = initdb.parent()?.to_path_buf();
    let pg_ctl = Some(dir.join("pg_ctl"))
        .filter(|p| is_executable(p))
        .unwrap_or(pg_ctl);
    let psql = Some(dir.join("psql"))
        .filter(|p| is_executable(p))
        .or_else(|| on_path(path, "psql"));
    Some(Bins {
        dir,
        initdb,
        pg_ctl,
        psql,
    })
}

/// The first executable file called `name` in the folders of `path`.
pub(crate) fn on_path(path: Option<&OsStr>, name: &str) -> Option<PathBuf> {
    env::split_paths(path?)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

/// `<versions>/<newest version>/bin` among the versions that have both `initdb` and `pg_ctl`.
fn newest_version(versions: &Path) -> Option<PathBuf> {
    let mut found: Vec<(Vec<u32>, PathBuf)> = fs::read_dir(versions)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = parse_version(entry.file_name().to_str()?)?;
            let bin = entry.path().join("bin");
            let complete = is_executable(&bin.join("initdb")) && is_executable(&bin.join("pg_ctl"));
            complete.then_some((version, bin))
        })
        .collect();
    found.sort_by_key(|(version, _)| Reverse(version.clone()));
    found.into_iter().next().map(|(_, bin)| bin)
}

/// `"15"` → `[15]`, `"9.6"` → `[9, 6]`: compared as numbers, so 15 is newer than 9.6.
fn parse_version(name: &str) -> Option<Vec<u32>> {
    name.split('.').map(|part| part.parse().ok()).collect()
}

fn is_executable(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Builds a fake file system under a fresh folder: every listed file is created executable,
    /// except those ending in `!`, which are created without the execute bits. Then `PATH` is
    /// `path_dirs` and the versions folder is `versions`, both relative to the fake root, and the
    /// expected folder and `psql` are relative to it too.
    fn check(
        files: &[&str],
        path_dirs: &[&str],
        expected_dir: Option<&str>,
        expected_psql: Option<&str>,
    ) {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let root = env::temp_dir().join(format!(
            "marsad-pgtest-bins-{}-{}",
            process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = fs::remove_dir_all(&root);
        for file in files {
            let (file, executable) = match file.strip_suffix('!') {
                Some(file) => (file, false),
                None => (*file, true),
            };
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "#!/bin/sh\n").unwrap();
            let mode = if executable { 0o755 } else { 0o644 };
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        }
        let root = fs::canonicalize(&root).unwrap();
        let path = env::join_paths(path_dirs.iter().map(|d| root.join(d))).unwrap();
        let found = find_in(Some(&path), &root.join("versions"));
        let _ = fs::remove_dir_all(&root);

        let relative = |p: &Path| p.strip_prefix(&root).unwrap().to_str().unwrap().to_owned();
        let dir = found.as_ref().map(|b| relative(&b.dir));
        let psql = found.as_ref().and_then(|b| b.psql.as_deref().map(relative));
        assert_eq!(
            (dir.as_deref(), psql.as_deref()),
            (expected_dir, expected_psql),
            "files {files:?}, PATH {path_dirs:?}"
        );
        if let Some(bins) = found {
            assert_eq!(bins.initdb, bins.dir.join("initdb"));
        }
    }

    #[test]
    fn path_comes_first() {
        check(
            &[
                "usr/bin/initdb",
                "usr/bin/pg_ctl",
                "versions/15/bin/initdb",
                "versions/15/bin/pg_ctl",
            ],
            &["usr/bin"],
            Some("usr/bin"),
            None,
        );
    }

    #[test]
    fn debian_versions_newest_first_as_numbers() {
        let files = [
            "versions/9.6/bin/initdb",
            "versions/9.6/bin/pg_ctl",
            "versions/15/bin/initdb",
            "versions/15/bin/pg_ctl",
            "versions/15/bin/psql",
            "versions/13/bin/initdb",
            "versions/13/bin/pg_ctl",
        ];
        check(
            &files,
            &["usr/bin"],
            Some("versions/15/bin"),
            Some("versions/15/bin/psql"),
        );
    }

    #[test]
    fn incomplete_or_non_executable_versions_are_passed_over() {
        let files = [
            "versions/16/bin/initdb",
            "versions/15/bin/initdb",
            "versions/15/bin/pg_ctl!",
            "versions/14/bin/initdb",
            "versions/14/bin/pg_ctl",
            "versions/common/bin/initdb",
            "versions/common/bin/pg_ctl",
        ];
        check(&files, &[], Some("versions/14/bin"), None);
    }

    #[test]
    fn psql_next_to_initdb_else_on_path() {
        let files = [
            "versions/15/bin/initdb",
            "versions/15/bin/pg_ctl",
            "usr/bin/psql",
        ];
        check(
            &files,
            &["usr/bin"],
            Some("versions/15/bin"),
            Some("usr/bin/psql"),
        );
    }

    #[test]
    fn nothing_found() {
        check(
            &["usr/bin/psql", "usr/bin/initdb"],
            &["usr/bin"],
            None,
            None,
        );
        check(
            &["usr/bin/initdb!", "usr/bin/pg_ctl!"],
            &["usr/bin"],
            None,
            None,
        );
    }

    #[test]
    fn links_are_resolved_to_the_versioned_folder() {
        use std::os::unix::fs::symlink;
        let root = env::temp_dir().join(format!("marsad-pgtest-links-{}", process::id()));
        let _ = fs::remove_dir_all(&root);
        let bin = root.join("versions/15/bin");
        fs::create_dir_all(&bin).unwrap();
        fs::create_dir_all(root.join("local")).unwrap();
        for name in ["initdb", "pg_ctl", "psql"] {
            fs::write(bin.join(name), "#!/bin/sh\n").unwrap();
            fs::set_permissions(bin.join(name), fs::Permissions::from_mode(0o755)).unwrap();
        }
        for name in ["initdb", "pg_ctl"] {
            symlink(bin.join(name), root.join("local").join(name)).unwrap();
        }
        let found = find_in(Some(root.join("local").as_os_str()), &root.join("none"));
        let bin = fs::canonicalize(&bin).unwrap();
        let _ = fs::remove_dir_all(&root);
        let found = found.unwrap();
        assert_eq!(found.dir, bin);
        assert_eq!(found.pg_ctl, bin.join("pg_ctl"));
        assert_eq!(found.psql, Some(bin.join("psql")));
    }
}
