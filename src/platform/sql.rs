//! The database as the stores see it: one pool type for both engines (sqlx's `Any`
//! driver), which engine is behind it, and SQL built piece by piece, with lists of any
//! length sent as one parameter. Stores write SQL both engines run; where one needs its own, they ask
//! [`Engine::of`].

/// The database type the stores are written against (one of the two engines at run time).
pub type Db = sqlx::Any;
/// A pool of connections to the app's database.
pub type DbPool = sqlx::AnyPool;
/// One connection (or a transaction's) to the app's database.
pub type DbConn = sqlx::AnyConnection;

/// Which database engine a URL, pool or connection is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine `url` names (`sqlite:…`, `postgres://…` or `postgresql://…`).
    pub fn of_url(url: &str) -> Option<Engine> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Some(Engine::Sqlite),
            "postgres" | "postgresql" => Some(Engine::Postgres),
            _ => None,
        }
    }

    /// The engine of `pool`.
    pub fn of(pool: &DbPool) -> Engine {
        match pool.connect_options().database_url.scheme() {
            "sqlite" => Engine::Sqlite,
            _ => Engine::Postgres,
        }
    }

    /// The engine of a connection (or a transaction's).
    pub fn of_conn(conn: &DbConn) -> Engine {
        if conn.backend_name() == "SQLite" {
            Engine::Sqlite
        } else {
            Engine::Postgres
        }
    }
}

/// SQL built piece by piece: the multi-row `VALUES` and `IN` lists whose length is only
/// known at run time. Its parameters are numbered (`$1`, `$2`, …) on PostgreSQL and
/// anonymous (`?`) on SQLite, which finds a numbered parameter's slot by a scan of all
/// the names: a 6,000-value insert binding by number cost 8 times its own time.
pub struct Sql<'q> {
    text: String,
    args: sqlx::any::AnyArguments<'q>,
    count: usize,
    engine: Engine,
}

impl<'q> Sql<'q> {
    /// SQL for `engine` starting with `text` (which binds nothing itself).
    pub fn new(engine: Engine, text: impl Into<String>) -> Sql<'q> {
        Sql {
            text: text.into(),
            args: Default::default(),
            count: 0,
            engine,
        }
    }

    /// Appends SQL text.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends the next parameter's placeholder, bound to `value`.
    pub fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + sqlx::Encode<'q, Db> + sqlx::Type<Db>,
    {
        use sqlx::Arguments;
        use std::fmt::Write;
        self.count += 1;
        match self.engine {
            Engine::Sqlite => self.text.push('?'),
            Engine::Postgres => {
                let _ = write!(self.text, "${}", self.count);
            }
        }
        // An encoding error surfaces when the query runs.
        let _ = self.args.add(value);
        self
    }

    /// Appends `(…), (…)`: one parenthesised row per item, written by `row`.
    pub fn values<I>(
        &mut self,
        items: I,
        mut row: impl FnMut(&mut Row<'_, 'q>, I::Item),
    ) -> &mut Self
    where
        I: IntoIterator,
    {
        for (i, item) in items.into_iter().enumerate() {
            self.push(if i == 0 { "(" } else { ", (" });
            let mut r = Row {
                sql: self,
                first: true,
            };
            row(&mut r, item);
            self.push(")");
        }
        self
    }

    /// Appends ` IN (…)` over `ids` (after the column it tests), sent as one parameter
    /// however many there are: an array on PostgreSQL, a JSON array on SQLite.
    pub fn is_in(&mut self, ids: &[i64]) -> &mut Self {
        match self.engine {
            Engine::Sqlite => self
                .push(" IN (SELECT value FROM json_each(")
                .bind(json_ids(ids))
                .push("))"),
            Engine::Postgres => self
                .push(" = ANY(CAST(")
                .bind(pg_array(ids.iter().copied()))
                .push(" AS BIGINT[]))"),
        }
    }

    /// Appends a table of integer rows for a `FROM` or `JOIN`: `rows` as the table
    /// `name (columns…)`. It is sent as one parameter per column on PostgreSQL (arrays
    /// zipped by `unnest`) and as one JSON parameter on SQLite, never a parameter per
    /// value: a fan-out's thousands of rows are one statement, not thousands of binds.
    pub fn int_rows<const N: usize>(
        &mut self,
        name: &str,
        columns: [&str; N],
        rows: &[[i64; N]],
    ) -> &mut Self {
        match self.engine {
            Engine::Sqlite => {
                self.push("(SELECT ");
                for (i, column) in columns.iter().enumerate() {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.push(&format!("value ->> {i} AS {column}"));
                }
                self.push(" FROM json_each(")
                    .bind(json_rows(rows))
                    .push(&format!(")) AS {name}"));
            }
            Engine::Postgres => {
                self.push("unnest(");
                for i in 0..N {
                    if i > 0 {
                        self.push(", ");
                    }
                    self.push("CAST(")
                        .bind(pg_array(rows.iter().map(|row| row[i])))
                        .push(" AS BIGINT[])");
                }
                self.push(&format!(") AS {name} ({})", columns.join(", ")));
            }
        }
        self
    }

    /// The query, ready to run.
    pub fn query(&'q mut self) -> sqlx::query::Query<'q, Db, sqlx::any::AnyArguments<'q>> {
        sqlx::query_with(&self.text, std::mem::take(&mut self.args))
    }

    /// The query, for rows of `T`.
    pub fn query_as<T>(&'q mut self) -> sqlx::query::QueryAs<'q, Db, T, sqlx::any::AnyArguments<'q>>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_as_with(&self.text, std::mem::take(&mut self.args))
    }

    /// The query, for one column of `T`.
    pub fn query_scalar<T>(
        &'q mut self,
    ) -> sqlx::query::QueryScalar<'q, Db, T, sqlx::any::AnyArguments<'q>>
    where
        (T,): for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        sqlx::query_scalar_with(&self.text, std::mem::take(&mut self.args))
    }
}

