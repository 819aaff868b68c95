//! The backend seam: one small SQL interface over the two engines the store runs on, SQLite (the
//! embedded default, one file) and PostgreSQL (the shared store of many workers, issue 12).
//!
//! The store's logic (the merge rule, the queries, the exports) is written once, against
//! [`Conn`]: statements take their parameters as [`Val`]s and give rows of [`Val`]s, so the same
//! code path writes and reads both engines and their results cannot drift apart. The SQL is
//! written in the dialect both engines share (`INSERT … ON CONFLICT DO NOTHING`, `CAST`,
//! `COALESCE`, numbered `?N` parameters, which are rewritten to PostgreSQL's `$N` here); the few
//! places where the dialects differ ask [`Conn::engine`] for their fragment.
//!
//! Why an enum and not a trait object: there are exactly two engines, both compiled in, and every
//! call site wants the same handful of operations; an enum keeps the dispatch in this one file and
//! the rest of the crate free of generics.
//!
//! PostgreSQL goes through the synchronous `postgres` crate (the rust-postgres project, the most
//! used and maintained PostgreSQL client in Rust; its blocking face matches the store, which is
//! synchronous and used from one thread at a time, as rusqlite is). Its statements are prepared
//! once per connection and cached by their SQL text, as rusqlite's `prepare_cached` does.

use std::cell::RefCell;
use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};

use crate::ErrorKind;

type R<T> = std::result::Result<T, ErrorKind>;

/// Which SQL engine a connection speaks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A parameter or a column value, in the four types the schema uses.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

/// One row of a result.
pub(crate) struct Row(Vec<Val>);

/// A connection to one of the two engines.
pub(crate) enum Conn {
    Sqlite(rusqlite::Connection),
    // Boxed: a PostgreSQL client is three times the size of a SQLite connection.
    Postgres(Box<RefCell<Pg>>),
}

/// A PostgreSQL client with its prepared statements, by SQL text.
pub(crate) struct Pg {
    pub client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

impl Pg {
    pub fn new(client: postgres::Client) -> Self {
        Pg {
            client,
            statements: HashMap::new(),
        }
    }

    fn statement(&mut self, sql: &str) -> R<postgres::Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(&dollar_params(sql))?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

impl Conn {
    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    fn pg(&self) -> R<std::cell::RefMut<'_, Pg>> {
        match self {
            Conn::Postgres(pg) => pg.try_borrow_mut().map_err(|_| ErrorKind::Busy),
            Conn::Sqlite(_) => unreachable!("pg() is only called on a PostgreSQL connection"),
        }
    }

