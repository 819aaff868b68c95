//! Store access from async handlers: a small pool of read-only SQLite connections, each used by
//! one blocking task at a time.
//!
//! A `rusqlite` connection is `Send` but not `Sync`, and its queries block, so a handler takes a
//! permit, borrows one connection and runs its query on tokio's blocking pool. The alternative,
//! one `Mutex<Store>`, serialises every request; a pool as large as the number of cores lets
//! SQLite's readers run in parallel (the database is in WAL mode or read-only, so they do not block
//! each other).
//!
//! Every connection is [`Store::open_read_only`]: the server never migrates or sets up a database
//! (a database an older Marsad wrote is refused with the command that upgrades it), so it serves a
//! database in a folder it cannot write (issue 13).

use std::path::Path;
use std::sync::{Arc, Mutex};

use marsad_store::Store;
use tokio::sync::Semaphore;

use crate::Error;

/// A fixed set of store connections shared by the handlers.
pub struct StorePool {
    stores: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
}

/// Why a pooled query failed: the store said no, or the blocking task died.
#[derive(Debug)]
pub enum PoolError {
    Store(marsad_store::Error),
    Task(String),
}

impl std::fmt::Display for PoolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PoolError::Store(e) => write!(f, "{e}"),
            PoolError::Task(e) => write!(f, "query task failed: {e}"),
        }
    }
}

impl StorePool {
    /// Opens `size` read-only connections to the database at `path` (at least one).
    pub fn open_read_only(path: &Path, size: usize) -> Result<Self, Error> {
        let size = size.max(1);
        // `Store::open` would create a missing file; a server must not.
        if !marsad_store::is_postgres(path) && !path.is_file() {
            return Err(Error::NoDatabase(path.to_path_buf()));
        }
        let mut stores = Vec::with_capacity(size);
        for _ in 0..size {
            stores.push(Store::open_read_only(path).map_err(|source| Error::Store {
                path: path.to_path_buf(),
                source,
            })?);
        }
        Ok(StorePool {
            stores: Mutex::new(stores),
            permits: Arc::new(Semaphore::new(size)),
        })
    }

    /// Runs `f` with one connection on the blocking pool, waiting for a free connection first.
    pub async fn run<T, F>(&self, f: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, marsad_store::Error> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| PoolError::Task(e.to_string()))?;
        // A permit guarantees a connection is free; the lock is held only to pop and push.
        let store = self
            .stores
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop()
            .ok_or_else(|| PoolError::Task("no free connection".into()))?;
        match tokio::task::spawn_blocking(move || {
            let result = f(&store);
            (store, result)
        })
        .await
        {
            Ok((store, result)) => {
                self.stores
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(store);
                drop(permit);
                result.map_err(PoolError::Store)
            }
            Err(e) => {
                // The connection died with its task: retire its permit so the two stay in step.
                permit.forget();
                Err(PoolError::Task(e.to_string()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_store::EventQuery;

    #[tokio::test]
    async fn read_only_pool_rejects_writes_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        assert!(matches!(
            StorePool::open_read_only(&path, 2),
            Err(Error::NoDatabase(_))
        ));
        drop(Store::open(&path).unwrap());
        let pool = StorePool::open_read_only(&path, 2).unwrap();
        let stats = pool.run(|s| s.stats()).await.unwrap();
        assert_eq!(stats.events, 0);
        // Several queries at once share the two connections.
        let pool = Arc::new(pool);
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(
                    async move { pool.run(|s| s.count_events(&EventQuery::default())).await },
                )
            })
            .collect();
        for h in handles {
            assert_eq!(h.await.unwrap().unwrap(), 0);
        }
        // The pool's kind of connection refuses writes.
        let mut ro = Store::open_read_only(&path).unwrap();
        let article = marsad_store::Article {
            id: "a".into(),
            url: None,
            title: None,
            source: None,
            language: "en".into(),
            published: None,
            fetched: "2026-02-01T00:00:00Z".into(),
            content_hash: "h".into(),
            duplicate_of: None,
            copies: 0,
            origin: "test".into(),
            published_at: None,
        };
        let err = ro.add_article(&article, "text", &[]).unwrap_err();
        assert!(err.to_string().contains("readonly"), "{err}");
    }
}