/// `[1,2,3]`.
fn json_ids(ids: &[i64]) -> String {
    let mut out = String::with_capacity(ids.len() * 8 + 2);
    out.push('[');
    push_list(&mut out, ids.iter().copied());
    out.push(']');
    out
}

/// `[[1,2],[3,4]]`.
fn json_rows<const N: usize>(rows: &[[i64; N]]) -> String {
    let mut out = String::with_capacity(rows.len() * (N * 8 + 3) + 2);
    out.push('[');
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('[');
        push_list(&mut out, row.iter().copied());
        out.push(']');
    }
    out.push(']');
    out
}

/// `{1,2,3}`, PostgreSQL's text form of an array.
fn pg_array(values: impl Iterator<Item = i64>) -> String {
    let mut out = String::from("{");
    push_list(&mut out, values);
    out.push('}');
    out
}

fn push_list(out: &mut String, values: impl Iterator<Item = i64>) {
    use std::fmt::Write;
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{v}");
    }
}

/// One row of [`Sql::values`]: its values, comma-separated.
pub struct Row<'a, 'q> {
    sql: &'a mut Sql<'q>,
    first: bool,
}

impl<'q> Row<'_, 'q> {
    /// The row's next value, bound.
    pub fn bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + sqlx::Encode<'q, Db> + sqlx::Type<Db>,
    {
        self.sep();
        self.sql.bind(value);
        self
    }

    fn sep(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.sql.push(", ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::platform::testdb::db_test! {
        /// Lists sent as one parameter come back exactly: empty, extreme values, order.
        async fn lists_and_tables_round_trip(pool: DbPool) {
            let engine = Engine::of(&pool);
            let ids = [i64::MIN, -1, 0, 7, i64::MAX];
            for wanted in [&ids[..], &[][..], &ids[3..4]] {
                let mut q = Sql::new(engine, "SELECT n FROM (SELECT CAST(7 AS BIGINT) AS n UNION ALL SELECT CAST(8 AS BIGINT)) AS t WHERE n");
                q.is_in(wanted).push(" ORDER BY n");
                let got: Vec<i64> = q.query_scalar().fetch_all(&pool).await.unwrap();
                assert_eq!(got, if wanted.contains(&7) { vec![7] } else { vec![] });
            }
            let rows: Vec<[i64; 3]> = (0..2_000).map(|i| [i, ids[i as usize % 5], -i]).collect();
            for wanted in [&rows[..], &[][..]] {
                let mut q = Sql::new(engine, "SELECT r.a, r.b, r.c FROM ");
                q.int_rows("r", ["a", "b", "c"], wanted).push(" ORDER BY r.a");
                let got: Vec<(i64, i64, i64)> = q.query_as().fetch_all(&pool).await.unwrap();
                let got: Vec<[i64; 3]> = got.into_iter().map(|(a, b, c)| [a, b, c]).collect();
                assert_eq!(got, wanted);
            }
        }
    }
}
