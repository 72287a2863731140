import GRDB

/// The schema of a SQLite Marquee store and its migrations.
///
/// Every migration is registered once and never edited after release: a new schema version is a new migration.
enum SQLiteSchema {
    /// Written into the SQLite header (`PRAGMA application_id`) so a Marquee store can be told from any other database: "MRQE".
    static let applicationID: Int32 = 0x4D52_5145

    /// The migrator that brings a store up to date.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7") { db in
            try db.execute(sql: v7)
        }
        migrator.registerMigration("v8") { db in
            try db.execute(sql: v8)
        }
        migrator.registerMigration("v9") { db in
            try db.execute(sql: v9)
        }
        migrator.registerMigration("v10") { db in
            try db.execute(sql: v10)
        }
        migrator.registerMigration("v11") { db in
            try db.execute(sql: v11)
        }
        migrator.registerMigration("v12") { db in
            try db.execute(sql: v12)
        }
        migrator.registerMigration("v13") { db in
            try db.execute(sql: v13)
        }
        migrator.registerMigration("v14") { db in
            try db.execute(sql: v14)
        }
        migrator.registerMigration("v15") { db in
            try db.execute(sql: v15)
        }
        migrator.registerMigration("v16") { db in
            try db.execute(sql: v16)
        }
        migrator.registerMigration("v17") { db in
            try db.execute(sql: v17)
        }
        return migrator
    }

    /// Version 17: each lease's fencing token (see ``Lease/token``), which grows each time the lease passes to another
    /// holder; a released lease keeps its row (with an expiry before any time) so that its token only grows.
    static let v17 = """
        ALTER TABLE leases ADD COLUMN token INTEGER NOT NULL DEFAULT 0;
        """

    /// Version 16: the online rollup (see ``OnlineRollupStore``): the online metric's sums per closed period, model
    /// version and route, the views of everything watched per closed period, and how far they reach (one row).
    static let v16 = """
        CREATE TABLE online_outcomes (
            period_start INTEGER NOT NULL,
            model_version TEXT NOT NULL,
            route TEXT NOT NULL,
            answers INTEGER NOT NULL,
            followed INTEGER NOT NULL,
            rating_count INTEGER NOT NULL,
            rating_mean REAL NOT NULL,
            rating_squared_deviations REAL NOT NULL,
            watched_minutes INTEGER NOT NULL,
            costed_minutes INTEGER NOT NULL,
            views INTEGER NOT NULL,
            costed_views INTEGER NOT NULL,
            licence_cost REAL NOT NULL,
            PRIMARY KEY (period_start, model_version, route)
        ) WITHOUT ROWID;
        CREATE TABLE period_views (
            period_start INTEGER PRIMARY KEY,
            views INTEGER NOT NULL,
            costed_views INTEGER NOT NULL,
            licence_cost REAL NOT NULL
        );
        CREATE TABLE online_rollup (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            folded_before INTEGER NOT NULL,
            telemetry_from INTEGER,
            settings TEXT NOT NULL
        );
        """
    /// Version 15: settings every process using the store must agree on, by name (see ``SettingsStore``): the service
    /// configuration (`service`, JSON), recorded when the store is first configured; `set_at` is wall microseconds.
    static let v15 = """
        CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL, set_at INTEGER NOT NULL);
        """

    /// Version 14: the checkpoint of a file names the file its offset is in (device and inode, see `FileIdentity`), so
    /// that an ingest resuming after the log was rotated can tell the new file at the path from the one it was reading;
    /// `NULL` for other sources and for checkpoints stored before version 14.
    static let v14 = """
        ALTER TABLE checkpoints ADD COLUMN file_device INTEGER;
        ALTER TABLE checkpoints ADD COLUMN file_inode INTEGER;
        """

    /// Version 13: the users forgotten on request (`marquee forget`, see `ForgettingStore`), by id, with when (wall
    /// time, microseconds); every later write of events, quarantined lines, telemetry or user records consults it.
    static let v13 = """
        CREATE TABLE forgotten_users (id INTEGER PRIMARY KEY, forgotten_at INTEGER NOT NULL);
        """

    /// Version 12: leases, one row per lease while it is held (see ``Lease``): the leader of `marquee run`.
    static let v12 = """
        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        );
        """

    /// Version 11: telemetry by wall time, so that a window of it (the canary judge's, an experiment's) is read
    /// through an index rather than by scanning every answer ever given.
    static let v11 = """
        CREATE INDEX telemetry_by_time ON telemetry (wall_time);
        """

    /// Version 10: quarantined lines are stored cut to 4 KiB (`QuarantinedLine.maximumStoredBytes`) with their full
    /// length in bytes; `NULL` for lines quarantined before version 10, which were stored whole.
    static let v10 = """
        ALTER TABLE quarantine ADD COLUMN length INTEGER;
        """

    /// Version 9: the catalogue's gaps by index, not by reading every event.
    ///
    /// - `event_users` holds every user an event names (any kind), kept by each batch in its transaction and filled
    ///   here from the events stored before; the users without a record are its anti-join with `users`, on both
    ///   primary keys.
    /// - `movies_without_record` indexes the movies without a catalogue record, in slug order. Such a row exists only
    ///   because a stored watch or rate event named its slug (slugs are interned only then, in the batch's
    ///   transaction), so it is a movie gap.
    static let v9 = """
        CREATE TABLE event_users (id INTEGER PRIMARY KEY);
        INSERT INTO event_users (id) SELECT DISTINCT user FROM events;
        CREATE INDEX movies_without_record ON movies (slug) WHERE record IS NULL;
        """

    /// Version 8: the share of users of each canary stage change, so every replica following the registry serves a
    /// canary to the same users; `NULL` for the other stages (and for canary changes recorded before version 8).
    static let v8 = """
        ALTER TABLE stage_changes ADD COLUMN share REAL;
        """

    /// Version 7: the free-text answers of the newer user API ("What movies do you like / not like"), `NULL` when not given.
    static let v7 = """
        ALTER TABLE users ADD COLUMN likes TEXT;
        ALTER TABLE users ADD COLUMN dislikes TEXT;
        """

    /// Version 6: the ingest ledger, one row per stored batch (what it stored, skipped as duplicate, quarantined, how many
    /// of its events came late, and the event-time range it covered), and the batch of each quarantined line; so the data
    /// that arrived between two snapshots can be validated (batches before version 6 have no row).
    static let v6 = """
        CREATE TABLE batches (
            number INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            stored INTEGER NOT NULL,
            duplicates INTEGER NOT NULL,
            quarantined INTEGER NOT NULL,
            late INTEGER NOT NULL,
            first_time INTEGER,
            last_time INTEGER
        );
        ALTER TABLE quarantine ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX quarantine_by_batch ON quarantine (batch);
        """

    /// Version 5: every pipeline run, with its steps (a JSON array of text) and why it stopped, if it did; and each
    /// snapshot's source offsets (a JSON object `source#partition` → offset).
    static let v5 = """
        ALTER TABLE snapshots ADD COLUMN source_offsets TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE pipeline_runs (
            id INTEGER PRIMARY KEY,
            started_at INTEGER NOT NULL,
            event_time INTEGER,
            trigger TEXT NOT NULL,
            snapshot_id TEXT,
            chosen TEXT,
            failure TEXT,
            steps TEXT NOT NULL
        );
        """

    /// Version 4: A/B experiments; at most one runs (`stopped_at IS NULL`) at a time.
    static let v4 = """
        CREATE TABLE experiments (
            name TEXT PRIMARY KEY,
            control TEXT NOT NULL REFERENCES model_versions(version),
            treatment TEXT NOT NULL REFERENCES model_versions(version),
            share REAL NOT NULL,
            planned_per_arm INTEGER NOT NULL,
            started_at INTEGER NOT NULL,
            since_event_time INTEGER NOT NULL,
            stopped_at INTEGER
        );
        """

    /// Version 3: the model registry and training snapshots.
    ///
    /// - `events.batch` numbers the ingest batch that stored each event (0 for events stored before version 3), so a
    ///   snapshot's definition (latest event time, last batch) selects the same events forever.
    /// - `model_versions` holds each version's provenance; `hyperparameters` and `offline_metrics` are JSON objects.
    /// - `stage_changes` is each version's stage history.
    static let v3 = """
        ALTER TABLE events ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE snapshots (
            id TEXT PRIMARY KEY,
            created_at INTEGER NOT NULL,
            event_time_to INTEGER NOT NULL,
            through_batch INTEGER NOT NULL,
            event_time_from INTEGER,
            event_time_last INTEGER,
            rows INTEGER NOT NULL,
            content_hash TEXT NOT NULL
        );
        CREATE TABLE model_versions (
            version TEXT PRIMARY KEY,
            created_at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            hyperparameters TEXT NOT NULL,
            seed TEXT,
            code_version TEXT NOT NULL,
            code_dirty INTEGER NOT NULL,
            marquee_version TEXT NOT NULL,
            snapshot_id TEXT NOT NULL REFERENCES snapshots(id),
            artifact_path TEXT NOT NULL,
            artifact_sha256 TEXT NOT NULL,
            offline_metrics TEXT NOT NULL,
            trigger TEXT NOT NULL
        );
        CREATE TABLE stage_changes (
            id INTEGER PRIMARY KEY,
            version TEXT NOT NULL REFERENCES model_versions(version),
            stage TEXT NOT NULL,
            at INTEGER NOT NULL,
            event_time INTEGER,
            reason TEXT NOT NULL
        );
        CREATE INDEX stage_changes_by_version ON stage_changes (version, id);
        """

    /// Version 2: the recommendation server's telemetry, one row per answer (wall time, not event time).
    static let v2 = """
        CREATE TABLE telemetry (
            id INTEGER PRIMARY KEY,
            wall_time INTEGER NOT NULL,
            user INTEGER NOT NULL,
            items TEXT NOT NULL,
            model_version TEXT NOT NULL,
            route TEXT NOT NULL,
            latency_us INTEGER NOT NULL,
            fallback INTEGER NOT NULL
        );
        CREATE INDEX telemetry_by_user ON telemetry(user, wall_time);
        """

    /// Version 1.
    ///
    /// - `movies` interns every slug seen in an event (`record IS NULL`) and holds catalogue records (`record` set);
    ///   events and interactions refer to movies by `key`, an integer, to keep rows and indexes small.
    /// - `events` is the deduplicated event log. Its primary key is the whole event, time first, so identical events are
    ///   skipped by `INSERT OR IGNORE` and appends of a mostly time-ordered log touch the end of the b-tree.
    ///   `movie` is 0 and `payload` empty when the kind has none (never NULL: NULLs are distinct in keys).
    ///   `value` is the minute of a watch or the rating of a rate; `payload` is the request part of a recommendation line.
    /// - `interactions` and `recommendations` are derived from newly stored events in the same transaction.
    ///   A recommendation's `items` are its movie slugs joined by commas; `error` holds the error text of a failed call.
    static let v1 = """
        CREATE TABLE movies (
            key INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            title TEXT,
            genres TEXT,
            runtime INTEGER,
            popularity REAL,
            release_date TEXT,
            vote_average REAL,
            vote_count INTEGER,
            budget REAL,
            cost REAL,
            record TEXT
        );
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            age INTEGER,
            occupation TEXT,
            gender TEXT
        );
        CREATE TABLE events (
            time INTEGER NOT NULL,
            user INTEGER NOT NULL,
            kind INTEGER NOT NULL,
            movie INTEGER NOT NULL DEFAULT 0,
            value INTEGER NOT NULL DEFAULT 0,
            payload TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (time, user, kind, movie, value, payload)
        ) WITHOUT ROWID;
        CREATE TABLE interactions (
            user INTEGER NOT NULL,
            movie INTEGER NOT NULL,
            minutes_watched INTEGER NOT NULL,
            latest_rating INTEGER,
            latest_rating_time INTEGER,
            last_time INTEGER NOT NULL,
            PRIMARY KEY (user, movie)
        ) WITHOUT ROWID;
        CREATE TABLE recommendations (
            id INTEGER PRIMARY KEY,
            time INTEGER NOT NULL,
            user INTEGER NOT NULL,
            server TEXT NOT NULL,
            status INTEGER NOT NULL,
            items TEXT NOT NULL,
            error TEXT,
            latency_ms INTEGER NOT NULL
        );
        CREATE INDEX recommendations_by_time ON recommendations (time);
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE checkpoints (
            source TEXT NOT NULL,
            partition INTEGER NOT NULL,
            offset INTEGER NOT NULL,
            PRIMARY KEY (source, partition)
        ) WITHOUT ROWID;
        CREATE TABLE quarantine (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            offset INTEGER NOT NULL,
            line TEXT NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            UNIQUE (source, offset, line)
        );
        CREATE INDEX quarantine_by_reason ON quarantine (reason);
        """
}