    /// Runs statements without parameters or results (DDL, `BEGIN`, `COMMIT`).
    pub fn batch(&self, sql: &str) -> R<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(_) => Ok(self.pg()?.client.batch_execute(sql)?),
        }
    }

    /// Runs one statement; how many rows it changed.
    pub fn execute(&self, sql: &str, params: &[Val]) -> R<u64> {
        match self {
            Conn::Sqlite(c) => {
                let n = c
                    .prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(params))?;
                Ok(n as u64)
            }
            Conn::Postgres(_) => {
                let mut pg = self.pg()?;
                let st = pg.statement(sql)?;
                Ok(pg.client.execute(&st, &pg_params(params))?)
            }
        }
    }

    /// Every row of a query.
    pub fn query(&self, sql: &str, params: &[Val]) -> R<Vec<Row>> {
        let mut out = Vec::new();
        self.each(sql, params, |r| {
            out.push(r);
            Ok::<(), ErrorKind>(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if any.
    pub fn query_opt(&self, sql: &str, params: &[Val]) -> R<Option<Row>> {
        match self {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let mut rows = st.query(rusqlite::params_from_iter(params))?;
                rows.next()?.map(sqlite_row).transpose()
            }
            Conn::Postgres(_) => {
                let mut pg = self.pg()?;
                let st = pg.statement(sql)?;
                let rows = pg.client.query(&st, &pg_params(params))?;
                rows.first().map(pg_row).transpose()
            }
        }
    }

    /// The first row of a query, which must have one.
    pub fn query_one(&self, sql: &str, params: &[Val]) -> R<Row> {
        self.query_opt(sql, params)?.ok_or(ErrorKind::NoRow)
    }

    /// Calls `f` on each row as it is read, without collecting them (exports of any size).
    /// On PostgreSQL the connection is busy until the rows end: `f` must not use the store.
    pub fn each<E: From<ErrorKind>>(
        &self,
        sql: &str,
        params: &[Val],
        mut f: impl FnMut(Row) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        match self {
            Conn::Sqlite(c) => {
                let mut st = c.prepare_cached(sql).map_err(ErrorKind::from)?;
                let mut rows = st
                    .query(rusqlite::params_from_iter(params))
                    .map_err(ErrorKind::from)?;
                while let Some(r) = rows.next().map_err(ErrorKind::from)? {
                    f(sqlite_row(r)?)?;
                }
                Ok(())
            }
            Conn::Postgres(_) => {
                let mut pg = self.pg()?;
                let st = pg.statement(sql)?;
                let params = pg_params(params);
                let mut rows = pg
                    .client
                    .query_raw(&st, params.iter().copied())
                    .map_err(ErrorKind::from)?;
                while let Some(r) = rows.next().map_err(ErrorKind::from)? {
                    f(pg_row(&r)?)?;
                }
                Ok(())
            }
        }
    }
}

impl Row {
    /// Column `i` as a `T`.
    pub fn get<T: FromVal>(&self, i: usize) -> R<T> {
        let v = self.0.get(i).unwrap_or(&Val::Null);
        T::from_val(v).ok_or_else(|| ErrorKind::Corrupt {
            what: format!("column {i}"),
            detail: format!("{v:?} is not a {}", std::any::type_name::<T>()),
        })
    }
}

/// A Rust value read from a column.
pub(crate) trait FromVal: Sized {
    fn from_val(v: &Val) -> Option<Self>;
}

impl FromVal for String {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromVal for i64 {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl FromVal for u64 {
    fn from_val(v: &Val) -> Option<Self> {
        i64::from_val(v).and_then(|i| u64::try_from(i).ok())
    }
}

impl FromVal for u32 {
    fn from_val(v: &Val) -> Option<Self> {
        i64::from_val(v).and_then(|i| u32::try_from(i).ok())
    }
}

impl FromVal for u16 {
    fn from_val(v: &Val) -> Option<Self> {
        i64::from_val(v).and_then(|i| u16::try_from(i).ok())
    }
}

impl FromVal for u8 {
    fn from_val(v: &Val) -> Option<Self> {
        i64::from_val(v).and_then(|i| u8::try_from(i).ok())
    }
}

impl FromVal for bool {
    fn from_val(v: &Val) -> Option<Self> {
        i64::from_val(v).map(|i| i != 0)
    }
}

impl FromVal for f64 {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Real(f) => Some(*f),
            Val::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
}

impl<T: FromVal> FromVal for Option<T> {
    fn from_val(v: &Val) -> Option<Self> {
        match v {
            Val::Null => Some(None),
            v => T::from_val(v).map(Some),
        }
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Val::Text(s.to_string())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Text(s)
    }
}

impl From<&String> for Val {
    fn from(s: &String) -> Self {
        Val::Text(s.clone())
    }
}

impl From<i64> for Val {
    fn from(i: i64) -> Self {
        Val::Int(i)
    }
}

impl From<u32> for Val {
    fn from(i: u32) -> Self {
        Val::Int(i64::from(i))
    }
}

impl From<u16> for Val {
    fn from(i: u16) -> Self {
        Val::Int(i64::from(i))
    }
}

impl From<u8> for Val {
    fn from(i: u8) -> Self {
        Val::Int(i64::from(i))
    }
}

impl From<bool> for Val {
    fn from(b: bool) -> Self {
        Val::Int(i64::from(b))
    }
}

impl From<f64> for Val {
    fn from(f: f64) -> Self {
        Val::Real(f)
    }
}

impl From<f32> for Val {
    fn from(f: f32) -> Self {
        Val::Real(f64::from(f))
    }
}

impl<T: Into<Val>> From<Option<T>> for Val {
    fn from(v: Option<T>) -> Self {
        v.map_or(Val::Null, Into::into)
    }
}

impl<T: Clone + Into<Val>> From<&Option<T>> for Val {
    fn from(v: &Option<T>) -> Self {
        v.clone().map_or(Val::Null, Into::into)
    }
}

/// `vals![a, b, c]`: the parameters of a statement.
macro_rules! vals {
    ($($v:expr),* $(,)?) => { &[$($crate::db::Val::from($v)),*] as &[$crate::db::Val] };
}
pub(crate) use vals;

impl rusqlite::ToSql for Val {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Val::Null => ValueRef::Null,
            Val::Int(i) => ValueRef::Integer(*i),
            Val::Real(f) => ValueRef::Real(*f),
            Val::Text(s) => ValueRef::Text(s.as_bytes()),
        }))
    }
}

