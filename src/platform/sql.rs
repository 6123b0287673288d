//! The database as the stores see it: one pool type for both engines (sqlx's `Any`
//! driver), which engine is behind it, and SQL with numbered parameters built piece by
//! piece. Stores write SQL both engines run; where one needs its own, they ask
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

    /// Appends `(id, id, …)`, for an `IN` list.
    pub fn id_list(&mut self, ids: &[i64]) -> &mut Self {
        self.values([()], |row, ()| {
            for id in ids {
                row.bind(*id);
            }
        })
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

    /// The row's next value, written as SQL (a constant or an expression).
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.sep();
        self.sql.push(text);
        self
    }

    fn sep(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.sql.push(", ");
        }
    }
}
