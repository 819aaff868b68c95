//! Who runs `initdb` and `pg_ctl`: this process, or an unprivileged user when it is root.
//!
//! PostgreSQL refuses to run as root ("cannot be run as root"), and tests often do (containers,
//! CI). Then the server programs run as `postgres` (Debian's package creates that user), else as
//! `nobody`, through `runuser` (util-linux, no password, no PAM authentication), else `setpriv`,
//! else `su`. Clients (`psql`) keep running as this process: the cluster trusts every connection.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bins;

/// How a server program is started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RunAs {
    /// This process is not root: run the programs directly.
    Me,
    /// This process is root: switch to `name` first.
    User {
        name: String,
        uid: u32,
        gid: u32,
        via: Via,
    },
}

/// The program that switches user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Via {
    Runuser(PathBuf),
    Setpriv(PathBuf),
    Su(PathBuf),
}

/// The users a root process hands the cluster to, in order of preference.
const USERS: [&str; 2] = ["postgres", "nobody"];

impl RunAs {
    /// Decides for this process. Panics when it is root and no user or no way to switch exists:
    /// the tests cannot run a server then, and skipping would hide it.
    pub(crate) fn detect() -> RunAs {
        if effective_uid() != Some(0) {
            return RunAs::Me;
        }
        let (name, uid, gid) = USERS
            .iter()
            .find_map(|name| Some((name.to_string(), id(&["-u", name])?, id(&["-g", name])?)))
            .unwrap_or_else(|| {
                panic!("PostgreSQL cannot run as root, and none of the users {USERS:?} exists")
            });
        let via = Via::available().into_iter().next().unwrap_or_else(|| {
            panic!(
                "PostgreSQL cannot run as root, and none of runuser, setpriv or su was found \
                 to run it as {name}"
            )
        });
        RunAs::User {
            name,
            uid,
            gid,
            via,
        }
    }

    /// A command that runs `program` with `args` as this user.
    pub(crate) fn command<I, S>(&self, program: &Path, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let RunAs::User {
            name,
            uid,
            gid,
            via,
        } = self
        else {
            let mut command = Command::new(program);
            command.args(args);
            return command;
        };
        match via {
            Via::Runuser(runuser) => {
                let mut command = Command::new(runuser);
                command.args(["-u", name, "--"]).arg(program).args(args);
                command
            }
            Via::Setpriv(setpriv) => {
                let mut command = Command::new(setpriv);
                command
                    .arg(format!("--reuid={uid}"))
                    .arg(format!("--regid={gid}"))
                    .args(["--clear-groups", "--"])
                    .arg(program)
                    .args(args);
                command
            }
            Via::Su(su) => {
                // `su` takes one shell command line, so every word is quoted for `sh`.
                let mut line = String::from("exec ");
                line.push_str(&shell_quote(program.as_os_str()));
                for arg in args {
                    line.push(' ');
                    line.push_str(&shell_quote(arg.as_ref()));
                }
                let mut command = Command::new(su);
                command.args(["-s", "/bin/sh", name, "-c", &line]);
                command
            }
        }
    }

    /// The owner to give the cluster's folder, when it is not this process.
    pub(crate) fn owner(&self) -> Option<(u32, u32)> {
        match self {
            RunAs::Me => None,
            RunAs::User { uid, gid, .. } => Some((*uid, *gid)),
        }
    }
}

impl Via {
    /// Every switching program found on `PATH` or in the system folders, best first.
    pub(crate) fn available() -> Vec<Via> {
        let find = |name: &str| {
            let path = std::env::var_os("PATH");
            bins::on_path(path.as_deref(), name).or_else(|| {
                ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
                    .iter()
                    .map(|dir| Path::new(dir).join(name))
                    .find(|p| p.is_file())
            })
        };
        let mut found = Vec::new();
        found.extend(find("runuser").map(Via::Runuser));
        found.extend(find("setpriv").map(Via::Setpriv));
        found.extend(find("su").map(Via::Su));
        found
    }
}

/// The effective user id, from `/proc/self/status` (Linux), else from `id -u`.
pub(crate) fn effective_uid() -> Option<u32> {
    let from_proc = fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            // "Uid:\treal\teffective\tsaved\tfilesystem"
            let line = status.lines().find(|l| l.starts_with("Uid:"))?;
            line.split_whitespace().nth(2)?.parse().ok()
        });
    from_proc.or_else(|| id(&["-u"]))
}

/// `id ARGS` as a number, or `None` when `id` fails (an unknown user).
fn id(args: &[&str]) -> Option<u32> {
    let output = Command::new("id").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8(output.stdout).ok()?.trim().parse().ok()
}

/// `it's` → `'it'\''s'`: one word for `sh`, whatever it contains.
fn shell_quote(word: &OsStr) -> String {
    let word = String::from_utf8_lossy(word.as_bytes());
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quoting() {
        let check = |word: &str, expected: &str| {
            assert_eq!(shell_quote(OsStr::new(word)), expected);
            let echoed = Command::new("sh")
                .args(["-c", &format!("printf %s {expected}")])
                .output()
                .unwrap();
            assert_eq!(String::from_utf8(echoed.stdout).unwrap(), word);
        };
        check("plain", "'plain'");
        check("it's", r"'it'\''s'");
        check("-p 5432 -k /tmp/a b", "'-p 5432 -k /tmp/a b'");
        check("$HOME `x` \"q\"", "'$HOME `x` \"q\"'");
    }

    /// As root, every switching program found really runs the program as the chosen user, with
    /// its arguments intact; as another user, programs run directly.
    #[test]
    fn every_way_of_switching_runs_as_the_user() {
        let me = RunAs::detect();
        let RunAs::User { name, uid, gid, .. } = &me else {
            let out = me
                .command(Path::new("/bin/sh"), ["-c", "id -u"])
                .output()
                .unwrap();
            let uid = String::from_utf8(out.stdout).unwrap();
            assert_eq!(uid.trim().parse::<u32>().ok(), effective_uid());
            return;
        };
        let vias = Via::available();
        assert!(!vias.is_empty());
        for via in vias {
            let run_as = RunAs::User {
                name: name.clone(),
                uid: *uid,
                gid: *gid,
                via: via.clone(),
            };
            let script = "printf '%s %s %s' \"$(id -u)\" \"$(id -g)\" \"$1\"";
            let out = run_as
                .command(Path::new("/bin/sh"), ["-c", script, "sh", "it's -o x"])
                .output()
                .unwrap();
            let printed = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                printed,
                format!("{uid} {gid} it's -o x"),
                "{via:?}: {stderr}"
            );
        }
    }
}