fn sqlite_row(r: &rusqlite::Row<'_>) -> R<Row> {
    use rusqlite::types::ValueRef;
    let n = r.as_ref().column_count();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(match r.get_ref(i)? {
            ValueRef::Null => Val::Null,
            ValueRef::Integer(i) => Val::Int(i),
            ValueRef::Real(f) => Val::Real(f),
            ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(_) => {
                return Err(ErrorKind::Corrupt {
                    what: format!("column {i}"),
                    detail: "a blob where text or a number was expected".into(),
                })
            }
        });
    }
    Ok(Row(out))
}

fn pg_row(r: &postgres::Row) -> R<Row> {
    let mut out = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        let v = if *ty == Type::VOID {
            None
        } else if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map(Val::Int)
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?.map(|v| Val::Int(v.into()))
        } else if *ty == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?.map(|v| Val::Int(v.into()))
        } else if *ty == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?.map(|v| Val::Int(v.into()))
        } else if *ty == Type::FLOAT8 {
            r.try_get::<_, Option<f64>>(i)?.map(Val::Real)
        } else if *ty == Type::FLOAT4 {
            r.try_get::<_, Option<f32>>(i)?.map(|v| Val::Real(v.into()))
        } else {
            r.try_get::<_, Option<String>>(i)?.map(Val::Text)
        };
        out.push(v.unwrap_or(Val::Null));
    }
    Ok(Row(out))
}

fn pg_params(params: &[Val]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl ToSql for Val {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Val::Null => Ok(IsNull::Yes),
            Val::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                _ => i.to_string().to_sql(ty, out),
            },
            Val::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::FLOAT8 => f.to_sql(ty, out),
                _ => f.to_string().to_sql(ty, out),
            },
            Val::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// SQLite's numbered parameters (`?1`) as PostgreSQL's (`$1`), outside quoted strings and names.
pub(crate) fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' => {
                out.push('$');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_parameters_become_dollars_outside_quotes() {
        assert_eq!(
            dollar_params("SELECT '?1', \"a?\" FROM t WHERE x = ?1 AND y LIKE ?12 ESCAPE '\\'"),
            "SELECT '?1', \"a?\" FROM t WHERE x = $1 AND y LIKE $12 ESCAPE '\\'"
        );
    }

    #[test]
    fn values_read_back_as_their_rust_types() {
        assert_eq!(Option::<u32>::from_val(&Val::Null), Some(None));
        assert_eq!(u32::from_val(&Val::Int(7)), Some(7));
        assert_eq!(u32::from_val(&Val::Int(-1)), None);
        assert_eq!(bool::from_val(&Val::Int(1)), Some(true));
        assert_eq!(f64::from_val(&Val::Int(2)), Some(2.0));
        assert_eq!(String::from_val(&Val::Int(2)), None);
    }
}
